<?php
/**
 * One option row that holds only ciphertext, while every reader gets plaintext.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

use Key_Guard\Key\Key_Shape;

/**
 * Encrypts what is written to the row and opens what is read from it, once per request; keeps the
 * stored row when a write must not go through. Holds its own state (memo, re-entrancy guards), so it
 * is built once per request and shared.
 *
 * @since 0.4.0
 */
final class Encrypted_Option {

	/**
	 * The option name, also the authenticated data of its ciphertext.
	 *
	 * @var string
	 */
	private $option;

	/**
	 * Encrypts for this option and opens its ciphertext, once per request and site.
	 *
	 * @var Option_Crypt
	 */
	private $crypt;

	/**
	 * How many raw reads or plaintext writes are under way: while more than 0, the filters let
	 * values through untouched.
	 *
	 * @var int
	 */
	private $raw_depth = 0;

	/**
	 * While true, a write re-encrypts the key already stored (not a new key from anyone).
	 *
	 * @var bool
	 */
	private $rewrapping = false;

	/**
	 * What the last refused write kept in place of the value, and on which site, so writing it
	 * back is not taken for a new key or a removal; null otherwise.
	 *
	 * @var array{site: int, value: mixed}|null
	 */
	private $kept = null;

	/**
	 * Keeps the option name.
	 *
	 * @param string $option The option name.
	 */
	public function __construct( $option ) {
		$this->option = $option;
		$this->crypt  = new Option_Crypt( $option );
	}

	/**
	 * Whether a raw read or a plaintext write is under way: the read filters must let the row through.
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public function is_raw() {
		return $this->raw_depth > 0;
	}

	/**
	 * Whether the plugin itself is writing the row (restoring plaintext or re-encrypting).
	 *
	 * @since 0.4.0
	 *
	 * @return bool
	 */
	public function is_own_write() {
		return $this->raw_depth > 0 || $this->rewrapping;
	}

	/**
	 * The stored row as it is, without decryption (from the options cache when it is there).
	 *
	 * @since 0.4.0
	 *
	 * @return mixed
	 */
	public function raw() {
		++$this->raw_depth;
		try {
			return get_option( $this->option, '' );
		} finally {
			--$this->raw_depth;
		}
	}

	/**
	 * Opens a stored value: plaintext for ciphertext that opens, '' for ciphertext that does not
	 * (another site's, tampered, rotated away), the value itself when it is not ciphertext.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The stored value.
	 * @return mixed
	 */
	public function open( $value ) {
		if ( ! Key_Cipher::is_ciphertext( $value ) ) {
			return $value;
		}
		$opened = $this->crypt->opened( $value );
		return $opened ? $opened['plaintext'] : '';
	}

	/**
	 * Whether a stored value opened only with an older encryption key, so it should be re-encrypted.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The stored value.
	 * @return bool
	 */
	public function is_stale( $value ) {
		$opened = Key_Cipher::is_ciphertext( $value ) ? $this->crypt->opened( $value ) : null;
		return null !== $opened && $opened['key_index'] > 0;
	}

	/**
	 * The row's own plaintext, whatever readers of the option are given; '' when none or unreadable.
	 *
	 * @since 0.4.0
	 *
	 * @return string
	 */
	public function plaintext() {
		$opened = $this->open( $this->raw() );
		return is_string( $opened ) ? $opened : '';
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
		return '' === $this->open( $stored ) ? 'undecryptable' : 'encrypted';
	}

	/**
	 * What a write stores: ciphertext of a normalised key; the stored row when the value is a mask
	 * or not a key, or when the writer may not write ($allowed false); '' for a removal.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value      The value being written.
	 * @param bool  $allowed    Whether the writer may change the key.
	 * @param bool  $wipe       Whether an empty value is core wiping the key after a failed check.
	 * @param bool  $openai_own Whether the key goes to OpenAI's own API, which takes only OpenAI keys.
	 * @return mixed
	 */
	public function seal( $value, $allowed, $wipe, $openai_own ) {
		if ( null !== $this->kept && ( get_current_blog_id() !== $this->kept['site'] || $value !== $this->kept['value'] ) ) {
			$this->kept = null; // A refused write that never reached the database.
		}
		if ( $this->raw_depth > 0 ) {
			return $value;
		}
		if ( ! $this->rewrapping && ! $allowed ) {
			return $this->keep();
		}
		if ( '' === $value ) {
			return $wipe ? $this->keep() : '';
		}
		if ( Key_Cipher::is_ciphertext( $value ) ) {
			return $value;
		}
		if ( is_string( $value ) ) {
			$key = Key_Shape::normalise( $value )['key'];
			if ( null === Key_Shape::refusal( $key, $openai_own ) ) {
				$this->kept = null;
				return $this->crypt->encrypt( $key );
			}
		}
		return $this->keep();
	}

	/**
	 * Whether a value just written is what a refused write kept (not a new key, not a removal),
	 * or the plugin's own write; forgets the kept value.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $stored The value written.
	 * @return bool
	 */
	public function was_kept( $stored ) {
		$kept       = $this->kept;
		$this->kept = null;
		$was_kept   = null !== $kept && get_current_blog_id() === $kept['site'] && $stored === $kept['value'];
		return $was_kept || $this->is_own_write();
	}

	/**
	 * Re-encrypts the row's own key with the current encryption key (a plaintext row gets encrypted).
	 *
	 * @since 0.4.0
	 *
	 * @return string The key re-encrypted; '' when there was none to re-encrypt.
	 */
	public function rewrap() {
		$plaintext = $this->plaintext();
		if ( '' === $plaintext ) {
			return '';
		}
		$this->rewrapping = true;
		try {
			update_option( $this->option, $plaintext, false );
		} finally {
			$this->rewrapping = false;
		}
		return $plaintext;
	}

	/**
	 * Writes a value to the row as it is, as the plugin's own write: the plaintext handed back to core
	 * on deactivation, or a row put back after core refused the key that replaced it.
	 *
	 * @since 0.4.0
	 * @since 0.5.0 Renamed from write_plaintext(); also writes ciphertext back.
	 *
	 * @param string $value The value to store.
	 * @return void
	 */
	public function write_raw( $value ) {
		++$this->raw_depth;
		try {
			update_option( $this->option, $value, false );
		} finally {
			--$this->raw_depth;
		}
	}

	/**
	 * Deletes the row as the plugin's own write (not a removal of the key by anyone).
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function delete_raw() {
		++$this->raw_depth;
		try {
			delete_option( $this->option );
		} finally {
			--$this->raw_depth;
		}
	}

	/**
	 * The stored row, to write back in place of a refused value (encrypted if it was plaintext).
	 *
	 * @return mixed
	 */
	private function keep() {
		$stored     = $this->raw();
		$stored     = is_string( $stored ) && '' !== $stored && ! Key_Cipher::is_ciphertext( $stored ) ? $this->crypt->encrypt( $stored ) : $stored;
		$this->kept = array(
			'site'  => get_current_blog_id(),
			'value' => $stored,
		);
		return $stored;
	}
}
