<?php
/**
 * What happens when the plugin is activated, upgraded or deactivated.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Lifecycle;

use Key_Guard\Admin\Setup_Notice;
use Key_Guard\Key\Key_Writes;
use Key_Guard\Storage\Installer;
use Key_Guard\Usage\Request_Log;

/**
 * Activation and upgrades encrypt a key stored in plaintext (by core or an older version) and adopt
 * it; deactivation writes the key in use back in plaintext so core keeps working without the plugin.
 * Network-wide (de)activation does it on every site of the network. Activation also marks each
 * site without a key for the notice that leads to the key screen.
 *
 * @since 0.4.0
 */
final class Activation {

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The plugin's own writes to the key option.
	 *
	 * @var Key_Writes
	 */
	private $writes;

	/**
	 * The data installer.
	 *
	 * @var Installer
	 */
	private $installer;

	/**
	 * The notice that leads to the key screen while no key is set.
	 *
	 * @var Setup_Notice
	 */
	private $notice;

	/**
	 * Keeps the collaborators.
	 *
	 * @param string       $file      Path of plugin.php.
	 * @param Key_Writes   $writes    The plugin's own writes to the key option.
	 * @param Installer    $installer The data installer.
	 * @param Setup_Notice $notice    The notice that leads to the key screen.
	 */
	public function __construct( $file, Key_Writes $writes, Installer $installer, Setup_Notice $notice ) {
		$this->file      = $file;
		$this->writes    = $writes;
		$this->installer = $installer;
		$this->notice    = $notice;
	}

	/**
	 * A site created on a network where the plugin is network-active gets its tables at once
	 * (after core made its own, priority 100), not at its first admin visit.
	 *
	 * @since 0.5.0
	 *
	 * @param \WP_Site $site The new site.
	 * @return void
	 */
	public function new_site( $site ) {
		if ( ! function_exists( 'is_plugin_active_for_network' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php'; // @phpstan-ignore constant.notFound (WordPress defines it; PHPStan runs without WordPress.)
		}
		if ( ! is_plugin_active_for_network( plugin_basename( $this->file ) ) ) {
			return;
		}
		switch_to_blog( (int) $site->blog_id );
		try {
			$this->installer->install();
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Adds this plugin's tables to those core drops with a deleted site.
	 *
	 * @since 0.5.0
	 *
	 * @param string[] $tables The deleted site's tables.
	 * @return string[]
	 */
	public function site_tables( $tables ) {
		return array_merge( (array) $tables, $this->installer->tables() );
	}

	/**
	 * On activation: installs on this site, or on every site of the network, and marks each site
	 * still without a key for the setup notice.
	 *
	 * @since 0.4.0
	 *
	 * @param bool $network_wide Whether the plugin is activated for the whole network.
	 * @return void
	 */
	public function activate( $network_wide = false ) {
		Sites::on_each_site(
			(bool) $network_wide,
			function () {
				$this->installer->install();
				$this->notice->mark();
			}
		);
	}

	/**
	 * On deactivation: the key in use goes back to plaintext on this site, or on every site.
	 *
	 * @since 0.4.0
	 *
	 * @param bool $network_wide Whether the plugin is deactivated for the whole network.
	 * @return void
	 */
	public function deactivate( $network_wide = false ) {
		Sites::on_each_site(
			(bool) $network_wide,
			function () {
				$this->writes->restore_plaintext();
				wp_clear_scheduled_hook( Request_Log::CRON );
			}
		);
	}
}
