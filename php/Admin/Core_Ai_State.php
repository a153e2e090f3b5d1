<?php
/**
 * Whether WordPress core's AI features can use the key this plugin manages.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Admin;

/**
 * On WordPress 7.x, core's AI features and its Settings → Connectors screen reach OpenAI only
 * through the separate "AI Provider for OpenAI" plugin. This says whether that plugin is active,
 * installed but inactive, or absent, with the one link that fixes it when the current user may
 * follow it. On sites without Connectors (6.x), or with core's AI turned off, there is nothing to
 * say. Read on our screen only: get_plugins() reads the plugin headers from disk.
 *
 * @since 0.5.0
 */
final class Core_Ai_State {

	/** The provider plugin's folder in the plugin directory, and its slug on WordPress.org. */
	const PLUGIN_SLUG = 'ai-provider-for-openai';

	/** Its main file, as core's connector names it. */
	const PLUGIN_FILE = 'ai-provider-for-openai/plugin.php';

	/** Its "Plugin Name" header, which finds a copy installed under another folder name. */
	const PLUGIN_NAME = 'AI Provider for OpenAI';

	/** Core's connector for OpenAI (WordPress 7.0+). */
	const CONNECTOR = 'openai';

	/** Core's Settings → Connectors screen (wp-admin/options-connectors.php, WordPress 7.0+). */
	const CONNECTORS_PAGE = 'options-connectors.php';

	/**
	 * Core functions whose presence says core has Connectors and its AI client (WordPress 7.0+).
	 *
	 * @var string[]
	 */
	private $core_functions;

	/**
	 * Keeps which core functions mark a WordPress with Connectors.
	 *
	 * @param string[] $core_functions Function names core 7.0 added; a test names one core lacks to act as 6.x.
	 */
	public function __construct( array $core_functions = array( 'wp_get_connector', 'wp_supports_ai' ) ) {
		$this->core_functions = $core_functions;
	}

	/**
	 * Whether this WordPress has Connectors and lets its AI features run.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function is_supported() {
		foreach ( $this->core_functions as $function ) {
			if ( ! function_exists( $function ) ) {
				return false;
			}
		}
		// Core registers its AI connectors only when AI is allowed (WP_AI_SUPPORT, the wp_supports_ai filter).
		return ! function_exists( 'wp_supports_ai' ) || wp_supports_ai();
	}

	/**
	 * What the settings screen shows, or null where core has no AI features to tell about.
	 *
	 * @since 0.5.0
	 *
	 * @return array{state: string, activateUrl: string|null, installUrl: string|null, connectorsUrl: string}|null
	 *         State is active, inactive or absent; each URL only for a user who may use it.
	 */
	public function describe() {
		if ( ! $this->is_supported() ) {
			return null;
		}
		$file  = $this->installed_file();
		$state = $this->is_active( $file ) ? 'active' : ( null === $file ? 'absent' : 'inactive' );
		return array(
			'state'         => $state,
			'activateUrl'   => 'inactive' === $state ? $this->activate_url( (string) $file ) : null,
			'installUrl'    => 'absent' === $state ? $this->install_url() : null,
			'connectorsUrl' => admin_url( self::CONNECTORS_PAGE ),
		);
	}

	/**
	 * The provider plugin's main file (relative to the plugins folder) if it is installed: the file
	 * core's connector names, else any plugin with the provider's name; null when none is.
	 *
	 * @since 0.5.0
	 *
	 * @return string|null
	 */
	public function installed_file() {
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php'; // @phpstan-ignore constant.notFound (WordPress defines it; PHPStan runs without WordPress.)
		}
		$plugins = get_plugins();
		$file    = $this->connector_file();
		if ( isset( $plugins[ $file ] ) ) {
			return $file;
		}
		foreach ( $plugins as $candidate => $headers ) {
			if ( isset( $headers['Name'] ) && self::PLUGIN_NAME === $headers['Name'] ) {
				return (string) $candidate;
			}
		}
		return null;
	}

	/**
	 * Whether the provider is active: core's connector says its provider is registered with the AI
	 * client (what Settings → Connectors shows), or the plugin file found is active.
	 *
	 * @param string|null $file The installed plugin file, if any.
	 * @return bool
	 */
	private function is_active( $file ) {
		$connector = $this->connector();
		if ( isset( $connector['plugin']['is_active'] ) && is_callable( $connector['plugin']['is_active'] ) && call_user_func( $connector['plugin']['is_active'] ) ) {
			return true;
		}
		return null !== $file && is_plugin_active( $file );
	}

	/**
	 * The plugin file core's connector names, or ours when core names none.
	 *
	 * @return string
	 */
	private function connector_file() {
		$connector = $this->connector();
		$file      = $connector['plugin']['file'] ?? '';
		return is_string( $file ) && '' !== $file ? $file : self::PLUGIN_FILE;
	}

	/**
	 * Core's OpenAI connector (registered on init), or null.
	 *
	 * @return array<string, mixed>|null
	 */
	private function connector() {
		$connector = function_exists( 'wp_get_connector' ) ? wp_get_connector( self::CONNECTOR ) : null;
		return is_array( $connector ) ? $connector : null;
	}

	/**
	 * The nonce'd link that activates the plugin on this site, for a user who may activate it.
	 *
	 * @param string $file The installed plugin file.
	 * @return string|null
	 */
	private function activate_url( $file ) {
		if ( ! current_user_can( 'activate_plugin', $file ) ) {
			return null;
		}
		// Not wp_nonce_url(): it escapes & for HTML, and this URL goes to the screen as data.
		return add_query_arg(
			array(
				'action'   => 'activate',
				'plugin'   => rawurlencode( $file ),
				'_wpnonce' => wp_create_nonce( 'activate-plugin_' . $file ),
			),
			admin_url( 'plugins.php' )
		);
	}

	/**
	 * The plugin installer's search for the provider, for a user who may install plugins (on a
	 * network, plugins are installed from the network admin).
	 *
	 * @return string|null
	 */
	private function install_url() {
		if ( ! current_user_can( 'install_plugins' ) ) {
			return null;
		}
		$path = 'plugin-install.php?s=' . rawurlencode( self::PLUGIN_SLUG ) . '&tab=search&type=term';
		return is_multisite() ? network_admin_url( $path ) : admin_url( $path );
	}
}
