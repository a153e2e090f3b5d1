<?php
/**
 * Every filter and action on core's key option, in one place and one order.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Storage\Encrypted_Option;

/**
 * Owns the hooks on connectors_ai_openai_api_key, so core's AI client and every plugin keep calling
 * get_option() and update_option() while the row holds only ciphertext.
 *
 * Reads, get_option():
 * 1. option_{name}, priority 0, read(), in this order:
 *    a. open the row: ciphertext becomes the plaintext key, or '' when it cannot be opened
 *       (another site's row, changed salts, tampering), which is recorded once per row;
 *    b. a key prepared for this site's environment type replaces it (Environment_Keys);
 *    c. a production key read on a non-production copy is held back: '' (Copy_Hold).
 *    Other plugins' filters at the default priority see the result.
 * 2. default_option_{name}, priority 20 (no row; after core's registered default at 10): step b.
 * The plugin's own raw reads (Encrypted_Option::raw()) pass through every step untouched.
 *
 * Writes, update_option() / add_option() / delete_option():
 * 3. sanitize_option_{name}, last (PHP_INT_MAX, after core's and other plugins' sanitizers):
 *    the key is sealed; a mask, a non-key, core's wipe after a failed check and a writer who may
 *    not write keep the stored row (Encrypted_Option::seal()).
 * 4. update_option_{name} / add_option_{name} / delete_option_{name}, priority 0: the store records
 *    the new key or the removal, whoever wrote it (Key_Store).
 *
 * @since 0.4.0
 */
final class Key_Option {

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
	 * The key store, told of every write.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * Sites (by ID) with a shutdown task already scheduled in this request, by task.
	 *
	 * @var array<string, array<int, true>>
	 */
	private $scheduled = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Key_Store        $store        The key store.
	 * @param Audit_Log        $audit        The key events log.
	 */
	public function __construct( Encrypted_Option $row, Environment_Keys $environments, Copy_Hold $hold, Key_Store $store, Audit_Log $audit ) {
		$this->row          = $row;
		$this->environments = $environments;
		$this->hold         = $hold;
		$this->store        = $store;
		$this->audit        = $audit;
	}

	/**
	 * Adds the filters and actions, in the order the class docblock describes.
	 *
	 * @since 0.4.0
	 */
	public function add_hooks() {
		add_filter( 'option_' . Key_Resolver::OPTION, array( $this, 'read' ), 0 );
		add_filter( 'default_option_' . Key_Resolver::OPTION, array( $this, 'read_default' ), 20 );
		add_filter( 'sanitize_option_' . Key_Resolver::OPTION, array( $this, 'sanitize' ), PHP_INT_MAX );
		add_action( 'update_option_' . Key_Resolver::OPTION, array( $this, 'written' ), 0, 2 );
		add_action( 'add_option_' . Key_Resolver::OPTION, array( $this, 'added' ), 0, 2 );
		add_action( 'delete_option_' . Key_Resolver::OPTION, array( $this, 'removed' ), 0 );
	}

	/**
	 * Steps 1a–c: what a reader of the option gets.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The stored value.
	 * @return mixed
	 */
	public function read( $value ) {
		if ( $this->row->is_raw() ) {
			return $value;
		}
		$key = $this->row->open( $value );
		if ( '' === $key && '' !== $value && function_exists( 'wp_salt' ) ) {
			$this->once_at_shutdown( 'failed', array( $this, 'record_failed_decrypt' ) );
		} elseif ( $this->row->is_stale( $value ) ) {
			$this->once_at_shutdown( 'rewrap', array( $this, 'rewrap' ) );
		}
		$key = $this->prepared( $key );
		return is_string( $key ) && $this->hold->is_held( $key ) ? '' : $key;
	}

	/**
	 * Step 2: with no row, a key prepared for this environment type is still handed out.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The default.
	 * @return mixed
	 */
	public function read_default( $value ) {
		return $this->row->is_raw() ? $value : $this->prepared( $value );
	}

	/**
	 * Step 3: what a write stores. Core empties the key when its live check says anything but yes
	 * (a network error included), from its REST settings route: that wipe keeps the stored key.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The value being written.
	 * @return mixed
	 */
	public function sanitize( $value ) {
		return $this->row->seal( $value, $this->store->may_write(), doing_filter( 'rest_post_dispatch' ) );
	}

	/**
	 * Step 4, after update_option(): the store records a new key or the removal.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $old    The old value.
	 * @param mixed $stored The value written.
	 */
	public function written( $old, $stored ) {
		if ( $this->row->was_kept( $stored ) ) {
			return; // Not a key (a mask posted back, a refused writer) or our own write: the row was kept.
		}
		if ( '' === $stored ) {
			$this->store->key_removed();
			return;
		}
		$key = $this->row->open( $stored );
		if ( is_string( $key ) && '' !== $key ) {
			$this->store->key_written( $key );
		}
	}

	/**
	 * Step 4, after add_option(). update_option() falls back to add_option() when the value read
	 * equals the default (a held key reads as '', a prepared key as itself); add_option() then
	 * rewrites the row not autoloaded but leaves the old value in the alloptions cache, which
	 * get_option() would keep returning: that stale copy goes first.
	 *
	 * @since 0.4.0
	 *
	 * @param string $option The option name.
	 * @param mixed  $stored The value written.
	 */
	public function added( $option, $stored ) {
		$all = wp_load_alloptions();
		if ( isset( $all[ Key_Resolver::OPTION ] ) && maybe_serialize( $stored ) !== $all[ Key_Resolver::OPTION ] ) {
			unset( $all[ Key_Resolver::OPTION ] );
			wp_cache_set( 'alloptions', $all, 'options' );
		}
		$this->written( $option, $stored );
	}

	/**
	 * Step 4, after delete_option().
	 *
	 * @since 0.4.0
	 */
	public function removed() {
		if ( ! $this->row->is_own_write() ) {
			$this->store->key_removed();
		}
	}

	/**
	 * Re-encrypts the row with the current encryption key and adopts a key stored before the
	 * plugin ran: after a read with an older key, on activation and on upgrade.
	 *
	 * @since 0.4.0
	 */
	public function rewrap() {
		$key = $this->row->rewrap();
		if ( '' !== $key ) {
			$this->store->adopt( $key );
		}
	}

	/**
	 * Puts the plaintext of the key in use back on deactivation, so WordPress keeps working without
	 * the plugin. A row that cannot be decrypted, or a held one, is left as it is.
	 *
	 * @since 0.4.0
	 */
	public function restore_plaintext() {
		$plaintext = get_option( Key_Resolver::OPTION, '' );
		if ( is_string( $plaintext ) && '' !== $plaintext ) {
			$this->row->write_plaintext( $plaintext );
		}
	}

	/**
	 * Records, once per distinct row, that the stored key could not be decrypted.
	 *
	 * @since 0.4.0
	 */
	public function record_failed_decrypt() {
		$stored = $this->row->raw();
		if ( is_string( $stored ) && '' !== $stored && '' === $this->row->open( $stored ) ) {
			$this->audit->record_once( 'failed_decrypt', substr( hash( 'sha256', $stored ), 0, 16 ) );
		}
	}

	/**
	 * The key prepared for this site's environment type in place of a value, when there is one.
	 *
	 * @param mixed $value The key read so far.
	 * @return mixed
	 */
	private function prepared( $value ) {
		$key = $this->environments->key( wp_get_environment_type() );
		return '' === $key ? $value : $key;
	}

	/**
	 * Schedules a task at shutdown on the current site, once per request.
	 *
	 * @param string   $name The task's name.
	 * @param callable $task The task.
	 */
	private function once_at_shutdown( $name, callable $task ) {
		$site = get_current_blog_id();
		if ( ! isset( $this->scheduled[ $name ][ $site ] ) ) {
			$this->scheduled[ $name ][ $site ] = true;
			Sites::at_shutdown_on_this_site( $task );
		}
	}
}
