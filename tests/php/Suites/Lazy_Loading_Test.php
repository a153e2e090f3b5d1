<?php
/**
 * Tests that a page which never touches the key, OpenAI or the screen makes nothing of ours.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

/**
 * The plugin adds its hooks through stand-ins and makes each collaborator on first use: a
 * visitor's page loads only the wiring (and the classes whose constants name the hooks), never
 * the key store, the connection test, the usage tables or the REST controllers.
 *
 * The page runs in a PHP process of its own (tests/php/Suites/page-runner.php): this one has
 * long loaded every class.
 */
final class Lazy_Loading_Test extends TestCase {

	/**
	 * What a visitor's page may load: the wiring, and the classes that add hooks or name them.
	 */
	const WIRING = array(
		'Key_Guard\\Plugin',
		'Key_Guard\\Services',
		'Key_Guard\\Faces',
		'Key_Guard\\Lazy_Service',
		'Key_Guard\\Hooks',
		// On init: core's option registered as a setting, and the upgrade check.
		'Key_Guard\\Key\\Key_Resolver',
		'Key_Guard\\Storage\\Installer',
	);
	/**
	 * What a REST request may load besides the controllers: the classes whose constants the route
	 * arguments use, and the test of whether it saves the key through core's settings route.
	 */
	const ROUTE_SCHEMAS = array(
		'Key_Guard\\Key\\Core_Save_Guard',
		'Key_Guard\\Key\\Environment_Type',
		'Key_Guard\\Connection\\Model_Choice',
		'Key_Guard\\Usage\\Usage_Report',
		'Key_Guard\\Setup\\Setup_Guide',
	);

	/**
	 * A visitor's page loads the wiring and nothing that does the work.
	 */
	public function test_a_visitors_page_makes_nothing_it_does_not_use() {
		$loaded = self::page_classes();
		$this->assertContains( 'Key_Guard\\Plugin', $loaded, 'the runner saw the plugin' );
		$this->assertContains( 'Key_Guard\\Lazy_Service', $loaded );
		$this->assertSame( array(), array_values( array_diff( $loaded, self::WIRING ) ), 'classes a visitor\'s page made without using them' );
		foreach ( array( 'Key_Guard\\Key\\Key_Store', 'Key_Guard\\Connection\\Connection_Check', 'Key_Guard\\Usage\\Usage_Table', 'Key_Guard\\REST\\Key_Controller' ) as $work ) {
			$this->assertNotContains( $work, $loaded );
		}
	}

	/**
	 * A REST request for another plugin's route adds our routes (their descriptions load the
	 * controllers' classes) but makes no controller and nothing a controller needs.
	 */
	public function test_another_plugins_rest_route_makes_no_controller() {
		$loaded = self::page_classes( 'rest' );
		$routes = array(
			'Key_Guard\\REST\\Controller',
			'Key_Guard\\REST\\Key_Controller',
			'Key_Guard\\REST\\Test_Controller',
			'Key_Guard\\REST\\Usage_Controller',
			'Key_Guard\\REST\\Network_Controller', // Adds routes on a network only.
			'Key_Guard\\REST\\Setup_Controller',
		);
		foreach ( $routes as $controller ) {
			$this->assertContains( $controller, $loaded, 'the routes were added' );
		}
		$this->assertSame( array(), array_values( array_diff( $loaded, self::WIRING, $routes, self::ROUTE_SCHEMAS ) ), 'classes another plugin\'s route made without using them' );
	}

	/**
	 * A page that sends an HTTP request to another host (WordPress starting its cron) makes the
	 * meter, which tells the URL is not OpenAI's, and not the books behind it.
	 */
	public function test_a_request_to_another_host_makes_only_the_meter() {
		$loaded = self::page_classes( 'http' );
		$meter  = array( 'Key_Guard\\Usage\\Usage_Meter', 'Key_Guard\\Usage\\Pending_Requests', 'Key_Guard\\Connection\\Endpoint' );
		$this->assertContains( 'Key_Guard\\Usage\\Usage_Meter', $loaded, 'the HTTP API asked the meter' );
		$this->assertSame( array(), array_values( array_diff( $loaded, self::WIRING, $meter ) ), 'classes a request to another host made' );
	}

	/**
	 * The hooks write out the names the classes define: the same options, actions and events.
	 */
	public function test_the_hooks_name_what_the_classes_name() {
		$this->assertSame( \Key_Guard\Key\Key_Resolver::OPTION, \Key_Guard\Hooks::KEY_OPTION );
		$this->assertSame( array( \Key_Guard\Key\Key_Facts::OPTION, \Key_Guard\Key\Environment_Keys::OPTION, \Key_Guard\Key\Key_Metadata::OPTION ), \Key_Guard\Hooks::KEY_STATE_OPTIONS );
		$this->assertSame( array( \Key_Guard\Network\Network_Key::OPTION, \Key_Guard\Network\Network_Settings::OPTION ), \Key_Guard\Hooks::NETWORK_OPTIONS );
		$named = array(
			'update_option_' . \Key_Guard\Usage\Limits::OPTION => self::hooked( 'limit_changes', 'limits_changed' ),
			\Key_Guard\Usage\Request_Log::CRON => self::hooked( 'requests', 'prune' ),
			'admin_post_' . \Key_Guard\Admin\Setup_Notice::ACTION => self::hooked( 'notice', 'dismiss' ),
			'admin_post_' . \Key_Guard\Usage\Spend_Alert_Notice::ACTION => self::hooked( 'alert_notice', 'dismiss' ),
			'update_option_' . \Key_Guard\Key\Key_Metadata::OPTION => self::hooked( 'facts', 'refresh' ),
		);
		foreach ( $named as $hook => $callback ) {
			$this->assertNotFalse( has_action( $hook, $callback ), $hook );
		}
	}

	/**
	 * A hook's stand-in reaches the very collaborator the plugin hands out, made once.
	 */
	public function test_a_stand_in_calls_the_collaborator_itself() {
		$callback = key_guard()->callback( 'meter', 'decide' );
		$this->assertSame( $callback, key_guard()->callback( 'meter', 'decide' ), 'the same callable each time, so it can be removed' );
		$this->assertSame( 'kept', call_user_func( $callback, 'kept', array(), 'https://example.com/' ) );
		$this->assertSame( self::kg( 'meter' ), self::kg( 'meter' ) );
		$this->expectException( \InvalidArgumentException::class );
		key_guard()->get( 'no-such-collaborator' );
	}

	/**
	 * The plugin's classes a visitor's page (or a REST request) loaded.
	 *
	 * @param string $what '' for a page, 'rest' for another plugin's REST route, 'http' for a page
	 *                     that sends a request to another host.
	 * @return string[]
	 * @throws \RuntimeException When the page fails.
	 */
	private static function page_classes( $what = '' ) {
		$command = array( PHP_BINARY, __DIR__ . '/page-runner.php', untrailingslashit( ABSPATH ), $what );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- a page of its own.
		$process = proc_open( $command, array( array( 'file', '/dev/null', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ), $pipes );
		$output  = stream_get_contents( $pipes[1] );
		$errors  = stream_get_contents( $pipes[2] );
		$code    = proc_close( $process );
		$classes = json_decode( (string) $output, true );
		if ( 0 !== $code || ! is_array( $classes ) ) {
			throw new \RuntimeException( "The page exited $code: $output $errors" );
		}
		return $classes;
	}
}
