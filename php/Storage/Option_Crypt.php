<?php
/**
 * Encrypting for one option on this site, and opening its ciphertext once per request.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * The cipher of one option (its name is the authenticated data) for the current site, built when
 * first needed (the salts are pluggable), and a memo of what each ciphertext opened to, by site and
 * network: the ciphertext is bound to both, and a copied row is byte-identical.
 *
 * @since 0.5.0
 */
final class Option_Crypt {

	/**
	 * The option name.
	 *
	 * @var string
	 */
	private $option;

	/**
	 * Opened values by site, network and ciphertext: plaintext and the opening key's index.
	 *
	 * @var array<string, array{plaintext: string, key_index: int}|null>
	 */
	private $opened = array();

	/**
	 * Keeps the option name.
	 *
	 * @param string $option The option name.
	 */
	public function __construct( $option ) {
		$this->option = $option;
	}

	/**
	 * Opens ciphertext once per request and site: null when no key opens it, or before the salts
	 * are known (pluggable functions not loaded yet).
	 *
	 * @since 0.5.0
	 *
	 * @param string $value Ciphertext.
	 * @return array{plaintext: string, key_index: int}|null
	 */
	public function opened( $value ) {
		if ( ! function_exists( 'wp_salt' ) ) {
			return null;
		}
		$memo = get_current_blog_id() . '|' . get_current_network_id() . '|' . $value;
		if ( ! array_key_exists( $memo, $this->opened ) ) {
			$this->opened[ $memo ] = Key_Cipher::for_site( $this->option )->decrypt( $value );
		}
		return $this->opened[ $memo ];
	}

	/**
	 * Encrypts for this site with the current encryption key.
	 *
	 * @since 0.5.0
	 *
	 * @param string $plaintext The key.
	 * @return string
	 */
	public function encrypt( $plaintext ) {
		return Key_Cipher::for_site( $this->option )->encrypt( $plaintext );
	}
}
