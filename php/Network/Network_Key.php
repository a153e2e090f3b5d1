<?php
/**
 * The key a network administrator gives every site of a network.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Key_Cipher;

/**
 * The network key, read: a network option holding only ciphertext, bound to the network (a row copied to
 * another network, or to a site's own option, does not open), with who saved it and when. A site
 * without a key of its own is given it by get_option( 'connectors_ai_openai_api_key' ) (Key_Option),
 * and so by core's AI client and every plugin; a site's own key counts only once a network
 * administrator allows site keys (Network_Settings). Reads never write.
 *
 * @since 0.5.0
 */
final class Network_Key {

	/** The network option: ciphertext, saved_at, saved_by. */
	const OPTION = 'key_guard_network_key';

	/**
	 * The site's own key row, which the network key stands in for.
	 *
	 * @var Encrypted_Option
	 */
	private $site_row;

	/**
	 * The network's settings.
	 *
	 * @var Network_Settings
	 */
	private $settings;

	/**
	 * Opened keys by network and ciphertext, for this request.
	 *
	 * @var array<string, string>
	 */
	private $opened = array();

	/**
	 * Keeps the collaborators.
	 *
	 * @param Encrypted_Option $site_row   The site's own key row.
	 * @param Network_Settings $settings   The network's settings.
	 */
	public function __construct( Encrypted_Option $site_row, Network_Settings $settings ) {
		$this->site_row = $site_row;
		$this->settings = $settings;
	}

	/**
	 * The network key in plaintext; '' when none is saved or it cannot be opened.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function key() {
		$stored = $this->stored();
		if ( '' === $stored['ciphertext'] || ! function_exists( 'wp_salt' ) ) {
			return '';
		}
		$memo = get_current_network_id() . '|' . $stored['ciphertext'];
		if ( ! isset( $this->opened[ $memo ] ) ) {
			$opened                = $this->cipher()->decrypt( $stored['ciphertext'] );
			$this->opened[ $memo ] = null === $opened ? '' : $opened['plaintext'];
		}
		return $this->opened[ $memo ];
	}

	/**
	 * Whether the network key answers on this site in place of a key of its own: there is a network
	 * key, and the site has no key or site keys are not allowed.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $site_key The site's own key (opened), '' when none.
	 * @return bool
	 */
	public function replaces( $site_key ) {
		if ( ! is_multisite() ) {
			return false;
		}
		$own = is_string( $site_key ) && '' !== $site_key;
		// A site key that counts needs only the settings read; otherwise the key itself decides.
		return ( ! $own || ! $this->allows_site_keys() ) && '' !== $this->key();
	}

	/**
	 * What a site's option answers for its own key: the network key where that replaces it ('' while
	 * a copy of the production network holds it back), else the site's key.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $site_key The site's own key (opened), '' when none.
	 * @return mixed
	 */
	public function answer_for( $site_key ) {
		return $this->replaces( $site_key ) ? $this->key_for_sites() : $site_key;
	}

	/**
	 * The network key as sites get it: '' while a copy of the production network holds it back.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function key_for_sites() {
		return $this->is_held() ? '' : $this->key();
	}

	/**
	 * Whether this copy of the network holds the production network's key back.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function is_held() {
		return '' !== $this->key() && Network_Hold::holds( $this->stored() );
	}

	/**
	 * Whether a site's own key may be saved, and then overrides the network key there.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function allows_site_keys() {
		if ( ! is_multisite() ) {
			return true;
		}
		$decided = $this->settings->site_keys_decision();
		// Until a network administrator decides: a site may have its own key while no network key is set.
		return null === $decided ? '' === $this->stored()['ciphertext'] : $decided;
	}

	/**
	 * Whether this site runs on the network key now (its own key, if any, does not count).
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function in_effect() {
		return $this->replaces( $this->site_row->plaintext() );
	}

	/**
	 * The state of the stored network key: none, encrypted or undecryptable.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function state() {
		if ( '' === $this->stored()['ciphertext'] ) {
			return 'none';
		}
		return '' === $this->key() ? 'undecryptable' : 'encrypted';
	}

	/**
	 * Who saved the network key, when, and where: never the key.
	 *
	 * @since 0.5.0
	 *
	 * @return array{saved_at: int|null, saved_by: int|null, environment: string, site: string}
	 */
	public function saved() {
		$stored = $this->stored();
		return array(
			'saved_at'    => $stored['saved_at'],
			'saved_by'    => $stored['saved_by'],
			'environment' => $stored['environment'],
			'site'        => $stored['site'],
		);
	}

	/**
	 * The stored option, its fields checked (ciphertext, never the key).
	 *
	 * @since 0.5.0
	 *
	 * @return array{ciphertext: string, saved_at: int|null, saved_by: int|null, environment: string, site: string, confirmed: string}
	 */
	public function stored() {
		$stored = is_multisite() ? get_network_option( null, self::OPTION, array() ) : array();
		$stored = is_array( $stored ) ? $stored : array();
		$text   = static function ( $name ) use ( $stored ) {
			return isset( $stored[ $name ] ) && is_string( $stored[ $name ] ) ? $stored[ $name ] : '';
		};
		return array(
			'ciphertext'  => Key_Cipher::is_ciphertext( $text( 'ciphertext' ) ) ? $text( 'ciphertext' ) : '',
			'saved_at'    => isset( $stored['saved_at'] ) && is_numeric( $stored['saved_at'] ) ? (int) $stored['saved_at'] : null,
			'saved_by'    => isset( $stored['saved_by'] ) && is_numeric( $stored['saved_by'] ) && $stored['saved_by'] > 0 ? (int) $stored['saved_by'] : null,
			'environment' => $text( 'environment' ),
			'site'        => $text( 'site' ),
			'confirmed'   => $text( 'confirmed' ),
		);
	}

	/**
	 * The cipher of this network's key: bound to the network, not to a site (site 0).
	 *
	 * @since 0.5.0
	 *
	 * @return Key_Cipher
	 */
	public function cipher() {
		return Key_Cipher::for_site( self::OPTION, 0 );
	}
}
