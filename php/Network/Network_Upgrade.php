<?php
/**
 * What activation and upgrades do about the network key on each site.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Network;

use Key_Guard\Storage\Encrypted_Option;
use Key_Guard\Storage\Installer;
use Key_Guard\Storage\Key_Cipher;

/**
 * The network key's installer steps, run on each site: take back the plaintext copy deactivation
 * handed out, and keep existing site keys working on a network upgraded from before network keys.
 *
 * @since 0.5.0
 */
final class Network_Upgrade {

	/**
	 * The network key.
	 *
	 * @var Network_Key
	 */
	private $key;

	/**
	 * The site's own key row.
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
	 * Keeps the collaborators.
	 *
	 * @param Network_Key      $key      The network key.
	 * @param Encrypted_Option $site_row The site's own key row.
	 * @param Network_Settings $settings The network's settings.
	 */
	public function __construct( Network_Key $key, Encrypted_Option $site_row, Network_Settings $settings ) {
		$this->key      = $key;
		$this->site_row = $site_row;
		$this->settings = $settings;
	}

	/**
	 * On activation: a site's row holding the network key in plaintext is the copy deactivation
	 * gave it so WordPress kept working without the plugin; it goes, so that the site follows the
	 * network key again (and a later network key replaces it).
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function reclaim_copy() {
		$stored = $this->site_row->raw();
		if ( is_multisite() && is_string( $stored ) && '' !== $stored && ! Key_Cipher::is_ciphertext( $stored ) && $stored === $this->key->key() ) {
			$this->site_row->delete_raw();
		}
	}

	/**
	 * On an upgrade from a version without network keys: a network whose sites already have keys
	 * of their own keeps them working (site keys allowed), until a network administrator decides.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function keep_site_keys() {
		$previous = get_option( Installer::VERSION_OPTION );
		// Only a site that ran a version before network keys (a fresh activation has no version yet).
		if ( ! is_multisite() || ! is_string( $previous ) || version_compare( $previous, '0.5.0', '>=' ) ) {
			return;
		}
		if ( false === get_network_option( null, Network_Settings::OPTION, false ) && in_array( $this->site_row->state(), array( 'plaintext', 'encrypted' ), true ) ) {
			$this->settings->update( array( 'allow_site_keys' => true ) );
		}
	}
}
