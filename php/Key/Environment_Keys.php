<?php
/**
 * Keys prepared for the other environment types (production, staging, development, local).
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use WP_Error;

/**
 * Lets an administrator prepare a separate key for each environment type, so that when the
 * database is copied to a staging, development or local site, that site uses its own key instead
 * of the production one: WordPress and every plugin reading the core option get it.
 *
 * Stored in one option, not autoloaded, each key encrypted with the environment type as
 * authenticated data (a key cannot be moved to another slot); never the plaintext: Environment_Slots.
 *
 * @since 0.3.0
 */
final class Environment_Keys {

	const OPTION = Environment_Slots::OPTION;

	/** The values wp_get_environment_type() can return. */
	const TYPES = Environment_Type::TYPES;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * The stored entries: sealed, opened and changed in turn with other requests.
	 *
	 * @var Environment_Slots
	 */
	private $slots;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Audit_Log         $audit The events log.
	 * @param Environment_Slots $slots The stored entries.
	 */
	public function __construct( Audit_Log $audit, Environment_Slots $slots ) {
		$this->audit = $audit;
		$this->slots = $slots;
	}

	/**
	 * The plaintext key prepared for an environment type; '' when none or unreadable.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type Environment type.
	 * @return string
	 */
	public function key( $type ) {
		$entry = $this->slots->entries()[ $type ] ?? null;
		if ( ! $entry ) {
			return '';
		}
		$opened = $this->slots->open( $type, $entry['key'] );
		return $opened ? $opened['plaintext'] : '';
	}

	/**
	 * Re-encrypts the prepared keys that opened only with an older encryption key or format; a
	 * write, so it runs on admin page loads, never from a read of the key.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function rewrap_stale() {
		foreach ( $this->slots->entries() as $type => $entry ) {
			$opened = $this->slots->open( $type, $entry['key'] );
			if ( $opened && $opened['key_index'] > 0 ) {
				$this->slots->rewrap();
				return;
			}
		}
	}

	/**
	 * Prepares (or replaces) the key for another environment type.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type       Environment type, not this site's.
	 * @param string $raw        What the admin pasted.
	 * @param int    $user_id    Who saves it.
	 * @param bool   $openai_own Whether keys go to OpenAI's own API (Endpoint::is_openai_own()), which takes only OpenAI keys.
	 * @return array{notices: array<int, array{code: string, message: string}>}|WP_Error What normalisation removed, plus shape warnings.
	 */
	public function save( $type, $raw, $user_id, $openai_own ) {
		$refusal = Environment_Type::refusal( $type, 'save' );
		if ( ! $refusal ) {
			$normalised = Key_Shape::normalise( $raw );
			$key        = $normalised['key'];
			$refusal    = Key_Shape::refusal( $key, $openai_own ) ?? $this->put( $type, $key, $user_id );
		}
		if ( $refusal ) {
			$slot = in_array( $type, self::TYPES, true ) ? $type : 'unknown';
			$this->audit->record( 'refused_save', $slot . '_' . $refusal->get_error_code() );
			return $refusal;
		}
		$this->audit->record( 'saved', $type . '_' . Key_Shape::kind( $key ) );
		// Whether a copy can read it (KEY_GUARD_ENCRYPTION_KEY) is said once, by the status (shared_secret).
		$notices = array_merge( Key_Shape::removal_messages( $normalised['removed'] ), Key_Shape::warnings( $key, $openai_own ) );
		return array( 'notices' => $notices );
	}

	/**
	 * Removes the key prepared for another environment type.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type Environment type, not this site's.
	 * @return true|WP_Error
	 */
	public function delete( $type ) {
		$refusal = Environment_Type::refusal( $type, 'delete' );
		if ( $refusal ) {
			return $refusal;
		}
		if ( ! $this->forget( $type ) ) {
			return new WP_Error( 'key_guard_no_environment_key', __( 'No key is saved for that environment.', 'key-guard-for-openai' ), array( 'status' => 404 ) );
		}
		$this->audit->record( 'removed', $type );
		return true;
	}

	/**
	 * Drops the key for an environment type without checks: the site's own key replaces it.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type Environment type.
	 * @return bool Whether there was one.
	 */
	public function forget( $type ) {
		return $this->slots->change(
			static function ( array $entries ) use ( $type ) {
				if ( ! isset( $entries[ $type ] ) ) {
					return null;
				}
				unset( $entries[ $type ] );
				return $entries;
			}
		);
	}

	/**
	 * Whether this site runs on a key prepared for its environment type.
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public function in_use() {
		return '' !== $this->key( wp_get_environment_type() );
	}

	/**
	 * Describes every environment type's key for the screen: facts, never the key.
	 *
	 * @since 0.3.0
	 *
	 * @return array<int, array{environment: string, current: bool, configured: bool, readable: bool, masked: string, saved_at: string|null, saved_by: int|null, saved_by_name: string|null, site: string|null}>
	 */
	public function describe() {
		$entries = $this->slots->entries();
		$out     = array();
		foreach ( self::TYPES as $type ) {
			$entry = $entries[ $type ] ?? null;
			$key   = $entry ? $this->key( $type ) : '';
			$out[] = array(
				'environment'   => $type,
				'current'       => wp_get_environment_type() === $type,
				'configured'    => null !== $entry,
				'readable'      => '' !== $key,
				'masked'        => Key_Shape::mask( $key ),
				'saved_at'      => $entry && $entry['saved_at'] ? gmdate( 'c', $entry['saved_at'] ) : null,
				'saved_by'      => $entry && $entry['saved_by'] ? $entry['saved_by'] : null,
				'saved_by_name' => $entry ? Audit_Log::user_name( $entry['saved_by'] ) : null,
				'site'          => $entry && '' !== $entry['site'] ? $entry['site'] : null,
			);
		}
		return $out;
	}

	/**
	 * Stores a key for a slot unless this site or another slot uses it: checked and written under
	 * the lock, so two parallel saves cannot both pass the check.
	 *
	 * @param string $type    Environment type.
	 * @param string $key     The normalised key.
	 * @param int    $user_id Who saves it.
	 * @return WP_Error|null The refusal, or null once stored.
	 */
	private function put( $type, $key, $user_id ) {
		$put = $this->slots->change(
			function ( array $entries ) use ( $type, $key, $user_id ) {
				$entries[ $type ] = array(
					'key'      => $this->slots->seal( $type, $key ),
					'saved_at' => time(),
					'saved_by' => (int) $user_id,
					'site'     => home_url(),
				);
				return $this->refuse_same_key( $key, $type ) ?? $entries;
			}
		);
		return is_wp_error( $put ) ? $put : null;
	}

	/**
	 * Refuses the key this site uses (or any slot's) as another environment's key: the copy would
	 * then spend it without any hold.
	 *
	 * @param string $key  The key.
	 * @param string $type The slot it is for (replacing its own key with itself is fine).
	 * @return WP_Error|null
	 */
	private function refuse_same_key( $key, $type ) {
		$stored = get_option( Key_Store::OPTION, '' );
		$others = array_map( array( $this, 'key' ), array_diff( self::TYPES, array( $type ) ) );
		if ( $key !== $stored && ! in_array( $key, $others, true ) ) {
			return null;
		}
		return new WP_Error(
			'key_guard_same_key',
			__( 'This key is already used by this site or saved for another environment. Create a separate key for each environment on the OpenAI dashboard, so a copy of the site never spends the production key.', 'key-guard-for-openai' ),
			array( 'status' => 409 )
		);
	}
}
