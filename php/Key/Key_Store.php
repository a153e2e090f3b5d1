<?php
/**
 * The one place that resolves, saves and describes the OpenAI key.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Connection\Connection_Tester;
use Key_Guard\Plugin;
use Key_Guard\Storage\Option_Guard;
use WP_Error;

/**
 * Resolves the key exactly as WordPress core does (env → constant → option) and owns our metadata.
 *
 * @since 0.1.0
 */
final class Key_Store {

	/** The option WordPress 7 core and the AI Provider for OpenAI plugin read. */
	const OPTION = 'connectors_ai_openai_api_key';

	/** Our metadata: saved_at, saved_by, fingerprint, last_test. Never the key. */
	const META_OPTION = 'key_guard_key_meta';

	const ENV_NAME = 'OPENAI_API_KEY';

	/**
	 * The guard on the option row (encryption at rest).
	 *
	 * @var Option_Guard
	 */
	private $guard;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Keys prepared for other environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * While true, hold() lets a held key through, for the store's own checks. Static because the
	 * hooked instance may be another one.
	 *
	 * @var bool
	 */
	private static $bypass_hold = false;

	/**
	 * Who is saving through save(), while it writes (else the current user is recorded).
	 *
	 * @var int|null
	 */
	private static $saving_user = null;

	/**
	 * While true, delete() is removing the row and records the removal itself.
	 *
	 * @var bool
	 */
	private static $removing = false;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Guard|null     $guard        The guard; a new one when omitted.
	 * @param Audit_Log|null        $audit        The events log; a new one when omitted.
	 * @param Environment_Keys|null $environments Keys per environment type; new when omitted.
	 */
	public function __construct( $guard = null, $audit = null, $environments = null ) {
		$this->guard        = $guard instanceof Option_Guard ? $guard : new Option_Guard();
		$this->audit        = $audit instanceof Audit_Log ? $audit : new Audit_Log();
		$this->environments = $environments instanceof Environment_Keys ? $environments : new Environment_Keys( $this->audit );
	}

	/**
	 * Registers the core option as a setting unless core or the OpenAI provider plugin already did.
	 *
	 * Runs late on init so that whoever owns the setting registers it first.
	 *
	 * @since 0.1.0
	 */
	public function register_setting() {
		if ( array_key_exists( self::OPTION, get_registered_settings() ) ) {
			return;
		}
		register_setting(
			'key_guard',
			self::OPTION,
			array(
				'type'         => 'string',
				'description'  => __( 'OpenAI API key.', 'key-guard-for-openai' ),
				'default'      => '',
				'show_in_rest' => false,
			)
		);
	}

	/**
	 * Resolves the key and its source the way core does.
	 *
	 * @since 0.1.0
	 *
	 * @return array{key: string, source: string} Source is env, constant, database or none.
	 */
	public function resolve() {
		$env = getenv( self::ENV_NAME );
		if ( is_string( $env ) && '' !== $env ) {
			return array(
				'key'    => $env,
				'source' => 'env',
			);
		}
		if ( defined( self::ENV_NAME ) && is_string( constant( self::ENV_NAME ) ) && '' !== constant( self::ENV_NAME ) ) {
			return array(
				'key'    => (string) constant( self::ENV_NAME ),
				'source' => 'constant',
			);
		}
		$stored = get_option( self::OPTION, '' );
		if ( is_string( $stored ) && '' !== $stored ) {
			return array(
				'key'    => $stored,
				'source' => 'database',
			);
		}
		return array(
			'key'    => '',
			'source' => 'none',
		);
	}

	/**
	 * Whether the key can be changed here: not when it comes from env or a constant.
	 *
	 * @since 0.1.0
	 *
	 * @return bool
	 */
	public function is_editable() {
		return ! in_array( $this->resolve()['source'], array( 'env', 'constant' ), true );
	}

	/**
	 * Normalises, checks and stores a pasted key; leaves the stored key untouched on refusal.
	 *
	 * @since 0.1.0
	 *
	 * @param string $raw     What the admin pasted.
	 * @param int    $user_id Who saves it.
	 * @return array{notices: array}|WP_Error What normalisation removed, plus shape warnings.
	 */
	public function save( $raw, $user_id ) {
		$normalised = Key_Shape::normalise( $raw );
		$key        = $normalised['key'];
		$refusal    = $this->is_editable() ? Key_Shape::refusal( $key ) : $this->read_only_error();
		if ( $refusal ) {
			$this->audit->record( 'refused_save', $refusal->get_error_code() );
			return $refusal;
		}

		self::$saving_user = (int) $user_id;
		update_option( self::OPTION, $key, false );
		self::$saving_user = null;
		if ( get_option( self::OPTION ) !== $key ) {
			return new WP_Error( 'key_guard_not_saved', __( 'The key could not be saved: another plugin changed or blocked it. Check for plugins that filter this option.', 'key-guard-for-openai' ), array( 'status' => 500 ) );
		}

		return array( 'notices' => array_merge( Key_Shape::removal_messages( $normalised['removed'] ), Key_Shape::warnings( $key ) ) );
	}

	/**
	 * Records a new key written to the option, by our screen or anyone else (core's Connectors
	 * screen, another plugin): the key's metadata and a `saved` event. A key saved for this site
	 * replaces one prepared for its environment type.
	 *
	 * @since 0.3.0
	 *
	 * @param string $key The key written.
	 */
	public function key_written( $key ) {
		$same = $this->read_meta()['fingerprint'] === $this->fingerprint( $key );
		if ( $same && null === self::$saving_user ) {
			return; // The stored key written back (a kept mask, an import): not a new key, the age stays.
		}
		$this->environments->forget( wp_get_environment_type() );
		$this->audit->record( 'saved', Key_Shape::kind( $key ) );
		$this->write_meta(
			array(
				'saved_at'    => time(),
				'saved_by'    => null === self::$saving_user ? get_current_user_id() : self::$saving_user,
				'fingerprint' => $this->fingerprint( $key ),
				'last_test'   => null,
				'site'        => home_url(),
				'environment' => wp_get_environment_type(),
				'confirmed'   => '',
			)
		);
	}

	/**
	 * Removes the stored key and our metadata.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public function delete() {
		if ( ! $this->is_editable() ) {
			return $this->read_only_error();
		}
		$had            = 'none' !== $this->guard->state() || $this->environments->in_use();
		self::$removing = true;
		delete_option( self::OPTION );
		self::$removing = false;
		if ( $had ) {
			$this->key_removed();
		} else {
			delete_option( self::META_OPTION );
		}
		return true;
	}

	/**
	 * Whether the current writer may change the key by any path. On multisite only network
	 * administrators manage it, so a logged-in site administrator's write through core's Connectors
	 * screen or /wp/v2/settings keeps the stored key. Scripts with no user (WP-CLI, cron) may.
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public function may_write() {
		return ! is_multisite() || ! get_current_user_id() || current_user_can( Plugin::capability() );
	}

	/**
	 * Records where a key stored before the plugin ran (core's screen, an older version) lives,
	 * once it is encrypted on activation or upgrade, so a copy of this database holds it back too.
	 * When and by whom it was saved stays unknown; no event is recorded.
	 *
	 * @since 0.3.0
	 *
	 * @param string $key The key re-encrypted in place.
	 */
	public function adopt( $key ) {
		if ( $this->read_meta()['fingerprint'] === $this->fingerprint( $key ) ) {
			return;
		}
		$this->write_meta(
			array(
				'saved_at'    => null,
				'saved_by'    => null,
				'fingerprint' => $this->fingerprint( $key ),
				'last_test'   => null,
				'site'        => home_url(),
				'environment' => wp_get_environment_type(),
				'confirmed'   => '',
			)
		);
	}

	/**
	 * Records that the key was removed, by our screen or anyone else (core's Remove, its
	 * validation wiping the key, another plugin): the metadata goes, and so does a key prepared
	 * for this site's environment type, which would otherwise keep being handed out.
	 *
	 * @since 0.3.0
	 */
	public function key_removed() {
		if ( self::$removing ) {
			return; // delete() finishes the job once the row is gone.
		}
		delete_option( self::META_OPTION );
		$this->environments->forget( wp_get_environment_type() );
		$this->audit->record( 'removed' );
	}

	/**
	 * Stores the outcome of a test of the resolved key, tied to its fingerprint; skipped when the
	 * key was changed by another request while the test ran (up to 15 s).
	 *
	 * @since 0.1.0
	 *
	 * @param array  $result     A Connection_Tester result.
	 * @param string $tested_key The key the test used.
	 */
	public function record_test( array $result, $tested_key ) {
		// This request cached the option when the test started: read what is stored now.
		wp_cache_delete( self::OPTION, 'options' );
		wp_cache_delete( self::META_OPTION, 'options' );
		$key = $this->resolve()['key'];
		// A key prepared for this environment type has no metadata of its own to hold a result.
		if ( '' === $key || $key !== $tested_key || $this->uses_environment_key() ) {
			return;
		}
		$meta = $this->read_meta();
		if ( $meta['fingerprint'] !== $this->fingerprint( $key ) ) {
			$meta = array_merge(
				$meta,
				array(
					'saved_at'    => null,
					'saved_by'    => null,
					'fingerprint' => $this->fingerprint( $key ),
				)
			);
		}
		$meta['last_test'] = $result;
		$this->write_meta( $meta );
	}

	/**
	 * Describes the key for the screen and the REST API: facts about it, never the key.
	 *
	 * @since 0.1.0
	 *
	 * @return array
	 */
	public function status() {
		$resolved     = $this->resolve();
		$key          = $resolved['key'];
		$meta         = $this->read_meta();
		$environments = $this->environments->describe();
		$prepared     = $this->uses_environment_key() ? wp_list_filter( $environments, array( 'current' => true ) ) : array();
		$prepared     = $prepared ? reset( $prepared ) : null;
		$same         = '' !== $key && $meta['fingerprint'] === $this->fingerprint( $key );
		$saved_by     = $same && $meta['saved_by'] ? (int) $meta['saved_by'] : null;
		$saved_at     = $same && $meta['saved_at'] ? gmdate( 'c', (int) $meta['saved_at'] ) : null;
		$shown_at     = $prepared ? $prepared['saved_at'] : $saved_at;
		$kind         = Key_Shape::kind( $key );
		// Admin keys are refused on save; one set by env/constant is reported by a warning, not as a kind.
		$kind = 'admin' === $kind ? 'unknown' : $kind;

		return array(
			'configured'    => '' !== $key,
			'source'        => $resolved['source'],
			'editable'      => $this->is_editable(),
			'masked'        => Key_Shape::mask( $key ),
			'kind'          => '' === $key ? null : $kind,
			'saved_at'      => $shown_at,
			'saved_by'      => $prepared ? $prepared['saved_by'] : $saved_by,
			'saved_by_name' => $prepared ? $prepared['saved_by_name'] : Audit_Log::user_name( $saved_by ),
			'last_test'     => $same ? $meta['last_test'] : null,
			'warnings'      => $this->warnings( $resolved, $shown_at ),
			'default_model' => Connection_Tester::default_model(),
			'environment'   => wp_get_environment_type(),
			'environments'  => $environments,
			'storage'       => $this->guard->state(),
			'held'          => 'none' === $resolved['source'] && $this->is_holding(),
			'age_days'      => $shown_at ? max( 0, (int) floor( ( time() - strtotime( $shown_at ) ) / DAY_IN_SECONDS ) ) : null,
		);
	}

	/**
	 * Warnings about the resolved key and the way it is configured.
	 *
	 * @param array{key: string, source: string} $resolved The resolved key.
	 * @param string|null                        $saved_at When it was saved here.
	 * @return array<int, array{code: string, message: string}>
	 */
	private function warnings( array $resolved, $saved_at ) {
		$warnings = array();
		if ( '' === getenv( self::ENV_NAME ) ) {
			$warnings[] = array(
				'code'    => 'empty_env',
				'message' => __( 'The OPENAI_API_KEY environment variable is set but empty. WordPress ignores it, but its AI client may treat it as the key and ignore this one: remove the empty variable from the server configuration.', 'key-guard-for-openai' ),
			);
		}
		$row = $this->guard->state();
		if ( 'undecryptable' === $row ) {
			$this->audit->record( 'failed_decrypt' );
			$warnings[] = array(
				'code'    => 'undecryptable',
				'message' => __( 'The saved key cannot be decrypted: it was saved on another site, or this site\'s salts or KEY_GUARD_ENCRYPTION_KEY changed. It is not used. Paste the key again to repair it.', 'key-guard-for-openai' ),
			);
		}
		if ( in_array( $resolved['source'], array( 'env', 'constant' ), true ) && 'none' !== $row ) {
			$warnings[] = array(
				'code'    => 'shadowed_database_key',
				'message' => __( 'A key is also saved in the database, but it is not used while OPENAI_API_KEY is set in the environment or wp-config.php.', 'key-guard-for-openai' ),
			);
		}
		if ( '' !== $resolved['key'] ) {
			$refusal = Key_Shape::refusal( $resolved['key'] );
			if ( $refusal ) {
				$warnings[] = array(
					'code'    => 'malformed_key',
					'message' => $refusal->get_error_message(),
				);
			} else {
				$warnings = array_merge( $warnings, Key_Shape::warnings( $resolved['key'] ) );
			}
		}
		$own = wp_list_filter( $this->environments->describe(), array( 'current' => true ) );
		$own = $own ? reset( $own ) : null;
		if ( $own && $own['configured'] && ! $own['readable'] ) {
			$warnings[] = array(
				'code'    => 'prepared_unreadable',
				'message' => sprintf(
					/* translators: %s: this site's environment type. */
					__( 'A key was saved for %s sites, but this site cannot decrypt it: it keeps other salts or another KEY_GUARD_ENCRYPTION_KEY than the site where it was saved. Define the same KEY_GUARD_ENCRYPTION_KEY on both, or enter a key for this site.', 'key-guard-for-openai' ),
					Environment_Keys::label( wp_get_environment_type() )
				),
			);
		}
		$moved = $this->moved_from();
		if ( $moved && 'none' === $resolved['source'] && $this->is_holding() ) {
			$warnings[] = array(
				'code'    => 'held_copy',
				'message' => sprintf(
					/* translators: 1: a site address, 2: this site's address, 3: this site's environment type. */
					__( 'The saved key comes from the production site %1$s, but this is %2$s (%3$s): it is not given to WordPress or any plugin here, so a copy cannot spend production money. Enter a key for this environment, or confirm that this site may use the production key.', 'key-guard-for-openai' ),
					$moved['site'],
					home_url(),
					Environment_Keys::label( wp_get_environment_type() )
				),
			);
		} elseif ( 'database' === $resolved['source'] && $moved && ! $this->uses_environment_key() ) {
			$warnings[] = array(
				'code'    => 'saved_elsewhere',
				'message' => sprintf(
					/* translators: 1: a site address, 2: an environment type (production, staging…), 3: this site's address, 4: this site's environment type. */
					__( 'This key was saved on %1$s (%2$s) and this site is %3$s (%4$s): the database was copied. Use a separate key for each environment: create one for this site and paste it here.', 'key-guard-for-openai' ),
					$moved['site'],
					Environment_Keys::label( $moved['environment'] ),
					home_url(),
					Environment_Keys::label( wp_get_environment_type() )
				),
			);
		}
		foreach ( Rotation_Advice::warnings( '' !== $resolved['key'], $saved_at ) as $advice ) {
			$warnings[] = array(
				'code'    => $advice['code'],
				'message' => $advice['message'],
			);
		}
		return $warnings;
	}

	/**
	 * Filters reads of the option (after decryption): a key saved on production is not handed to
	 * anyone on a copy of the site in a non-production environment until an admin confirms it.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $value The key.
	 * @return mixed
	 */
	public function hold( $value ) {
		if ( self::$bypass_hold || Option_Guard::is_raw() || ! is_string( $value ) || '' === $value ) {
			return $value;
		}
		return $this->is_held( $value ) ? '' : $value;
	}

	/**
	 * Whether the key in effect is the one prepared for this site's environment type (and no
	 * env variable or constant overrides it).
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public function uses_environment_key() {
		return 'database' === $this->resolve()['source'] && $this->environments->in_use();
	}

	/**
	 * Whether the stored key is being held back on this site.
	 *
	 * @since 0.2.0
	 *
	 * @return bool
	 */
	public function is_holding() {
		self::$bypass_hold = true;
		$key               = get_option( self::OPTION, '' );
		self::$bypass_hold = false;
		return is_string( $key ) && '' !== $key && $this->is_held( $key );
	}

	/**
	 * Lets this site use a held production key from now on (until it moves again).
	 *
	 * @since 0.2.0
	 *
	 * @return true|WP_Error
	 */
	public function confirm_here() {
		if ( ! $this->is_holding() ) {
			return new WP_Error( 'key_guard_nothing_held', __( 'No saved key is being held back on this site.', 'key-guard-for-openai' ), array( 'status' => 409 ) );
		}
		$meta              = $this->read_meta();
		$meta['confirmed'] = self::here();
		$this->write_meta( $meta );
		$this->audit->record( 'confirmed', wp_get_environment_type() );
		return true;
	}

	/**
	 * Whether a key (the decrypted option) is held: saved on production, now read on a
	 * non-production site at another address or environment, and not confirmed here.
	 *
	 * @param string $key The key.
	 * @return bool
	 */
	private function is_held( $key ) {
		if ( 'production' === wp_get_environment_type() ) {
			return false;
		}
		$meta = $this->read_meta();
		if ( 'production' !== $meta['environment'] || $meta['fingerprint'] !== $this->fingerprint( $key ) || null === $this->moved_from() ) {
			return false;
		}
		return self::here() !== $meta['confirmed'];
	}

	/**
	 * This site's identity for a confirmation: environment type and address.
	 *
	 * @return string
	 */
	private static function here() {
		return wp_get_environment_type() . '|' . untrailingslashit( home_url() );
	}

	/**
	 * Where the stored key was saved, when that is another site address or environment type.
	 *
	 * @since 0.2.0
	 *
	 * @return array{site: string, environment: string}|null Null when saved here (or before this was recorded).
	 */
	public function moved_from() {
		$meta = $this->read_meta();
		$same = untrailingslashit( home_url() ) === untrailingslashit( $meta['site'] ) && wp_get_environment_type() === $meta['environment'];
		if ( '' === $meta['site'] || $same ) {
			return null;
		}
		return array(
			'site'        => $meta['site'],
			'environment' => $meta['environment'],
		);
	}

	/**
	 * A short, non-reversible identifier of a key, to tell whether the key is still the one saved.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key The key.
	 * @return string 16 hex characters.
	 */
	public function fingerprint( $key ) {
		return substr( hash_hmac( 'sha256', $key, 'key-guard-fingerprint|' . wp_salt( 'auth' ) ), 0, 16 );
	}

	/**
	 * Reads our metadata option with every field present.
	 *
	 * @return array{saved_at: int|null, saved_by: int|null, fingerprint: string, last_test: array|null, site: string, environment: string, confirmed: string}
	 */
	private function read_meta() {
		$meta = get_option( self::META_OPTION, array() );
		$meta = is_array( $meta ) ? $meta : array();
		return array(
			'saved_at'    => isset( $meta['saved_at'] ) ? (int) $meta['saved_at'] : null,
			'saved_by'    => isset( $meta['saved_by'] ) ? (int) $meta['saved_by'] : null,
			'fingerprint' => isset( $meta['fingerprint'] ) ? (string) $meta['fingerprint'] : '',
			'last_test'   => isset( $meta['last_test'] ) && is_array( $meta['last_test'] ) ? $meta['last_test'] : null,
			'site'        => isset( $meta['site'] ) ? (string) $meta['site'] : '',
			'environment' => isset( $meta['environment'] ) ? (string) $meta['environment'] : '',
			'confirmed'   => isset( $meta['confirmed'] ) ? (string) $meta['confirmed'] : '',
		);
	}

	/**
	 * Writes our metadata option (not autoloaded: only our screen reads it).
	 *
	 * @param array $meta The metadata.
	 */
	private function write_meta( array $meta ) {
		update_option( self::META_OPTION, $meta, false );
	}

	/**
	 * The refusal given when the key comes from env or a constant.
	 *
	 * @return WP_Error
	 */
	private function read_only_error() {
		return new WP_Error(
			'key_guard_read_only',
			__( 'The key is set by OPENAI_API_KEY in the server environment or wp-config.php, so it cannot be changed or removed here. Change it where it is defined.', 'key-guard-for-openai' ),
			array( 'status' => 409 )
		);
	}
}
