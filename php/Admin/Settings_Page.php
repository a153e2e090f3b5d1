<?php
/**
 * The Settings → OpenAI key screen.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Admin;

use Key_Guard\Connection\Advice;
use Key_Guard\Connection\Endpoint;
use Key_Guard\Key\Key_Texts;
use Key_Guard\Plugin;
use Key_Guard\REST\Controller;

/**
 * Adds the menu entry, loads the screen's assets on that page only, preloads the status, links from the plugins list.
 *
 * @since 0.1.0
 */
final class Settings_Page {

	const SLUG = 'key-guard-for-openai';

	/** The build entry of this screen (build/settings.js). */
	const ENTRY = 'settings';

	/**
	 * The screens' built scripts.
	 *
	 * @var Assets
	 */
	private $assets;

	/**
	 * Where the key is sent, which the screen's live feedback needs to know.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Whether core's AI features (WordPress 7.x) can use the key.
	 *
	 * @var Core_Ai_State
	 */
	private $core_ai;

	/**
	 * Keeps the asset registry, the endpoint and the core AI state.
	 *
	 * @param Assets             $assets   The screens' built scripts.
	 * @param Endpoint           $endpoint Where the key is sent.
	 * @param Core_Ai_State|null $core_ai  Whether core's AI features can use the key (default: this WordPress's).
	 */
	public function __construct( Assets $assets, Endpoint $endpoint, ?Core_Ai_State $core_ai = null ) {
		$this->assets   = $assets;
		$this->endpoint = $endpoint;
		$this->core_ai  = $core_ai ? $core_ai : new Core_Ai_State();
	}

	/**
	 * Adds the page under Settings and loads assets when (and only when) it is opened.
	 *
	 * @since 0.1.0
	 *
	 * @return void
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
	 *
	 * @return void
	 */
	public function load() {
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Registers and enqueues the screen's script and styles.
	 *
	 * @since 0.1.0
	 *
	 * @return void
	 */
	public function enqueue() {
		$handle = $this->assets->enqueue( self::ENTRY );
		if ( null === $handle ) {
			return;
		}

		// Our status, events and set-up guide, and the current user that WordPress's own admin scripts ask for on
		// every admin page: the page makes no REST round trip at all.
		$paths   = array( '/' . Controller::NAMESPACE . '/key', '/' . Controller::NAMESPACE . '/audit', '/' . Controller::NAMESPACE . '/setup', '/wp/v2/users/me?context=edit' );
		$preload = array_reduce( $paths, 'rest_preload_api_request', array() );
		wp_add_inline_script( 'wp-api-fetch', sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', wp_json_encode( $preload ) ), 'after' );
		$settings = array(
			'dashboardLinks'   => Advice::LINKS,
			'openaiOwnBaseUrl' => $this->endpoint->is_openai_own(),
			'coreAi'           => $this->core_ai->describe(),
			'keyTexts'         => Key_Texts::export(),
		);
		wp_add_inline_script( $handle, sprintf( 'window.keyGuardSettings = %s;', wp_json_encode( $settings ) ), 'before' );
	}

	/**
	 * Prints the page shell; the screen mounts into the root element.
	 *
	 * @since 0.1.0
	 *
	 * @return void
	 */
	public function render() {
		$built = $this->assets->is_built( self::ENTRY );
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
