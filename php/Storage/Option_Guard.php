<?php
/**
 * Everything between any caller and the option row: refusals on the way in, encryption at rest.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use Key_Guard\Plugin;

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
	 * Sites (by ID) whose row is scheduled for a rewrap with the current encryption key at shutdown.
	 *
	 * @var array<int, true>
	 */
	private $rewrap_scheduled = array();

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
	 * What the last refused write kept in place of the value (the stored row, or ''), and on which
	 * site, so writing it back is not taken for a new key or a removal; null otherwise.
	 *
	 * @var array{site: int, value: mixed}|null
	 */
	private static $kept = null;

	/**
	 * Told after a key was written to the row or the row was emptied, whoever did it.
	 *
	 * @var array{written: callable[], removed: callable[], adopted: callable[]}
	 */
	private $listeners = array(
		'written' => array(),
		'removed' => array(),
		'adopted' => array(),
	);

	/**
	 * Whether the current writer may change the key; null lets everyone.
	 *
	 * @var callable|null
	 */
	private $gate = null;

	/**
	 * Filters every write (sanitize_option_{option}, last): stores the normalised key encrypted;
	 * keeps the stored row when the new value is a mask or not a key (core 7.0 would store a posted
	 * mask), when core's validation wipes the key because its live check failed or could not run,
	 * and when the gate refuses the writer.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $value The value being written.
	 * @return mixed
	 */
	public function sanitize( $value ) {
		if ( null !== self::$kept && ( get_current_blog_id() !== self::$kept['site'] || $value !== self::$kept['value'] ) ) {
			self::$kept = null; // A refused write that never reached the database.
		}
		if ( self::$passthrough ) {
			return $value;
		}
		if ( ! self::$rewrapping && $this->gate && ! call_user_func( $this->gate ) ) {
			return $this->keep();
		}
		if ( '' === $value ) {
			// Core empties the key when its live check says anything but yes, a network error included.
			return doing_filter( 'rest_post_dispatch' ) ? $this->keep() : '';
		}
		if ( Key_Cipher::is_ciphertext( $value ) ) {
			return $value;
		}
		if ( is_string( $value ) ) {
			$key = Key_Shape::normalise( $value )['key'];
			if ( null === Key_Shape::refusal( $key ) ) {
				self::$kept = null;
				return $this->cipher()->encrypt( $key );
			}
		}
		return $this->keep();
	}

	/**
	 * The stored row, to write back in place of a refused value (encrypted if it was plaintext).
	 *
	 * @return mixed
	 */
	private function keep() {
		$stored     = $this->raw();
		$stored     = is_string( $stored ) && '' !== $stored && ! Key_Cipher::is_ciphertext( $stored ) ? $this->cipher()->encrypt( $stored ) : $stored;
		self::$kept = array(
			'site'  => get_current_blog_id(),
			'value' => $stored,
		);
		return $stored;
	}

	/**
	 * Sets who may write the key by any path (our screen, core's, another plugin): a callable
	 * returning false keeps the stored row.
	 *
	 * @since 0.3.0
	 *
	 * @param callable $gate Returns whether the current writer may change the key.
	 */
	public function gate( callable $gate ) {
		$this->gate = $gate;
	}

	/**
	 * Adds callbacks told after every successful write of a key to the row, by anyone (our
	 * screen, core's Connectors screen, another plugin), after the row is emptied or deleted, and
	 * after a row is re-encrypted (a key stored before the plugin ran is adopted). Internal, so the
	 * plaintext is not published on a hook.
	 *
	 * @since 0.3.0
	 *
	 * @param callable $written Called with the key written.
	 * @param callable $removed Called when the row is emptied or deleted.
	 * @param callable $adopted Called with the key re-encrypted in place.
	 */
	public function listen( callable $written, callable $removed, callable $adopted ) {
		$this->listeners['written'][] = $written;
		$this->listeners['removed'][] = $removed;
		$this->listeners['adopted'][] = $adopted;
	}

	/**
	 * After a successful write of the row (update_option_ and add_option_ actions, whose second
	 * argument is the value stored): tells the listeners which key is now stored.
	 *
	 * @since 0.3.0
	 *
	 * @param mixed $first  The old value (update) or the option name (add).
	 * @param mixed $stored The value written.
	 */
	public function written( $first, $stored ) {
		$kept       = self::$kept;
		self::$kept = null;
		$was_kept   = null !== $kept && get_current_blog_id() === $kept['site'] && $stored === $kept['value'];
		if ( $was_kept || self::$passthrough || self::$rewrapping ) {
			return; // Not a key (a mask posted back, a refused writer): the stored row was kept.
		}
		if ( '' === $stored ) {
			$this->removed();
			return;
		}
		$key = Key_Cipher::is_ciphertext( $stored ) ? $this->decrypt( $stored ) : '';
		if ( is_string( $key ) && '' !== $key ) {
			foreach ( $this->listeners['written'] as $listener ) {
				$listener( $key );
			}
		}
	}

	/**
	 * After add_option() wrote the row: first drops a stale copy from the autoloaded options cache.
	 * update_option() falls back to add_option() when the value read equals the default (a held
	 * key reads as '', a prepared key as itself); add_option() then rewrites the row not autoloaded
	 * but leaves the old value in the alloptions cache, which get_option() would keep returning.
	 *
	 * @since 0.3.0
	 *
	 * @param string $option The option name.
	 * @param mixed  $stored The value written.
	 */
	public function added( $option, $stored ) {
		$all = wp_load_alloptions();
		if ( isset( $all[ Key_Store::OPTION ] ) && maybe_serialize( $stored ) !== $all[ Key_Store::OPTION ] ) {
			unset( $all[ Key_Store::OPTION ] );
			wp_cache_set( 'alloptions', $all, 'options' );
		}
		$this->written( $option, $stored );
	}

	/**
	 * After the row was deleted or emptied, by anyone: tells the listeners.
	 *
	 * @since 0.3.0
	 */
	public function removed() {
		if ( self::$passthrough ) {
			return;
		}
		foreach ( $this->listeners['removed'] as $listener ) {
			$listener();
		}
	}

	/**
	 * Whether a raw read or write is under way: the other read filters must let the row through.
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public static function is_raw() {
		return self::$passthrough;
	}

	/**
	 * Whether the plugin itself is writing the row (restoring plaintext or re-encrypting).
	 *
	 * @since 0.3.0
	 *
	 * @return bool
	 */
	public static function is_own_write() {
		return self::$passthrough || self::$rewrapping;
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
		if ( $opened['key_index'] > 0 && ! isset( $this->rewrap_scheduled[ get_current_blog_id() ] ) ) {
			$this->rewrap_scheduled[ get_current_blog_id() ] = true;
			Plugin::at_shutdown_on_this_site( array( $this, 'rewrap' ) );
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
			foreach ( $this->listeners['adopted'] as $listener ) {
				$listener( $plaintext );
			}
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
		add_action( 'update_option_' . Key_Store::OPTION, array( $this, 'written' ), 0, 2 );
		add_action( 'add_option_' . Key_Store::OPTION, array( $this, 'added' ), 0, 2 );
		add_action( 'delete_option_' . Key_Store::OPTION, array( $this, 'removed' ), 0 );
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
