<?php
/**
 * What an administrator should know about the key in effect and the way it is configured.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Connection\Endpoint;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Key_Cipher;

/**
 * Builds the status's warnings, each a code and a sentence: an empty env variable, a row that cannot
 * be decrypted, a shadowed or malformed key, a prepared key this copy cannot read, a held or moved
 * key, and the reasons to rotate it.
 *
 * @since 0.4.0
 */
final class Key_Warnings {

	/**
	 * Where the key comes from.
	 *
	 * @var Key_Resolver
	 */
	private $resolver;

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * Keys prepared for environment types.
	 *
	 * @var Environment_Keys
	 */
	private $environments;

	/**
	 * The copy hold.
	 *
	 * @var Copy_Hold
	 */
	private $hold;

	/**
	 * Where the key is sent: which keys are taken depends on it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Key_Resolver     $resolver     Where the key comes from.
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Endpoint         $endpoint     Where the key is sent.
	 */
	public function __construct( Key_Resolver $resolver, Encrypted_Option $row, Environment_Keys $environments, Copy_Hold $hold, Endpoint $endpoint ) {
		$this->resolver     = $resolver;
		$this->row          = $row;
		$this->environments = $environments;
		$this->hold         = $hold;
		$this->endpoint     = $endpoint;
	}

	/**
	 * Warnings about the resolved key and the way it is configured.
	 *
	 * @since 0.4.0
	 *
	 * @param array{key: string, source: string} $resolved      The resolved key.
	 * @param string|null                        $saved_at      When it was saved here.
	 * @param bool                               $held          Whether the stored key is held back.
	 * @param bool                               $uses_prepared Whether the key prepared for this environment type is in use.
	 * @return array<int, array{code: string, message: string}>
	 */
	public function for_key( array $resolved, $saved_at, $held, $uses_prepared ) {
		$warnings = array();
		if ( $this->resolver->has_empty_env() ) {
			$warnings[] = self::warning( 'empty_env', __( 'The OPENAI_API_KEY environment variable is set but empty. WordPress ignores it, but its AI client may treat it as the key and ignore this one: remove the empty variable from the server configuration.', 'key-guard-for-openai' ) );
		}
		$row = $this->row->state();
		if ( 'undecryptable' === $row ) {
			$warnings[] = self::warning( 'undecryptable', __( 'The saved key cannot be decrypted: it was saved on another site, or this site\'s salts or KEY_GUARD_ENCRYPTION_KEY changed. It is not used. Paste the key again to repair it.', 'key-guard-for-openai' ) );
		}
		if ( in_array( $row, array( 'encrypted', 'undecryptable' ), true ) && Key_Cipher::secret_in_database() ) {
			$warnings[] = self::warning( 'salts_in_database', self::salts_in_database() );
		}
		if ( in_array( $resolved['source'], array( 'env', 'constant' ), true ) && 'none' !== $row ) {
			$warnings[] = self::warning( 'shadowed_database_key', __( 'A key is also saved in the database, but it is not used while OPENAI_API_KEY is set in the environment or wp-config.php.', 'key-guard-for-openai' ) );
		}
		if ( '' !== $resolved['key'] ) {
			$openai   = $this->endpoint->is_openai_own();
			$refusal  = Key_Shape::refusal( $resolved['key'], $openai );
			$warnings = $refusal
				? array_merge( $warnings, array( self::warning( 'malformed_key', $refusal->get_error_message() ) ) )
				: array_merge( $warnings, Key_Shape::warnings( $resolved['key'], $openai ) );
		}
		$own = wp_list_filter( $this->environments->describe(), array( 'current' => true ) );
		$own = $own ? reset( $own ) : null;
		if ( $own && $own['configured'] && ! $own['readable'] ) {
			$warnings[] = self::warning(
				'prepared_unreadable',
				sprintf(
					/* translators: %s: this site's environment type. */
					__( 'A key was saved for %s sites, but this site cannot decrypt it: it keeps other salts or another KEY_GUARD_ENCRYPTION_KEY than the site where it was saved. Define the same KEY_GUARD_ENCRYPTION_KEY on both, or enter a key for this site.', 'key-guard-for-openai' ),
					Environment_Type::label( wp_get_environment_type() )
				)
			);
		}
		$moved = $this->hold->moved_from();
		if ( $moved && $held ) {
			$warnings[] = self::warning(
				'held_copy',
				sprintf(
					/* translators: 1: a site address, 2: this site's address, 3: this site's environment type. */
					__( 'The saved key comes from the production site %1$s, but this is %2$s (%3$s): it is not given to WordPress or any plugin here, so a copy cannot spend production money. Enter a key for this environment, or confirm that this site may use the production key.', 'key-guard-for-openai' ),
					$moved['site'],
					home_url(),
					Environment_Type::label( wp_get_environment_type() )
				)
			);
		} elseif ( $moved && 'database' === $resolved['source'] && ! $uses_prepared ) {
			$warnings[] = self::warning(
				'saved_elsewhere',
				sprintf(
					/* translators: 1: a site address, 2: an environment type (production, staging…), 3: this site's address, 4: this site's environment type. */
					__( 'This key was saved on %1$s (%2$s) and this site is %3$s (%4$s): the database was copied. Use a separate key for each environment: create one for this site and paste it here.', 'key-guard-for-openai' ),
					$moved['site'],
					Environment_Type::label( $moved['environment'] ),
					home_url(),
					Environment_Type::label( wp_get_environment_type() )
				)
			);
		}
		foreach ( Rotation_Advice::warnings( '' !== $resolved['key'], $saved_at ) as $advice ) {
			$warnings[] = self::warning( $advice['code'], $advice['message'] );
		}
		return $warnings;
	}

	/**
	 * Why the encryption protects nothing while its secret lives in the database, and the remedy.
	 *
	 * @since 0.4.0
	 *
	 * @return string
	 */
	public static function salts_in_database() {
		return __( 'The key is encrypted with secret keys that WordPress generated and stored in the database itself, because LOGGED_IN_KEY and LOGGED_IN_SALT are not set in wp-config.php: anyone with a copy of the database can decrypt the key. Add define( \'KEY_GUARD_ENCRYPTION_KEY\', \'…\' ); with a long random value to wp-config.php (see the plugin\'s README): the key is then re-encrypted with it.', 'key-guard-for-openai' );
	}

	/**
	 * One warning.
	 *
	 * @param string $code    Machine code.
	 * @param string $message The sentence shown.
	 * @return array{code: string, message: string}
	 */
	private static function warning( $code, $message ) {
		return array(
			'code'    => $code,
			'message' => $message,
		);
	}
}
