<?php
/**
 * Writes to core's key option, by anyone: what is stored, and what is recorded.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Connection\Endpoint;
use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Key_Cipher;

/**
 * Steps 3 and 4 of the order Key_Option documents: seals what is written to the row, and tells the
 * store about a new key or a removal, whoever wrote it (our screen, core's Connectors screen, WP-CLI,
 * another plugin). A key written through core's settings route is told only once core's check of it
 * is over (Core_Save_Guard). Also the plugin's own writes: re-encryption and the plaintext put back on
 * deactivation.
 *
 * @since 0.4.0
 */
final class Key_Writes {

	/** Where deactivation keeps a row that cannot become plaintext, away from core's option. */
	const PARKED_OPTION = 'key_guard_parked_row';

	/**
	 * The key option's row.
	 *
	 * @var Encrypted_Option
	 */
	private $row;

	/**
	 * The key store, told of every write.
	 *
	 * @var Key_Store
	 */
	private $store;

	/**
	 * Where the key is sent: which keys are taken depends on it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Holds back keys written through core's settings route until core's check is over.
	 *
	 * @var Core_Save_Guard
	 */
	private $guard;

	/**
	 * Why the value being written is kept out (a short word), until the write is over; null otherwise.
	 *
	 * @var string|null
	 */
	private $refused = null;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option $row      The key option's row.
	 * @param Key_Store        $store    The key store.
	 * @param Endpoint         $endpoint Where the key is sent.
	 * @param Core_Save_Guard  $guard    Holds back keys written through core's settings route.
	 */
	public function __construct( Encrypted_Option $row, Key_Store $store, Endpoint $endpoint, Core_Save_Guard $guard ) {
		$this->row      = $row;
		$this->store    = $store;
		$this->endpoint = $endpoint;
		$this->guard    = $guard;
	}

	/**
	 * What a write stores (step 3 of Key_Option). Core empties the key when its live check says anything but yes
	 * (a network error included), from its REST settings route: that wipe keeps the stored key, and
	 * the guard puts back the key that was there before, when the request had just replaced it.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $value The value being written.
	 * @return mixed
	 */
	public function sanitize( $value ) {
		$wipe = '' === $value && doing_filter( 'rest_post_dispatch' );
		if ( $wipe ) {
			$this->guard->wiped();
		}
		// On a network that gives every site its key, a site's own key is not taken from anyone.
		$may           = $this->store->may_write() && ( ! is_string( $value ) || '' === $value || Key_Cipher::is_ciphertext( $value ) || $this->store->site_keys_allowed() );
		$own           = $this->endpoint->is_openai_own();
		$this->refused = $this->refusal( $value, $may, $own ); // Recorded once the kept row is written.
		return $this->row->seal( $value, $may, $wipe, $own );
	}

	/**
	 * Why a value written to the option is not taken as the new key, as a short word for the events;
	 * null when it is taken, is not an attempt at a key (a removal, a mask posted back, ciphertext)
	 * or is the plugin's own write.
	 *
	 * @param mixed $value      The value being written.
	 * @param bool  $may        Whether the writer may change the key.
	 * @param bool  $openai_own Whether keys go to OpenAI's own API.
	 * @return string|null
	 */
	private function refusal( $value, $may, $openai_own ) {
		if ( ! is_string( $value ) || '' === $value || Key_Cipher::is_ciphertext( $value ) || $this->row->is_own_write() ) {
			return null;
		}
		$key = Key_Shape::normalise( $value )['key'];
		if ( $key === $this->row->plaintext() ) {
			return null; // The stored key written back: no attempt to change it.
		}
		$refusal = Key_Shape::refusal( $key, $openai_own );
		if ( $refusal && 'key_guard_masked' === $refusal->get_error_code() ) {
			return null;
		}
		if ( ! $may ) {
			return $this->store->may_write() ? 'site_keys_off' : 'not_allowed';
		}
		return $refusal ? substr( $refusal->get_error_code(), strlen( 'key_guard_' ) ) : null;
	}
	/**
	 * After update_option(): the store records a new key or the removal.
	 *
	 * @since 0.4.0
	 *
	 * @param mixed $old    The old value.
	 * @param mixed $stored The value written.
	 * @return void
	 */
	public function written( $old, $stored ) {
		$refused       = $this->refused;
		$this->refused = null;
		if ( $this->row->was_kept( $stored ) ) {
			if ( null !== $refused ) {
				$this->store->key_refused( $refused ); // Kept out, whichever path wrote: core's screen, WP-CLI, a plugin.
			}
			return; // Not a key (a mask posted back, a refused writer) or our own write: the row was kept.
		}
		if ( '' === $stored ) {
			$this->guard->flush();
			$this->store->key_removed();
			return;
		}
		$key = $this->row->open( $stored );
		if ( is_string( $key ) && '' !== $key && ! $this->guard->defer( $key ) ) {
			$this->store->key_written( $key );
		}
	}

	/**
	 * After add_option(). update_option() falls back to add_option() when the value read
	 * equals the default (a held key reads as '', a prepared key as itself); add_option() then
	 * rewrites the row not autoloaded but leaves the old value in the alloptions cache, which
	 * get_option() would keep returning: that stale copy goes first.
	 *
	 * @since 0.4.0
	 *
	 * @param string $option The option name.
	 * @param mixed  $stored The value written.
	 * @return void
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
	 * After delete_option().
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function removed() {
		if ( ! $this->row->is_own_write() ) {
			$this->guard->flush();
			$this->store->key_removed();
		}
	}

	/**
	 * Re-encrypts the row with the current encryption key and adopts a key stored before the
	 * plugin ran: after a read with an older key, on activation and on upgrade.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function rewrap() {
		$key = $this->row->rewrap();
		if ( '' !== $key ) {
			$this->store->adopt( $key );
		}
	}

	/**
	 * Puts the plaintext of the key in use back on deactivation, so WordPress keeps working without
	 * the plugin. A row that cannot be decrypted, or a held one, is parked in an option of ours and
	 * core's option emptied: core would otherwise send the ciphertext to OpenAI as a Bearer token.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function restore_plaintext() {
		$plaintext = get_option( Key_Resolver::OPTION, '' );
		if ( is_string( $plaintext ) && '' !== $plaintext ) {
			$stored = $this->row->raw();
			$own    = $this->row->open( $stored );
			if ( Key_Cipher::is_ciphertext( $stored ) && is_string( $own ) && '' !== $own && $own !== $plaintext ) {
				// The site's own key, not the one in use (the network's): kept for the next activation.
				update_option( self::PARKED_OPTION, $stored, false );
			}
			$this->row->write_raw( $plaintext );
			return;
		}
		// Held on a copy or undecryptable: core would send the ciphertext to OpenAI as the key.
		$stored = $this->row->raw();
		if ( Key_Cipher::is_ciphertext( $stored ) ) {
			update_option( self::PARKED_OPTION, $stored, false );
			$this->row->write_raw( '' );
		}
	}

	/**
	 * On activation: puts a row parked at deactivation back, unless a key was saved meanwhile.
	 *
	 * @since 0.4.0
	 *
	 * @return void
	 */
	public function unpark() {
		$parked = get_option( self::PARKED_OPTION );
		if ( false === $parked ) {
			return;
		}
		$stored = $this->row->raw();
		if ( Key_Cipher::is_ciphertext( $parked ) && ( ! is_string( $stored ) || '' === $stored ) ) {
			$this->row->write_raw( $parked );
		}
		delete_option( self::PARKED_OPTION );
	}}
