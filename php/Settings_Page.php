<?php
/**
 * The Settings → OpenAI key screen.
 *
 * @package Key_Guard
 */

namespace Key_Guard;

/**
 * Adds the menu entry, loads the screen's assets on that page only, preloads the status, links from the plugins list.
 *
 * @since 0.1.0
 */
final class Settings_Page {

	const SLUG   = 'key-guard-for-openai';
	const HANDLE = 'key-guard-admin';

	/**
	 * Path of plugin.php.
	 *
	 * @var string
	 */
	private $plugin_file;

	/**
	 * Keeps the plugin file path.
	 *
	 * @param string $plugin_file Path of plugin.php.
	 */
	public function __construct( $plugin_file ) {
		$this->plugin_file = $plugin_file;
	}

	/**
	 * Adds the page under Settings and loads assets when (and only when) it is opened.
	 *
	 * @since 0.1.0
	 */
	public function add_page() {
		$hook = add_options_page(
			__( 'OpenAI key', 'key-guard-for-openai' ),
			__( 'OpenAI key', 'key-guard-for-openai' ),
			Plugin::capability(),
			self::SLUG,
			array( $this, 'render' )
		);
		if ( $hook ) {
			add_action( "load-{$hook}", array( $this, 'load' ) );
		}
	}

	/**
	 * Enqueues the built screen and preloads GET /key so the first paint needs no REST round trip.
	 *
	 * @since 0.1.0
	 */
	public function load() {
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Registers and enqueues the screen's script and styles.
	 *
	 * @since 0.1.0
	 */
	public function enqueue() {
		$dir   = plugin_dir_path( $this->plugin_file ) . 'build/';
		$asset = is_readable( $dir . 'index.asset.php' ) ? require $dir . 'index.asset.php' : null;
		if ( ! is_array( $asset ) ) {
			return;
		}
		wp_enqueue_script( self::HANDLE, plugins_url( 'build/index.js', $this->plugin_file ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( self::HANDLE, 'key-guard-for-openai' );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $dir . 'index.css' ) ) {
			wp_enqueue_style( self::HANDLE, plugins_url( 'build/index.css', $this->plugin_file ), array( 'wp-components' ), $asset['version'] );
		}

		$preload = array_reduce( array( '/' . REST_Controller::NAMESPACE . '/key', '/' . REST_Controller::NAMESPACE . '/audit' ), 'rest_preload_api_request', array() );
		wp_add_inline_script( 'wp-api-fetch', sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', wp_json_encode( $preload ) ), 'after' );
		$settings = array( 'dashboardLinks' => Advice::LINKS );
		wp_add_inline_script( self::HANDLE, sprintf( 'window.keyGuardSettings = %s;', wp_json_encode( $settings ) ), 'before' );
	}

	/**
	 * Prints the page shell; the screen mounts into the root element.
	 *
	 * @since 0.1.0
	 */
	public function render() {
		$built = is_readable( plugin_dir_path( $this->plugin_file ) . 'build/index.asset.php' );
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'OpenAI key', 'key-guard-for-openai' ); ?></h1>
			<div id="key-guard-root">
				<?php if ( ! $built ) : ?>
					<div class="notice notice-error inline"><p><?php esc_html_e( 'The screen is not built: run "npm run build" in the plugin folder, or install a release zip.', 'key-guard-for-openai' ); ?></p></div>
				<?php endif; ?>
			</div>
			<noscript><p><?php esc_html_e( 'This screen needs JavaScript.', 'key-guard-for-openai' ); ?></p></noscript>
		</div>
		<?php
	}

	/**
	 * Adds "Settings" to the plugin's row in the plugins list.
	 *
	 * @since 0.1.0
	 *
	 * @param string[] $links Action links.
	 * @return string[]
	 */
	public function action_links( $links ) {
		$url = admin_url( 'options-general.php?page=' . self::SLUG );
		array_unshift( $links, sprintf( '<a href="%s">%s</a>', esc_url( $url ), esc_html__( 'Settings', 'key-guard-for-openai' ) ) );
		return $links;
	}
}
