<?php
/**
 * Site Health tests about where and how the key is kept.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Health;

use Key_Guard\Key\Key_Warnings;
use Key_Guard\Storage\Key_Cipher;

/**
 * How the key is kept: its encryption and where the encryption's secret lives, whether the
 * stored row can be decrypted, the state of a copied site, and an empty OPENAI_API_KEY. Each from
 * the facts and warnings the key screen shows (Key_Checks::facts()), never the key.
 *
 * @since 0.5.0
 *
 * @phpstan-import-type Result from Health_Result
 */
final class Storage_Checks {

	/**
	 * The key's facts and warnings.
	 *
	 * @var Key_Checks
	 */
	private $key;

	/**
	 * Keeps where the facts come from.
	 *
	 * @param Key_Checks $key The key's facts and warnings.
	 */
	public function __construct( Key_Checks $key ) {
		$this->key = $key;
	}

	/**
	 * Whether the stored key is encrypted, and with a secret kept outside the database.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function encryption() {
		$facts   = $this->key->facts();
		$storage = Key_Checks::uses_prepared( $facts ) ? 'encrypted' : $facts['storage'];
		if ( 'none' === $storage ) {
			return Health_Result::make( 'key_guard_encryption', 'good', __( 'No OpenAI key is stored in the database', 'key-guard-for-openai' ), __( 'Nothing to encrypt: the key, if any, comes from the server\'s environment or wp-config.php.', 'key-guard-for-openai' ) );
		}
		if ( 'plaintext' === $storage ) {
			return Health_Result::make( 'key_guard_encryption', 'recommended', __( 'The OpenAI key is stored unencrypted', 'key-guard-for-openai' ), __( 'The key in the database was written without encryption (by another tool, or by a database import). Deactivate and activate the plugin once: the stored key is then encrypted.', 'key-guard-for-openai' ), 'key' );
		}
		if ( Key_Cipher::secret_in_database() ) {
			return Health_Result::make( 'key_guard_encryption', 'recommended', __( 'The OpenAI key\'s encryption secret is stored in the database', 'key-guard-for-openai' ), Key_Warnings::salts_in_database() );
		}
		$by = Key_Cipher::uses_constant()
			? __( 'The key is encrypted with KEY_GUARD_ENCRYPTION_KEY from wp-config.php, which the database does not hold.', 'key-guard-for-openai' )
			: __( 'The key is encrypted with the site\'s salts from wp-config.php, which the database does not hold. Copies of this site that should read keys saved here need KEY_GUARD_ENCRYPTION_KEY (see the plugin\'s README).', 'key-guard-for-openai' );
		return Health_Result::make( 'key_guard_encryption', 'good', __( 'The OpenAI key is encrypted at rest', 'key-guard-for-openai' ), $by );
	}

	/**
	 * Whether the stored key can be decrypted on this site.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function decryption() {
		$problem = $this->key->warning( 'undecryptable' );
		if ( null !== $problem ) {
			return Health_Result::make( 'key_guard_decryption', 'critical', __( 'The stored OpenAI key cannot be decrypted', 'key-guard-for-openai' ), $problem, 'key' );
		}
		return Health_Result::make( 'key_guard_decryption', 'good', __( 'The stored OpenAI key can be read', 'key-guard-for-openai' ), __( 'The key saved on this site decrypts with this site\'s secret, or no key is stored.', 'key-guard-for-openai' ) );
	}

	/**
	 * A copy of the site (staging, development, local): whether it holds back the production key,
	 * uses a key saved on another site, or cannot read the key prepared for it.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function copy() {
		foreach ( array( 'held_copy', 'prepared_unreadable' ) as $code ) {
			$problem = $this->key->warning( $code );
			if ( null !== $problem ) {
				$label = 'held_copy' === $code ? __( 'This copy of the site holds back the production OpenAI key', 'key-guard-for-openai' ) : __( 'The OpenAI key prepared for this kind of site cannot be read', 'key-guard-for-openai' );
				return Health_Result::make( 'key_guard_copy', 'critical', $label, $problem, 'key' );
			}
		}
		$elsewhere = $this->key->warning( 'saved_elsewhere' );
		if ( null !== $elsewhere ) {
			return Health_Result::make( 'key_guard_copy', 'recommended', __( 'This site uses an OpenAI key saved on another site', 'key-guard-for-openai' ), $elsewhere, 'key' );
		}
		return Health_Result::make( 'key_guard_copy', 'good', __( 'This site uses an OpenAI key meant for it', 'key-guard-for-openai' ), __( 'The key was not copied here from another site\'s database, or a key was prepared or confirmed for this site.', 'key-guard-for-openai' ) );
	}

	/**
	 * An OPENAI_API_KEY environment variable that is set but empty.
	 *
	 * @since 0.5.0
	 *
	 * @return Result
	 */
	public function empty_env() {
		$problem = $this->key->warning( 'empty_env' );
		if ( null !== $problem ) {
			return Health_Result::make( 'key_guard_empty_env', 'recommended', __( 'OPENAI_API_KEY is set in the environment but empty', 'key-guard-for-openai' ), $problem );
		}
		return Health_Result::make( 'key_guard_empty_env', 'good', __( 'No empty OPENAI_API_KEY in the environment', 'key-guard-for-openai' ), __( 'The server\'s environment has no empty OPENAI_API_KEY that WordPress\'s AI client could take for the key.', 'key-guard-for-openai' ) );
	}
}
