<?php
/**
 * Wires the plugin's pieces to WordPress.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Settings_Page;
use Key_Guard\Audit\Audit_Log;
use Key_Guard\Audit\Rotation_Advice;
use Key_Guard\Connection\Connection_Tester;
use Key_Guard\Key\Environment_Keys;
use Key_Guard\Key\Key_Store;
use Key_Guard\REST\REST_Controller;
use Key_Guard\Storage\Option_Guard;

/**
 * Creates the collaborators and adds every hook; nothing else.
 *
 * @since 0.1.0
 */
final class Plugin {

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The capability that lets a user see and manage the key: manage_options on a single site; on
	 * multisite, where a site administrator may be a stranger to whoever pays for the key, only
	 * network administrators (manage_network_options).
	 *
	 * @since 0.3.0
	 *
	 * @return string
	 */
	public static function capability() {
		$capability = is_multisite() ? 'manage_network_options' : 'manage_options';
		/**
		 * Filters the capability needed to see, change and test the OpenAI key.
		 *
		 * @since 0.3.0
		 *
		 * @param string $capability manage_options, or manage_network_options on multisite.
		 */
		$filtered = apply_filters( 'key_guard_capability', $capability );
		return is_string( $filtered ) && '' !== $filtered ? $filtered : $capability;
	}

	/**
	 * Keeps the plugin file path; no side effects.
	 *
	 * @param string $file Path of plugin.php.
	 */
	public function __construct( $file ) {
		$this->file = $file;
	}

	/**
	 * Adds every action and filter.
	 *
	 * @since 0.1.0
	 */
	public function add_hooks() {
		$guard        = new Option_Guard();
		$audit        = new Audit_Log();
		$environments = new Environment_Keys( $audit );
		$store        = new Key_Store( $guard, $audit, $environments );
		$settings     = new Settings_Page( new Assets( $this->file ) );
		$rest         = new REST_Controller( $store, new Connection_Tester(), $audit, null, $environments );

		add_action( 'init', array( $store, 'register_setting' ), 21 );
		$guard->add_hooks();
		$environments->add_hooks();
		add_filter( 'option_' . Key_Store::OPTION, array( $store, 'hold' ), 10 );
		$guard->listen( array( $store, 'key_written' ), array( $store, 'key_removed' ), array( $store, 'adopt' ) );
		$guard->gate( array( $store, 'may_write' ) );
		register_activation_hook(
			$this->file,
			static function ( $network_wide = false ) use ( $guard ) {
				self::on_each_site( (bool) $network_wide, array( $guard, 'rewrap' ) );
			}
		);
		register_deactivation_hook(
			$this->file,
			static function ( $network_wide = false ) use ( $guard ) {
				self::on_each_site( (bool) $network_wide, array( $guard, 'restore_plaintext' ) );
			}
		);
		add_action( 'admin_init', array( $guard, 'upgrade' ) );
		( new Rotation_Advice( $store ) )->add_hooks();
		add_action( 'rest_api_init', array( $rest, 'register_routes' ) );
		add_action( 'admin_menu', array( $settings, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $this->file ), array( $settings, 'action_links' ) );
	}

	/**
	 * Runs a task on this site, or on every site of the network when (de)activated network-wide:
	 * each site has its own copy of the key option.
	 *
	 * @since 0.3.0
	 *
	 * @param bool     $network_wide Whether the plugin is (de)activated for the whole network.
	 * @param callable $task         What to do on each site.
	 */
	public static function on_each_site( $network_wide, callable $task ) {
		if ( ! $network_wide || ! is_multisite() ) {
			$task();
			return;
		}
		foreach ( get_sites(
			array(
				'fields'     => 'ids',
				'number'     => 0,
				'network_id' => get_current_network_id(),
			)
		) as $site_id ) {
			switch_to_blog( (int) $site_id );
			$task();
			restore_current_blog();
		}
	}

	/**
	 * Runs a task at shutdown on the site that is current now (a request may switch sites).
	 *
	 * @since 0.3.0
	 *
	 * @param callable $task What to do.
	 * @return \Closure The shutdown callback added.
	 */
	public static function at_shutdown_on_this_site( callable $task ) {
		$site_id  = get_current_blog_id();
		$callback = static function () use ( $task, $site_id ) {
			$switch = is_multisite() && get_current_blog_id() !== $site_id;
			if ( $switch ) {
				switch_to_blog( $site_id );
			}
			$task();
			if ( $switch ) {
				restore_current_blog();
			}
		};
		add_action( 'shutdown', $callback );
		return $callback;
	}
}
