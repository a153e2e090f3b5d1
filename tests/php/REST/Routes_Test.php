<?php
/**
 * Tests for the key-guard/v1 routes through the real REST server.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Shape;
use Key_Guard\Key\Key_Store;
use WP_REST_Request;

/**
 * Each route: success, refusals, permissions, strict schemas; the key never in an answer.
 */
final class Routes_Test extends TestCase {

	/**
	 * Every route and method.
	 *
	 * @return array
	 */
	public function route_cases() {
		return array(
			'GET /key'          => array( 'GET', '/key', null ),
			'POST /key'         => array( 'POST', '/key', array( 'key' => Sim_Keys::key( 'ok' ) ) ),
			'DELETE /key'       => array( 'DELETE', '/key', null ),
			'POST /test'        => array( 'POST', '/test', array() ),
			'GET /audit'        => array( 'GET', '/audit', null ),
			'POST /key/confirm' => array( 'POST', '/key/confirm', null, 409 ),
		);
	}

	/**
	 * Logged out: 401; logged in without manage_options: 403; nothing changes.
	 *
	 * @dataProvider route_cases
	 *
	 * @param string     $method Method.
	 * @param string     $route  Route.
	 * @param array|null $body   Body.
	 * @param int        $admin  What an administrator gets (409: nothing to confirm here).
	 */
	public function test_permissions( $method, $route, $body, $admin = 200 ) {
		$key = Sim_Keys::key( 'ok', 'perm' );
		update_option( Key_Store::OPTION, $key );
		$this->assertSame( 401, self::rest( $method, $route, $body )->get_status() );
		foreach ( array( 'subscriber', 'contributor', 'author', 'editor' ) as $role ) {
			wp_set_current_user( self::user( $role ) );
			$response = self::rest( $method, $route, $body );
			$this->assertSame( 403, $response->get_status(), $role );
			$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
		}
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame( $admin, self::rest( $method, $route, $body )->get_status() );
	}

	/**
	 * GET /key describes the key without the key.
	 */
	public function test_get_key() {
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertFalse( self::rest( 'GET', '/key' )->get_data()['configured'] );
		$key = Sim_Keys::key( 'ok', 'get' );
		update_option( Key_Store::OPTION, $key );
		$data = self::rest( 'GET', '/key' )->get_data();
		$this->assertSame(
			array( 'configured', 'source', 'editable', 'masked', 'kind', 'saved_at', 'saved_by', 'saved_by_name', 'last_test', 'warnings', 'default_model', 'environment', 'environments', 'storage', 'storage_warning', 'held', 'shared_secret', 'age_days' ),
			array_keys( $data )
		);
		$this->assertSame( Key_Shape::mask( $key ), $data['masked'] );
		$this->assertStringNotContainsString( substr( $key, 10, 20 ), wp_json_encode( $data ) );
	}

	/**
	 * POST /key saves a pasted key and says what it cleaned up.
	 */
	public function test_save_key() {
		wp_set_current_user( self::user( 'administrator' ) );
		$key      = Sim_Keys::key( 'ok', 'save' );
		$response = self::rest( 'POST', '/key', array( 'key' => " 'Bearer $key' " ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
		$this->assertTrue( $data['configured'] );
		$this->assertSame( 'database', $data['source'] );
		$this->assertEqualsCanonicalizing( array( 'removed_whitespace', 'removed_quotes', 'removed_bearer' ), wp_list_pluck( $data['notices'], 'code' ) );
		$this->assertStringNotContainsString( substr( $key, 10, 20 ), wp_json_encode( $data ) );
	}

	/**
	 * Through a gateway (OPENAI_BASE_URL elsewhere), a key of another shape is tested, not refused
	 * offline (the service decides), and can be prepared for another environment with a warning.
	 */
	public function test_foreign_key_through_a_gateway() {
		wp_set_current_user( self::user( 'administrator' ) );
		$groq     = 'gsk_' . str_repeat( 'Qq', 26 );
		$response = self::rest( 'POST', '/test', array( 'key' => $groq ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertNotSame( 'malformed_key', $response->get_data()['code'] );
		$this->assertContains( 'tested', wp_list_pluck( self::kg( 'audit' )->events(), 'event' ) );

		$response = self::rest( 'POST', '/environments/staging', array( 'key' => $groq ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertContains( 'foreign_key', wp_list_pluck( $response->get_data()['notices'], 'code' ) );
	}

	/**
	 * Hostile or wrong bodies for POST /key, and the error code each must get.
	 *
	 * @return array
	 */
	public function bad_save_cases() {
		$ok = Sim_Keys::key( 'ok' );
		return array(
			'empty'        => array( array( 'key' => '' ), 'key_guard_empty' ),
			'whitespace'   => array( array( 'key' => " \n\t " ), 'key_guard_empty' ),
			'mask'         => array( array( 'key' => Key_Shape::mask( $ok ) ), 'key_guard_masked' ),
			'admin key'    => array( array( 'key' => 'sk-admin-' . str_repeat( 'a', 40 ) ), 'key_guard_admin_key' ),
			'1 MB'         => array( array( 'key' => str_repeat( 'a', 1048576 ) ), 'rest_invalid_param' ),
			'number'       => array( array( 'key' => 12345 ), 'rest_invalid_param' ),
			'array'        => array( array( 'key' => array( 'a' ) ), 'rest_invalid_param' ),
			'null'         => array( array( 'key' => null ), 'rest_missing_callback_param' ),
			'missing key'  => array( array(), 'rest_missing_callback_param' ),
			'extra field'  => array(
				array(
					'key'   => $ok,
					'admin' => true,
				),
				'rest_additional_properties_forbidden',
			),
			'html payload' => array( array( 'key' => '<img src=x onerror=alert(1)>' ), 'key_guard_invalid_characters' ),
			'sql payload'  => array( array( 'key' => "'; DROP TABLE wp_options; --" ), 'key_guard_invalid_characters' ),
			'homoglyph'    => array( array( 'key' => str_replace( 'a', "\u{0430}", $ok ) ), 'key_guard_invalid_characters' ),
			'too long'     => array( array( 'key' => 'sk-proj-' . str_repeat( 'a', 1000 ) ), 'key_guard_too_long' ),
		);
	}

	/**
	 * Each bad body gets a clear 4xx and the stored key stays.
	 *
	 * @dataProvider bad_save_cases
	 *
	 * @param array  $body Body.
	 * @param string $code Expected error code.
	 */
	public function test_bad_save_keeps_stored_key( array $body, $code ) {
		wp_set_current_user( self::user( 'administrator' ) );
		$key = Sim_Keys::key( 'ok', 'stored' );
		update_option( Key_Store::OPTION, $key );
		$response = self::rest( 'POST', '/key', $body );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( $code, $response->get_data()['code'] );
		$this->assertNotSame( '', $response->get_data()['message'] );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * A key in the URL (which ends up in access logs) is refused, and nothing is saved.
	 */
	public function test_key_in_query_string_is_refused() {
		wp_set_current_user( self::user( 'administrator' ) );
		$request = new WP_REST_Request( 'POST', '/key-guard/v1/key' );
		$request->set_query_params( array( 'key' => Sim_Keys::key( 'ok' ) ) );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'key_guard_key_in_url', $response->get_data()['code'] );
		$this->assertNull( self::raw_option() );
	}

	/**
	 * Invalid JSON is refused by the REST server itself.
	 */
	public function test_invalid_json() {
		wp_set_current_user( self::user( 'administrator' ) );
		$request = new WP_REST_Request( 'POST', '/key-guard/v1/key' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( '{"key": "sk-' );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_json', $response->get_data()['code'] );
	}

	/**
	 * DELETE /key removes the stored key.
	 */
	public function test_delete_key() {
		wp_set_current_user( self::user( 'administrator' ) );
		update_option( Key_Store::OPTION, Sim_Keys::key( 'ok' ) );
		$response = self::rest( 'DELETE', '/key' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $response->get_data()['configured'] );
		$this->assertNull( self::raw_option() );
	}

	/**
	 * With the key in the environment, writes are refused with 409 and nothing changes.
	 */
	public function test_env_key_is_read_only() {
		wp_set_current_user( self::user( 'administrator' ) );
		putenv( 'OPENAI_API_KEY=' . Sim_Keys::key( 'ok', 'env' ) );
		$status = self::rest( 'GET', '/key' )->get_data();
		$this->assertSame( 'env', $status['source'] );
		$this->assertFalse( $status['editable'] );
		foreach ( array( array( 'POST', array( 'key' => Sim_Keys::key( 'ok' ) ) ), array( 'DELETE', null ) ) as $call ) {
			$response = self::rest( $call[0], '/key', $call[1] );
			$this->assertSame( 409, $response->get_status() );
			$this->assertSame( 'key_guard_read_only', $response->get_data()['code'] );
		}
		$this->assertNull( self::raw_option() );
	}

	/**
	 * POST /test on the stored key records the result; on a typed key it does not, and the stored key stays.
	 */
	public function test_test_route() {
		wp_set_current_user( self::user( 'administrator' ) );
		$stored = Sim_Keys::key( 'ok', 'route' );
		self::rest( 'POST', '/key', array( 'key' => $stored ) );

		$result = self::rest( 'POST', '/test', array() )->get_data();
		$this->assertSame( 'connected', $result['code'] );
		$this->assertSame( 'stored', $result['key_source'] );
		$this->assertSame( 'connected', self::rest( 'GET', '/key' )->get_data()['last_test']['code'] );

		$candidate = self::rest( 'POST', '/test', array( 'key' => ' ' . Sim_Keys::key( 'insufficient_quota' ) . ' ' ) )->get_data();
		$this->assertSame( 'insufficient_quota', $candidate['code'] );
		$this->assertSame( 'candidate', $candidate['key_source'] );
		$this->assertSame( 'connected', self::rest( 'GET', '/key' )->get_data()['last_test']['code'] );
		$this->assertSame( $stored, get_option( Key_Store::OPTION ) );
		$this->assertStringNotContainsString( substr( $stored, 10, 20 ), wp_json_encode( $result ) );
	}

	/**
	 * POST /test validates its fields.
	 */
	public function test_test_route_validation() {
		wp_set_current_user( self::user( 'administrator' ) );
		foreach ( array(
			array( 'model' => '../../etc' ),
			array( 'model' => 5 ),
			array( 'model' => "gpt-4o-mini\n" ),
			array( 'key' => array() ),
			array( 'base_url' => 'http://evil.example' ),
		) as $body ) {
			$this->assertSame( 400, self::rest( 'POST', '/test', $body )->get_status(), wp_json_encode( $body ) );
		}
		$this->assertSame(
			'model_not_found',
			self::rest(
				'POST',
				'/test',
				array(
					'key'   => Sim_Keys::key( 'ok' ),
					'model' => 'gpt-unknown',
				)
			)->get_data()['code']
		);
	}

	/**
	 * Routes are registered with strict arguments.
	 */
	public function test_routes_registered() {
		$routes = rest_get_server()->get_routes( 'key-guard/v1' );
		$this->assertArrayHasKey( '/key-guard/v1/key', $routes );
		$this->assertArrayHasKey( '/key-guard/v1/test', $routes );
		foreach ( $routes['/key-guard/v1/test'][0]['args'] as $arg ) {
			$this->assertArrayHasKey( 'type', $arg );
		}
	}

	/**
	 * GET /key and the settings page's preload write nothing, even for a row that cannot be
	 * decrypted on a copied site (its record waits for the end of the request, once per row).
	 */
	public function test_reading_the_status_writes_nothing() {
		wp_set_current_user( self::user( 'administrator' ) );
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'readonly' ), get_current_user_id() );
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => 'kg2:' . str_repeat( 'A', 120 ) ), array( 'option_name' => Key_Store::OPTION ) );
		wp_cache_flush();
		self::kg( 'option' )->forget_answers();
		$writes = array();
		$watch  = static function ( $query ) use ( &$writes ) {
			if ( preg_match( '/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i', $query ) ) {
				$writes[] = $query;
			}
			return $query;
		};
		add_filter( 'query', $watch );
		$status = self::rest( 'GET', '/key' )->get_data();
		rest_preload_api_request( array(), '/key-guard/v1/key' );
		remove_filter( 'query', $watch );
		$this->assertSame( 'undecryptable', $status['storage'] );
		$this->assertSame( array(), $writes );
	}
}
