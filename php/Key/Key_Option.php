<?php
/**
 * Every filter and action on core's key option, in one place and one order.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Network\Network_Key;
use Key_Guard\Storage\Encrypted_Option;

/**
 * Answers the hooks on connectors_ai_openai_api_key (added by Hooks::key()), so core's AI client
 * and every plugin keep calling get_option() and update_option() while the row holds only
 * ciphertext.
 *
 * Reads, get_option():
 * 0. pre_option_{name}, priority 10, pre_read(): when the autoloaded facts (Key_Facts) say a key is
 *    prepared for this site's environment type, that key is the answer and the row is not read.
 * 1. option_{name}, priority 0, read(), in this order (the answer is kept for the request, per site
 *    and row, until one of our options changes):
 *    a. open the row: ciphertext becomes the plaintext key, or '' when it cannot be opened
 *       (another site's row, changed salts, tampering), which is recorded once per row at the end
 *       of the request (the one write a read causes); a row opened only by an older encryption key
 *       or format is re-encrypted on the next admin page load (admin_init, rewrap_stale());
 *       on a network, the network key replaces it when the site has no key of its own or site
 *       keys are not allowed (Network_Key);
 *    b. a key prepared for this site's environment type replaces it (Environment_Keys);
 *    c. a production key read on a non-production copy is held back: '' (Copy_Hold).
 *    Other plugins' filters at the default priority see the result.
 * 2. default_option_{name}, priority 20 (no row; after core's registered default at 10): the
 *    network key, then step b.
 * The plugin's own raw reads (Encrypted_Option::raw()) pass through every step untouched.
 *
 * Writes (Key_Writes), update_option() / add_option() / delete_option():
 * 3. sanitize_option_{name}, last (PHP_INT_MAX, after core's and other plugins' sanitizers):
 *    the key is sealed; a mask, a non-key, core's wipe after a failed check and a writer who may
 *    not write keep the stored row (Encrypted_Option::seal()).
 * 4. update_option_{name} / add_option_{name} / delete_option_{name}, priority 0: the store records
 *    the new key or the removal, whoever wrote it (Key_Store). A key posted to core's own settings
 *    route waits for core's check (Core_Save_Guard, on rest_post_dispatch): kept and recorded when
 *    it passes, replaced by the previous row and recorded as refused when it fails.
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
	 * What happens on writes (steps 3 and 4).
	 *
	 * @var Key_Writes
	 */
	private $writes;

	/**
	 * The key events log.
	 *
	 * @var Audit_Log
	 */
	private $audit;

	/**
	 * The facts that spare the read chain its queries.
	 *
	 * @var Key_Facts
	 */
	private $facts;

	/**
	 * Gives the network key, on a network; null on a single site.
	 *
	 * @var (callable(): Network_Key)|null
	 */
	private $network;

	/**
	 * Sites (by ID) whose failed decryption is already to be recorded at shutdown in this request.
	 *
	 * @var array<int, true>
	 */
	private $scheduled = array();

	/**
	 * Answers of read() in this request, by site and stored value.
	 *
	 * @var array<int, array<string, mixed>>
	 */
	private $answers = array();

	/**
	 * Whether a key is prepared for this environment type, by site (null: the facts do not say).
	 *
	 * @var array<int, bool|null>
	 */
	private $prepared_here = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option $row          The key option's row.
	 * @param Key_Facts        $facts        The facts that spare the read chain its queries.
	 * @param Environment_Keys $environments Keys prepared for environment types.
	 * @param Copy_Hold        $hold         The copy hold.
	 * @param Key_Writes       $writes       What happens on writes (steps 3 and 4).
	 * @param Audit_Log        $audit        The key events log.
	 * @param callable|null    $network      Gives the network key (made when first asked); null on a single site.
	 */
	public function __construct( Encrypted_Option $row, Key_Facts $facts, Environment_Keys $environments, Copy_Hold $hold, Key_Writes $writes, Audit_Log $audit, $network = null ) {
		$this->network      = $network;
		$this->row          = $row;
		$this->facts        = $facts;
		$this->environments = $environments;
		$this->hold         = $hold;
		$this->writes       = $writes;
		$this->audit        = $audit;
	}

	/**
	 * Step 0: a key prepared for this environment type answers without the row being read.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $pre False, or another filter's answer.
	 * @return mixed
	 */
	public function pre_read( $pre ) {
		if ( false !== $pre || $this->row->is_raw() || true !== $this->has_prepared() ) {
			return $pre;
		}
		$key = $this->environments->key( wp_get_environment_type() );
		return '' === $key ? $pre : $key;
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
		if ( ! function_exists( 'wp_salt' ) ) {
			return $this->answer( $value ); // Before pluggable functions: not an answer to keep.
		}
		$site = get_current_blog_id();
		$memo = is_string( $value ) ? $value : maybe_serialize( $value );
		if ( ! isset( $this->answers[ $site ][ $memo ] ) ) {
			$this->answers[ $site ][ $memo ] = $this->answer( $value );
		}
		return $this->answers[ $site ][ $memo ];
	}

	/**
	 * Forgets the answers kept by read(): our metadata, facts or prepared keys changed.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function forget_answers() {
		$this->answers       = array();
		$this->prepared_here = array();
	}

	/**
	 * Steps 1a–c for a stored value.
	 *
	 * @param mixed $value The stored value.
	 * @return mixed
	 */
	private function answer( $value ) {
		$key  = $this->row->open( $value );
		$site = get_current_blog_id();
		if ( '' === $key && '' !== $value && function_exists( 'wp_salt' ) && ! isset( $this->scheduled[ $site ] ) ) {
			$this->scheduled[ $site ] = true; // Recorded once per site and request, at shutdown.
			Sites::at_shutdown_on_this_site( array( $this, 'record_failed_decrypt' ) );
		}
		$key = $this->prepared( $this->network_key( $key ) );
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
		return $this->row->is_raw() ? $value : $this->prepared( $this->network_key( $value ) );
	}

	/**
	 * The network key in place of the site's own key, where it replaces it.
	 *
	 * @param mixed $key The site's own key.
	 * @return mixed
	 */
	private function network_key( $key ) {
		return null === $this->network ? $key : ( $this->network )()->answer_for( $key );
	}

	/**
	 * Re-encrypts the row and the prepared keys when they opened only with an older encryption key
	 * or in the older format: on admin page loads, so that reading the key never writes.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function rewrap_stale() {
		if ( $this->row->is_stale( $this->row->raw() ) ) {
			$this->writes->rewrap();
		}
		$facts = $this->facts->read();
		if ( null === $facts || $facts['prepared'] ) {
			$this->environments->rewrap_stale();
		}
	}

	/**
	 * Records, once per distinct row, that the stored key could not be decrypted.
	 *
	 * @since 0.4.0
	 *
	 * @return void
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
		if ( false === $this->has_prepared() ) {
			return $value; // The facts say there is none: no need to read the prepared keys.
		}
		$key = $this->environments->key( wp_get_environment_type() );
		return '' === $key ? $value : $key;
	}

	/**
	 * Whether the facts say a key is prepared for this site's environment type, once per site and request.
	 *
	 * @return bool|null Null when the facts are not written yet.
	 */
	private function has_prepared() {
		$site = get_current_blog_id();
		if ( ! array_key_exists( $site, $this->prepared_here ) ) {
			$this->prepared_here[ $site ] = $this->facts->has_prepared( wp_get_environment_type() );
		}
		return $this->prepared_here[ $site ];
	}
}
