<?php
/**
 * Everything between any caller and the option row: refusals on the way in, encryption at rest.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

/**
 * Sits on the option's own filters, so core's AI client and other plugins keep calling get_option()
 * and update_option() and get plaintext, while the row holds only ciphertext.
 *
 * @since 0.2.0
 */
final class Option_Guard {

	/**
	 * Memo of decrypted values by ciphertext, so repeated reads decrypt once.
	 *
	 * @var array<string, array{plaintext: string, key_index: int}|null>
	 */
	private $opened = array();

	/**
	 * Whether a rewrap with the current encryption key is scheduled for shutdown.
	 *
	 * @var bool
	 */
	private $rewrap_scheduled = false;

	/**
	 * While true, the filters pass values through untouched: for reading the raw row and for
	 * writing plaintext on deactivation. Static because the hooked instance may be another one.
	 *
	 * @var bool
	 */
	private static $passthrough = false;

	/**
	 * While true, a write re-encrypts the key already stored (not a new key from anyone).
	 *
	 * @var bool
	 */
	private static $rewrapping = false;

	/**
	 * A new key on its way into the row, announced once the write succeeded.
	 *
	 * @var string|null
	 */
	private static $pending = null;

	/**
	 * Filters every write (sanitize_option_{option}, last): keeps the stored value when the new one
	 * is a mask or not a key (core 7.0 would store a posted mask), else stores the normalised key encrypted.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $value The value being written.
	 * @return mixed
	 */
	public function sanitize( $value ) {
		if ( self::$passthrough || '' === $value || Key_Cipher::is_ciphertext( $value ) ) {
			return $value;
		}
		if ( is_string( $value ) ) {
			$key = Key_Shape::normalise( $value )['key'];
			if ( null === Key_Shape::refusal( $key ) ) {
				self::$pending = self::$rewrapping ? null : $key;
				return $this->cipher()->encrypt( $key );
			}
		}
		$stored = $this->raw();
		return is_string( $stored ) && '' !== $stored && ! Key_Cipher::is_ciphertext( $stored ) ? $this->cipher()->encrypt( $stored ) : $stored;
	}

	/**
	 * After a successful write of the row (update_option_ / add_option_ actions): announces a new
	 * key, whoever saved it (our screen, core's Connectors screen, another plugin).
	 *
	 * @since 0.3.0
	 */
	public function written() {
		$key           = self::$pending;
		self::$pending = null;
		if ( null !== $key ) {
			/**
			 * Fires after a new key was written to the option, by anyone; not on re-encryption.
			 *
			 * @since 0.3.0
			 *
			 * @param string $key The key (never log it).
			 */
			do_action( 'key_guard_key_written', $key );
		}
	}

	/**
	 * Filters every read (option_{option}): plaintext for the caller; '' when the row cannot be
	 * decrypted, so a key from another site or a tampered row is never passed on.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $value The stored value.
	 * @return mixed
	 */
	public function decrypt( $value ) {
		if ( self::$passthrough || ! Key_Cipher::is_ciphertext( $value ) ) {
			return $value;
		}
		if ( ! function_exists( 'wp_salt' ) ) {
			return ''; // Read before pluggable functions exist: the salts are not known yet.
		}
		if ( ! array_key_exists( $value, $this->opened ) ) {
			$this->opened[ $value ] = $this->cipher()->decrypt( $value );
		}
		$opened = $this->opened[ $value ];
		if ( null === $opened ) {
			return '';
		}
		if ( $opened['key_index'] > 0 && ! $this->rewrap_scheduled ) {
			$this->rewrap_scheduled = true;
			add_action( 'shutdown', array( $this, 'rewrap' ) );
		}
		return $opened['plaintext'];
	}

	/**
	 * Re-encrypts the row with the current encryption key: after a read with an older key, on
	 * activation and on upgrade (a plaintext row from core or an earlier version gets encrypted).
	 *
	 * @since 0.2.0
	 */
	public function rewrap() {
		// The row's own key: not what readers get (a key prepared for this environment, or '' when held).
		$stored    = $this->raw();
		$plaintext = Key_Cipher::is_ciphertext( $stored ) ? $this->decrypt( $stored ) : $stored;
		if ( is_string( $plaintext ) && '' !== $plaintext ) {
			self::$rewrapping = true;
			update_option( Key_Store::OPTION, $plaintext, false );
			self::$rewrapping = false;
		}
	}

	/**
	 * Encrypts a row left in plaintext by an earlier version, once per plugin version.
	 *
	 * @since 0.2.0
	 */
	public function upgrade() {
		if ( get_option( 'key_guard_version' ) !== KEY_GUARD_VERSION ) {
			$this->rewrap();
			update_option( 'key_guard_version', KEY_GUARD_VERSION, true );
		}
	}

	/**
	 * The state of the row: none, plaintext (not yet encrypted), encrypted or undecryptable.
	 *
	 * @since 0.2.0
	 *
	 * @return string
	 */
	public function state() {
		$stored = $this->raw();
		if ( ! is_string( $stored ) || '' === $stored ) {
			return 'none';
		}
		if ( ! Key_Cipher::is_ciphertext( $stored ) ) {
			return 'plaintext';
		}
		return '' === $this->decrypt( $stored ) ? 'undecryptable' : 'encrypted';
	}

	/**
	 * Puts the plaintext back on deactivation, so WordPress keeps working without the plugin.
	 *
	 * A row that cannot be decrypted is left as it is: there is no plaintext to restore.
	 *
	 * @since 0.2.0
	 */
	public function restore_plaintext() {
		$plaintext = get_option( Key_Store::OPTION, '' );
		if ( ! is_string( $plaintext ) || '' === $plaintext ) {
			return;
		}
		self::$passthrough = true;
		update_option( Key_Store::OPTION, $plaintext, false );
		self::$passthrough = false;
	}

	/**
	 * Adds the read and write filters.
	 *
	 * @since 0.2.0
	 */
	public function add_hooks() {
		add_filter( 'sanitize_option_' . Key_Store::OPTION, array( $this, 'sanitize' ), PHP_INT_MAX );
		add_filter( 'option_' . Key_Store::OPTION, array( $this, 'decrypt' ), 0 );
		add_action( 'update_option_' . Key_Store::OPTION, array( $this, 'written' ), 0 );
		add_action( 'add_option_' . Key_Store::OPTION, array( $this, 'written' ), 0 );
	}

	/**
	 * The stored row as it is, without decryption.
	 *
	 * @return mixed
	 */
	private function raw() {
		self::$passthrough = true;
		$stored            = get_option( Key_Store::OPTION, '' );
		self::$passthrough = false;
		return $stored;
	}

	/**
	 * The cipher for this site, built when first needed (the salts are pluggable).
	 *
	 * @return Key_Cipher
	 */
	private function cipher() {
		return Key_Cipher::for_site( Key_Store::OPTION );
	}
}
