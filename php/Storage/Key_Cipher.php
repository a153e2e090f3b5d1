<?php
/**
 * Authenticated encryption of the stored key with PHP's built-in sodium.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * Encrypts with XChaCha20-Poly1305 (a fresh nonce per write) and decrypts with the current key or
 * an older one, so the encryption key can be rotated; tampered ciphertext fails, never decrypts to garbage.
 *
 * Format: "kg2:" + base64( 24-byte nonce . ciphertext-with-tag ); the authenticated data is the
 * option name plus the site and network IDs, so a row copied to another site of the network (same
 * salts) does not open there. "kg1:" rows (the option name alone) are still read, and re-encrypted.
 *
 * @since 0.2.0
 */
final class Key_Cipher {

	const PREFIX = 'kg2:';

	/** The first format: the option name alone as authenticated data. */
	const LEGACY_PREFIX = 'kg1:';

	/** Domain separation for the HKDF that turns a secret into an encryption key. */
	const KDF_INFO = 'key-guard-for-openai|option-encryption|v1';

	/**
	 * 32-byte keys, the one to encrypt with first, then older ones that may still decrypt.
	 *
	 * @var string[]
	 */
	private $keys;

	/**
	 * Authenticated data binding a ciphertext to where it is stored (kg1: format).
	 *
	 * @var string
	 */
	private $context;

	/**
	 * The same, bound to the site and network too (kg2: format).
	 *
	 * @var string
	 */
	private $bound;

	/**
	 * Keeps the keys and where the ciphertext lives.
	 *
	 * @param string[] $keys       32-byte keys, current first.
	 * @param string   $context    Authenticated data (e.g. the option name).
	 * @param int|null $site_id    The site the row belongs to (default: the current one).
	 * @param int|null $network_id Its network (default: the current one).
	 */
	public function __construct( array $keys, $context, $site_id = null, $network_id = null ) {
		$this->keys    = array_values( $keys );
		$this->context = (string) $context;
		$this->bound   = sprintf(
			'%s|site:%d|network:%d',
			$this->context,
			null === $site_id ? get_current_blog_id() : (int) $site_id,
			null === $network_id ? get_current_network_id() : (int) $network_id
		);
	}

	/**
	 * The cipher for this site: KEY_GUARD_ENCRYPTION_KEY when defined, else the site's LOGGED_IN salts;
	 * KEY_GUARD_ENCRYPTION_KEY_PREVIOUS and the salts stay readable so keys can be rotated in place.
	 *
	 * @since 0.2.0
	 *
	 * @since 0.5.0 The site may be 0: a network option, bound to the network alone.
	 *
	 * @param string   $context Authenticated data.
	 * @param int|null $site_id The site the row belongs to (default: the current one).
	 * @return self
	 */
	public static function for_site( $context, $site_id = null ) {
		$secrets = array();
		foreach ( array( 'KEY_GUARD_ENCRYPTION_KEY', 'KEY_GUARD_ENCRYPTION_KEY_PREVIOUS' ) as $name ) {
			if ( defined( $name ) && is_string( constant( $name ) ) && strlen( constant( $name ) ) >= 32 ) {
				$secrets[] = (string) constant( $name );
			}
		}
		$secrets[] = wp_salt( 'logged_in' );
		return new self( array_map( array( __CLASS__, 'derive' ), array_unique( $secrets ) ), $context, $site_id );
	}

	/**
	 * Whether the constant KEY_GUARD_ENCRYPTION_KEY is in use (rather than the salts).
	 *
	 * @since 0.2.0
	 *
	 * @return bool
	 */
	public static function uses_constant() {
		return defined( 'KEY_GUARD_ENCRYPTION_KEY' ) && is_string( KEY_GUARD_ENCRYPTION_KEY ) && strlen( KEY_GUARD_ENCRYPTION_KEY ) >= 32;
	}

	/**
	 * Whether the secret that encrypts the key is stored in the database next to the ciphertext:
	 * no KEY_GUARD_ENCRYPTION_KEY, and LOGGED_IN_KEY or LOGGED_IN_SALT missing from wp-config.php (or
	 * left at the sample phrase, or repeated), so WordPress generated it and keeps it in an option.
	 * A database leak then gives away the key.
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public static function secret_in_database() {
		if ( self::uses_constant() ) {
			return false;
		}
		$salts = array();
		foreach ( array( 'AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE', 'SECRET' ) as $first ) {
			foreach ( array( 'KEY', 'SALT' ) as $second ) {
				if ( defined( "{$first}_{$second}" ) ) {
					$salts[ "{$first}_{$second}" ] = (string) constant( "{$first}_{$second}" );
				}
			}
		}
		return self::logged_in_salts_from_database( $salts );
	}

	/**
	 * Whether WordPress ignores LOGGED_IN_KEY or LOGGED_IN_SALT among these wp-config.php values
	 * (missing, empty, the sample phrase, or the same value as another salt, as wp_salt() decides)
	 * and so uses a value it generated and stored in the database.
	 *
	 * @since 0.4.0
	 *
	 * @param array<string, string> $salts The salt constants defined, by name.
	 * @return bool
	 */
	public static function logged_in_salts_from_database( array $salts ) {
		$seen = array( 'put your unique phrase here' => 2 );
		foreach ( $salts as $value ) {
			$seen[ $value ] = ( $seen[ $value ] ?? 0 ) + 1;
		}
		foreach ( array( 'LOGGED_IN_KEY', 'LOGGED_IN_SALT' ) as $name ) {
			$value = $salts[ $name ] ?? '';
			if ( '' === $value || $seen[ $value ] > 1 ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Turns a secret of any length into a 32-byte key with HKDF-SHA256.
	 *
	 * @since 0.2.0
	 *
	 * @param string $secret The secret.
	 * @return string
	 */
	public static function derive( $secret ) {
		return hash_hkdf( 'sha256', (string) $secret, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_KEYBYTES, self::KDF_INFO );
	}

	/**
	 * Whether a stored value is our ciphertext (by its prefix).
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $value Stored value.
	 * @return bool
	 */
	public static function is_ciphertext( $value ) {
		return is_string( $value ) && ( 0 === strpos( $value, self::PREFIX ) || 0 === strpos( $value, self::LEGACY_PREFIX ) );
	}

	/**
	 * Encrypts with the current key and a fresh random nonce.
	 *
	 * @since 0.2.0
	 *
	 * @param string $plaintext The key to protect.
	 * @return string
	 */
	public function encrypt( $plaintext ) {
		$nonce = random_bytes( SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$box   = sodium_crypto_aead_xchacha20poly1305_ietf_encrypt( (string) $plaintext, $this->bound, $nonce, $this->keys[0] );
		return self::PREFIX . base64_encode( $nonce . $box ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary ciphertext stored as text.
	}

	/**
	 * Decrypts and says whether to re-encrypt: key_index 0 means the current key and format; more
	 * means an older key or the kg1: format.
	 *
	 * @since 0.2.0
	 *
	 * @param string $stored Our ciphertext.
	 * @return array{plaintext: string, key_index: int}|null Null when no key opens it (other site, rotated salts, tampering).
	 */
	public function decrypt( $stored ) {
		if ( ! self::is_ciphertext( $stored ) ) {
			return null;
		}
		$legacy = 0 === strpos( $stored, self::LEGACY_PREFIX );
		$raw    = base64_decode( substr( $stored, strlen( self::PREFIX ) ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- binary ciphertext stored as text.
		$min    = SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_ABYTES;
		if ( false === $raw || strlen( $raw ) < $min ) {
			return null;
		}
		$nonce = substr( $raw, 0, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$box   = substr( $raw, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		foreach ( $this->keys as $index => $key ) {
			$plaintext = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt( $box, $legacy ? $this->context : $this->bound, $nonce, $key );
			if ( false !== $plaintext ) {
				return array(
					'plaintext' => $plaintext,
					'key_index' => $legacy ? $index + 1 : $index,
				);
			}
		}
		return null;
	}
}
