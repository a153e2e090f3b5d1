<?php
/**
 * Wires the plugin's pieces to WordPress.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

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
		$guard    = new Option_Guard();
		$audit    = new Audit_Log();
		$store    = new Key_Store( $guard, $audit );
		$settings = new Settings_Page( $this->file );
		$rest     = new REST_Controller( $store, new Connection_Tester(), $audit );

		add_action( 'init', array( $store, 'register_setting' ), 21 );
		$guard->add_hooks();
		add_filter( 'option_' . Key_Store::OPTION, array( $store, 'hold' ), 10 );
		register_activation_hook( $this->file, array( $guard, 'rewrap' ) );
		register_deactivation_hook( $this->file, array( $guard, 'restore_plaintext' ) );
		add_action( 'admin_init', array( $guard, 'upgrade' ) );
		( new Rotation_Advice( $store ) )->add_hooks();
		add_action( 'rest_api_init', array( $rest, 'register_routes' ) );
		add_action( 'admin_menu', array( $settings, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $this->file ), array( $settings, 'action_links' ) );
	}
}
