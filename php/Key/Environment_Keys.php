<?php
/**
 * Keys prepared for the other environment types (production, staging, development, local).
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Storage\Key_Cipher;
use WP_Error;

/**
 * Lets an administrator prepare a separate key for each environment type, so that when the
 * database is copied to a staging, development or local site, that site uses its own key instead
 * of the production one: WordPress and every plugin reading the core option get it.
 *
 * Stored in one option, not autoloaded, each key encrypted with the environment type as
 * authenticated data (a key cannot be moved to another slot); never the plaintext.
 *
 * @since 0.3.0
 */
final class Environment_Keys {

	const OPTION = 'key_guard_environment_keys';

	/** The values wp_get_environment_type() can return. */
	const TYPES = Environment_Type::TYPES;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Memo of opened keys by slot and ciphertext, so repeated option reads decrypt once.
	 *
	 * @var array<string, array{plaintext: string, key_index: int}|null>
	 */
	private $opened = array();

	/**
	 * Sites (by ID) whose prepared keys are scheduled for re-encryption at shutdown.
	 *
	 * @var array<int, true>
	 */
	private $rewrap_scheduled = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Audit_Log $audit The events log.
	 */
	public function __construct( Audit_Log $audit ) {
		$this->audit = $audit;
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
		$entry = $this->entries()[ $type ] ?? null;
		if ( ! $entry ) {
			return '';
		}
		$opened = $this->open( $type, $entry['key'] );
		return $opened ? $opened['plaintext'] : '';
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
	 * @return array{notices: array}|WP_Error What normalisation removed, plus shape warnings.
	 */
	public function save( $type, $raw, $user_id, $openai_own ) {
		$refusal = Environment_Type::refusal( $type, 'save' );
		if ( ! $refusal ) {
			$normalised = Key_Shape::normalise( $raw );
			$key        = $normalised['key'];
			$refusal    = Key_Shape::refusal( $key, $openai_own ) ?? $this->refuse_same_key( $key, $type );
		}
		if ( $refusal ) {
			$slot = in_array( $type, self::TYPES, true ) ? $type : 'unknown';
			$this->audit->record( 'refused_save', $slot . '_' . $refusal->get_error_code() );
			return $refusal;
		}
		$entries          = $this->entries();
		$entries[ $type ] = array(
			'key'      => $this->cipher( $type )->encrypt( $key ),
			'saved_at' => time(),
			'saved_by' => (int) $user_id,
			'site'     => home_url(),
		);
		update_option( self::OPTION, $entries, false );
		$this->audit->record( 'saved', $type . '_' . Key_Shape::kind( $key ) );
		$notices = array_merge( Key_Shape::removal_messages( $normalised['removed'] ), Key_Shape::warnings( $key, $openai_own ) );
		if ( ! Key_Cipher::uses_constant() ) {
			$notices[] = array(
				'code'    => 'needs_shared_secret',
				'message' => __( 'KEY_GUARD_ENCRYPTION_KEY is not defined, so this key is encrypted with this site\'s salts: a copy can read it only if it keeps them. Define the same KEY_GUARD_ENCRYPTION_KEY in every environment\'s wp-config.php to be sure.', 'key-guard-for-openai' ),
			);
		}
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
		$entries = $this->entries();
		if ( ! isset( $entries[ $type ] ) ) {
			return new WP_Error( 'key_guard_no_environment_key', __( 'No key is saved for that environment.', 'key-guard-for-openai' ), array( 'status' => 404 ) );
		}
		$this->forget( $type );
		$this->audit->record( 'removed', $type );
		return true;
	}

	/**
	 * Drops the key for an environment type without checks: the site's own key replaces it.
	 *
	 * @since 0.3.0
	 *
	 * @param string $type Environment type.
	 */
	public function forget( $type ) {
		$entries = $this->entries();
		if ( ! isset( $entries[ $type ] ) ) {
			return;
		}
		unset( $entries[ $type ] );
		if ( $entries ) {
			update_option( self::OPTION, $entries, false );
		} else {
			delete_option( self::OPTION );
		}
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
		$entries = $this->entries();
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
	 * Re-encrypts every readable entry with the current encryption key (after a rotation).
	 *
	 * @since 0.3.0
	 */
	public function rewrap() {
		$entries = $this->entries();
		$changed = false;
		foreach ( $entries as $type => $entry ) {
			$opened = $this->open( $type, $entry['key'] );
			if ( $opened && $opened['key_index'] > 0 ) {
				$entries[ $type ]['key'] = $this->cipher( $type )->encrypt( $opened['plaintext'] );
				$changed                 = true;
			}
		}
		if ( $changed ) {
			update_option( self::OPTION, $entries, false );
		}
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

	/**
	 * Stored entries, each with every field, dropping malformed ones.
	 *
	 * @return array<string, array{key: string, saved_at: int, saved_by: int, site: string}>
	 */
	private function entries() {
		$stored = get_option( self::OPTION, array() );
		$out    = array();
		foreach ( is_array( $stored ) ? $stored : array() as $type => $entry ) {
			if ( in_array( $type, self::TYPES, true ) && is_array( $entry ) && Key_Cipher::is_ciphertext( $entry['key'] ?? null ) ) {
				$out[ $type ] = array(
					'key'      => $entry['key'],
					'saved_at' => (int) ( $entry['saved_at'] ?? 0 ),
					'saved_by' => (int) ( $entry['saved_by'] ?? 0 ),
					'site'     => is_string( $entry['site'] ?? null ) ? $entry['site'] : '',
				);
			}
		}
		return $out;
	}

	/**
	 * Decrypts an entry's ciphertext once per request.
	 *
	 * @param string $type       Environment type (the authenticated data).
	 * @param string $ciphertext Stored ciphertext.
	 * @return array{plaintext: string, key_index: int}|null
	 */
	private function open( $type, $ciphertext ) {
		if ( ! function_exists( 'wp_salt' ) ) {
			return null; // Read before pluggable functions exist: the salts are not known yet.
		}
		$memo = $type . '|' . $ciphertext;
		if ( ! array_key_exists( $memo, $this->opened ) ) {
			$this->opened[ $memo ] = $this->cipher( $type )->decrypt( $ciphertext );
		}
		// Checked on every read: a cloned site may hold the very same ciphertext.
		if ( $this->opened[ $memo ] && $this->opened[ $memo ]['key_index'] > 0 && ! isset( $this->rewrap_scheduled[ get_current_blog_id() ] ) ) {
			$this->rewrap_scheduled[ get_current_blog_id() ] = true;
			Sites::at_shutdown_on_this_site( array( $this, 'rewrap' ) );
		}
		return $this->opened[ $memo ];
	}

	/**
	 * The cipher for one environment type's slot.
	 *
	 * @param string $type Environment type.
	 * @return Key_Cipher
	 */
	private function cipher( $type ) {
		return Key_Cipher::for_site( self::OPTION . '|' . $type );
	}
}
