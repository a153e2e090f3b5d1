<?php
/**
 * Base test case: real WordPress, state reset around each test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;
use WP_REST_Request;
use WP_REST_Response;
use Yoast\PHPUnitPolyfills\TestCases\TestCase as Polyfill_TestCase;

/**
 * Resets the key option, our metadata, the environment and the current user around every test.
 */
abstract class TestCase extends Polyfill_TestCase {

	const ENV = array( 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID' );

	/**
	 * Users made by user(), by role.
	 *
	 * @var array<string, int>
	 */
	private static $users = array();

	/**
	 * Starts from no key, no metadata, no env, nobody logged in; the simulator as the API.
	 */
	protected function set_up() {
		parent::set_up();
		// A test run in a separate process changes the database behind this process's cache.
		wp_cache_flush();
		foreach ( self::ENV as $name ) {
			putenv( $name );
		}
		putenv( 'OPENAI_BASE_URL=' . self::simulator_url() );
		delete_option( Key_Store::OPTION );
		delete_option( Key_Metadata::OPTION );
		delete_option( 'key_guard_audit' );
		delete_option( 'key_guard_environment_keys' );
		if ( is_multisite() ) {
			// The suites test a site's own key: on a network, no network key and site keys allowed
			// (Network_Key_Test starts from the default, site keys refused).
			delete_network_option( null, 'key_guard_network_key' );
		}
		self::allow_site_keys();
		foreach ( array_merge( array( 0 ), get_users( array( 'fields' => 'ID' ) ) ) as $id ) {
			self::kg( 'limiter' )->reset( $id );
		}
		wp_set_current_user( 0 );
	}

	/**
	 * Leaves the site as it was found.
	 */
	protected function tear_down() {
		foreach ( self::ENV as $name ) {
			putenv( $name );
		}
		delete_option( Key_Store::OPTION );
		delete_option( Key_Metadata::OPTION );
		delete_option( 'key_guard_environment_keys' );
		wp_set_current_user( 0 );
		parent::tear_down();
	}

	/**
	 * On a network, lets sites have keys of their own (as the network settings saved do), with no
	 * network budget.
	 */
	protected static function allow_site_keys() {
		if ( ! is_multisite() ) {
			return;
		}
		update_network_option(
			null,
			'key_guard_network',
			array(
				'allow_site_keys'    => true,
				'monthly_budget_usd' => null,
			)
		);
	}

	/**
	 * Whether this WordPress has Connectors and its AI client (7.0 and later).
	 *
	 * @return bool
	 */
	protected static function has_connectors() {
		return function_exists( 'wp_get_connector' ) && function_exists( 'wp_ai_client_prompt' );
	}

	/**
	 * Skips a test of core's Connectors screen or AI client on a WordPress without them (6.x).
	 */
	protected function needs_connectors() {
		if ( ! self::has_connectors() ) {
			$this->markTestSkipped( 'WordPress ' . get_bloginfo( 'version' ) . ' has no Connectors screen or AI client (they came in 7.0): this test is about them.' );
		}
	}

	/**
	 * A collaborator of the plugin's object graph, the very instance whose hooks run.
	 *
	 * @param string $name Its name (store, status, resolver, row, meta, hold, …).
	 * @return mixed
	 */
	protected static function kg( $name ) {
		return key_guard()->get( $name );
	}

	/**
	 * What the plugin's hooks call for a collaborator's method (found by has_action, removed by
	 * remove_action).
	 *
	 * @param string $name   The collaborator's name.
	 * @param string $method Its method.
	 * @return array
	 */
	protected static function hooked( $name, $method ) {
		return key_guard()->callback( $name, $method );
	}

	/**
	 * A JSON fixture under tests/, decoded; throws rather than letting a data provider yield no case
	 * (a moved or broken fixture must fail, not skip).
	 *
	 * @param string $path Path below tests/, e.g. php/fixtures/typed-keys.json.
	 * @return array
	 * @throws \RuntimeException When the fixture is missing, unreadable or empty.
	 */
	protected static function json_fixture( $path ) {
		$file = dirname( __DIR__ ) . '/' . $path;
		$data = is_readable( $file ) ? json_decode( (string) file_get_contents( $file ), true ) : null; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A local test fixture.
		if ( ! is_array( $data ) || ! $data ) {
			throw new \RuntimeException( "No cases in tests/$path: a moved or broken fixture must fail, not skip." );
		}
		return $data;
	}

	/**
	 * The simulator's base URL (…/v1), from KEY_GUARD_SIMULATOR_URL.
	 *
	 * @return string
	 */
	protected static function simulator_url() {
		$url = getenv( 'KEY_GUARD_SIMULATOR_URL' );
		return $url ? $url : 'http://127.0.0.1:9999/v1';
	}

	/**
	 * A user with a role, made once per run.
	 *
	 * @param string $role Role name.
	 * @return int User ID.
	 */
	protected static function user( $role ) {
		if ( ! isset( self::$users[ $role ] ) ) {
			$login                = 'kg_test_' . $role;
			$user                 = get_user_by( 'login', $login );
			$id                   = $user ? $user->ID : wp_insert_user(
				array(
					'user_login' => $login,
					'user_pass'  => wp_generate_password(),
					'user_email' => $login . '@example.test',
					'role'       => $role,
				)
			);
			self::$users[ $role ] = (int) $id;
		}
		return self::$users[ $role ];
	}

	/**
	 * Dispatches a REST request through the real server.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $route  Route below key-guard/v1, or a full route starting with /wp/; a query
	 *                           string after it becomes the query parameters.
	 * @param array|null $json   JSON body.
	 * @return WP_REST_Response
	 */
	protected static function rest( $method, $route, $json = null ) {
		$parts   = explode( '?', $route, 2 );
		$path    = 0 === strpos( $parts[0], '/wp/' ) ? $parts[0] : '/key-guard/v1' . $parts[0];
		$request = new WP_REST_Request( $method, $path );
		if ( isset( $parts[1] ) ) {
			wp_parse_str( $parts[1], $query );
			$request->set_query_params( $query );
		}
		if ( null !== $json ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( wp_json_encode( $json ) );
		}
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * Asserts a value is a WP_Error.
	 *
	 * @param mixed  $actual  Value.
	 * @param string $message Failure message.
	 */
	protected function assertWPError( $actual, $message = '' ) {
		$this->assertInstanceOf( \WP_Error::class, $actual, $message );
	}

	/**
	 * The raw option value, bypassing every filter.
	 *
	 * @return string|null
	 */
	protected static function raw_option() {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", Key_Store::OPTION ) );
	}
}
