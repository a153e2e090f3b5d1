<?php
/**
 * Tests for Settings_Page and the hook wiring in Plugin.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Admin\Assets;
use Key_Guard\Admin\Settings_Page;
use Key_Guard\Key\Key_Store;
use Key_Guard\Key\Key_Texts;


/**
 * The page, its assets only on itself, the preload, the action link, the wiring.
 */
final class Settings_Page_Test extends TestCase {

	/**
	 * The plugin wires its own callbacks (not merely: something is hooked there).
	 */
	public function test_hooks_are_registered() {
		$this->assertSame( 10, has_action( 'admin_menu', self::hooked( 'settings', 'add_page' ) ) );
		$this->assertSame( 10, has_filter( 'plugin_action_links_key-guard-for-openai/plugin.php', self::hooked( 'settings', 'action_links' ) ) );
		$this->assertSame( 10, has_action( 'rest_api_init', array( key_guard(), 'register_routes' ) ) );
		$routes = rest_get_server()->get_routes( 'key-guard/v1' );
		$this->assertSame( self::hooked( 'key_routes', 'can_manage_scope' ), $routes['/key-guard/v1/key'][0]['permission_callback'] );
		$this->assertSame( self::hooked( 'key_routes', 'can_manage' ), $routes['/key-guard/v1/audit'][0]['permission_callback'] );
		$this->assertSame( is_multisite(), isset( $routes['/key-guard/v1/network'] ), 'the network routes exist on a network only' );
		$this->assertSame( self::hooked( 'usage_routes', 'usage' ), $routes['/key-guard/v1/usage'][0]['callback'] );
		$this->assertSame( 21, has_action( 'init', array( \Key_Guard\Key\Key_Resolver::class, 'register_setting' ) ) );
		$this->assertSame( 0, has_filter( 'option_connectors_ai_openai_api_key', self::hooked( 'option', 'read' ) ) );
		$this->assertSame( PHP_INT_MAX, has_filter( 'pre_http_request', self::hooked( 'meter', 'decide' ) ), 'the usage guard decides after every other filter' );
		$this->assertSame( 10, has_action( 'http_api_debug', self::hooked( 'meter', 'account' ) ) );
		// Each call reaches the collaborator itself.
		$this->assertSame( self::kg( 'settings' )->action_links( array() ), call_user_func( self::hooked( 'settings', 'action_links' ), array() ) );
	}

	/**
	 * The page is under Settings for administrators only.
	 */
	public function test_page_is_added_for_administrators() {
		global $submenu, $_wp_submenu_nopriv;
		wp_set_current_user( self::user( 'administrator' ) );
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->add_page();
		$this->assertContains( Settings_Page::SLUG, wp_list_pluck( $submenu['options-general.php'], 2 ) );
		$this->assertNotEmpty( has_action( 'load-' . get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' ) ) );
		unset( $_wp_submenu_nopriv );
	}

	/**
	 * The shell has the root element and a heading.
	 */
	public function test_render() {
		ob_start();
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'id="key-guard-root"', $html );
		$this->assertStringContainsString( '<h1>OpenAI key</h1>', $html );
	}

	/**
	 * Assets: the script with its dependencies, and the status preloaded without the key.
	 */
	public function test_enqueue_preloads_status_without_the_key() {
		if ( ! is_readable( dirname( KEY_GUARD_FILE ) . '/build/settings.asset.php' ) ) {
			$this->markTestSkipped( 'Run npm run build first.' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		$key = Sim_Keys::key( 'ok', 'preload' );
		update_option( Key_Store::OPTION, $key );
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->enqueue();
		$this->assertTrue( wp_script_is( Assets::handle( Settings_Page::ENTRY ), 'enqueued' ) );
		$inline = implode( "\n", wp_scripts()->get_data( 'wp-api-fetch', 'after' ) );
		$this->assertStringContainsString( 'createPreloadingMiddleware', $inline );
		$this->assertStringContainsString( '\/key-guard\/v1\/key', $inline );
		$this->assertStringNotContainsString( substr( $key, 10, 20 ), $inline );
		wp_dequeue_script( Assets::handle( Settings_Page::ENTRY ) );
	}

	/**
	 * The words of the chunks the screen loads later (the Usage tab) reach wp.i18n before the
	 * screen runs: each chunk is registered for its translation file, never enqueued.
	 */
	public function test_chunk_translations_are_handed_to_the_page() {
		$chunk = dirname( KEY_GUARD_FILE ) . '/build/usage.js';
		if ( ! is_readable( $chunk ) ) {
			$this->markTestSkipped( 'Run npm run build first.' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		$handle       = Assets::handle( Settings_Page::ENTRY );
		$translations = static function ( $json, $file, $script ) use ( $handle ) {
			return $handle . '-usage' === $script ? '{"locale_data":{"messages":{"":{"domain":"messages"},"Usage figures":["Chiffres d\u2019usage"]}}}' : $json;
		};
		add_filter( 'pre_load_script_translations', $translations, 10, 3 );
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->enqueue();
		remove_filter( 'pre_load_script_translations', $translations );
		$before = implode( "\n", (array) wp_scripts()->get_data( $handle, 'before' ) );
		$this->assertStringContainsString( 'Chiffres', $before );
		$this->assertStringContainsString( 'wp.i18n.setLocaleData', $before );
		$this->assertTrue( wp_script_is( $handle . '-usage', 'registered' ) );
		$this->assertFalse( wp_script_is( $handle . '-usage', 'enqueued' ), 'the screen fetches the chunk itself' );
		wp_dequeue_script( $handle );
	}

	/**
	 * The screen learns whether the key goes to OpenAI's own API, which decides the keys it takes.
	 */
	public function test_enqueue_tells_the_screen_whether_the_base_url_is_openais() {
		if ( ! is_readable( dirname( KEY_GUARD_FILE ) . '/build/settings.asset.php' ) ) {
			$this->markTestSkipped( 'Run npm run build first.' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		$handle   = Assets::handle( Settings_Page::ENTRY );
		$settings = static function () use ( $handle ) {
			$before = (array) wp_scripts()->get_data( $handle, 'before' );
			preg_match( '/window\.keyGuardSettings = (\{.*\});/s', (string) end( $before ), $m );
			return json_decode( $m[1] ?? 'null', true );
		};
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->enqueue();
		$this->assertFalse( $settings()['openaiOwnBaseUrl'], 'OPENAI_BASE_URL points to the simulator' );
		putenv( 'OPENAI_BASE_URL' );
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->enqueue();
		$this->assertTrue( $settings()['openaiOwnBaseUrl'], 'no OPENAI_BASE_URL: OpenAI\'s own API' );
		wp_dequeue_script( $handle );
	}

	/**
	 * The screen gets the server's key texts, so its live hints say what the server will say.
	 */
	public function test_enqueue_gives_the_screen_the_servers_key_texts() {
		if ( ! is_readable( dirname( KEY_GUARD_FILE ) . '/build/settings.asset.php' ) ) {
			$this->markTestSkipped( 'Run npm run build first.' );
		}
		wp_set_current_user( self::user( 'administrator' ) );
		$handle = Assets::handle( Settings_Page::ENTRY );
		( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->enqueue();
		$before = (array) wp_scripts()->get_data( $handle, 'before' );
		preg_match( '/window\.keyGuardSettings = (\{.*\});/s', (string) end( $before ), $m );
		$this->assertSame( Key_Texts::export(), json_decode( $m[1] ?? 'null', true )['keyTexts'] ?? null );
		wp_dequeue_script( $handle );
	}

	/**
	 * "Settings" leads the plugin's action links.
	 */
	public function test_action_link() {
		$links = ( new Settings_Page( new Assets( KEY_GUARD_FILE ), self::kg( 'endpoint' ) ) )->action_links( array( 'deactivate' => 'x' ) );
		$this->assertStringContainsString( 'options-general.php?page=key-guard-for-openai', $links[0] );
	}
}
