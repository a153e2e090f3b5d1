<?php
/**
 * Tests for testing a key prepared for another environment type.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Storage\Key_Cipher;

/**
 * POST /test {"environment": "staging"} sends the key prepared for staging sites, and only that key,
 * before any copy depends on it (this test site is `local`; keys are prepared through the REST API
 * as the screen does). The status says once whether copies can read the prepared keys.
 */
final class Environment_Key_Test_Test extends TestCase {

	/**
	 * Logs in as an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		wp_set_current_user( self::user( 'administrator' ) );
	}

	/**
	 * Prepares a key for an environment type through the REST API.
	 *
	 * @param string $type Environment type.
	 * @param string $key  The key.
	 */
	private function prepare( $type, $key ) {
		$this->assertSame( 200, self::rest( 'POST', '/environments/' . $type, array( 'key' => $key ) )->get_status() );
	}

	/**
	 * The prepared key is the one tested: this site's key (no credit) would fail, the staging key works.
	 */
	public function test_the_prepared_key_is_tested_and_nothing_else_changes() {
		self::kg( 'store' )->save( Sim_Keys::key( 'insufficient_quota', 'main' ), get_current_user_id() );
		$this->prepare( 'staging', Sim_Keys::key( 'ok', 'staging' ) );

		$response = self::rest( 'POST', '/test', array( 'environment' => 'staging' ) );
		$this->assertSame( 200, $response->get_status() );
		$result = $response->get_data();
		$this->assertTrue( $result['ok'], wp_json_encode( $result ) );
		$this->assertSame( 'connected', $result['code'] );
		$this->assertSame( 'environment', $result['key_source'] );
		$this->assertSame( 'staging', $result['environment'] );
		$this->assertNull( self::kg( 'status' )->describe()['last_test'], 'the saved key has still not been tested' );
		$this->assertSame( array( 'tested', 'staging_connected' ), array( self::kg( 'audit' )->events()[0]['event'], self::kg( 'audit' )->events()[0]['outcome'] ) );

		// The same request without the environment tests this site's key.
		$this->assertSame( 'insufficient_quota', self::rest( 'POST', '/test', array() )->get_data()['code'] );
	}

	/**
	 * A type with no key prepared tests as no key: nothing is sent, and this site's key is not used.
	 */
	public function test_a_type_without_a_prepared_key_has_no_key() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'main' ), get_current_user_id() );
		$result = self::rest( 'POST', '/test', array( 'environment' => 'development' ) )->get_data();
		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'no_key', $result['code'] );
		$this->assertSame( 'development', $result['environment'] );
	}

	/**
	 * Cases of requests that must be refused.
	 *
	 * @return array<string, array{0: array, 1: int, 2: string}>
	 */
	public function refused_cases() {
		return array(
			'this site\'s own type' => array( array( 'environment' => 'local' ), 409, 'key_guard_current_environment' ),
			'unknown type'          => array( array( 'environment' => 'qa' ), 400, 'rest_invalid_param' ),
			'not a string'          => array( array( 'environment' => array( 'staging' ) ), 400, 'rest_invalid_param' ),
			'a key as well'         => array(
				array(
					'environment' => 'staging',
					'key'         => Sim_Keys::key( 'ok', 'x' ),
				),
				400,
				'key_guard_key_and_environment',
			),
		);
	}

	/**
	 * Wrong requests get a clear 4xx in words, run no test and record nothing.
	 *
	 * @dataProvider refused_cases
	 *
	 * @param array  $body   Request body.
	 * @param int    $status Expected HTTP status.
	 * @param string $code   Expected error code.
	 */
	public function test_refused_requests( array $body, $status, $code ) {
		$this->prepare( 'staging', Sim_Keys::key( 'ok', 'staging' ) );
		$before   = count( self::kg( 'audit' )->events() );
		$response = self::rest( 'POST', '/test', $body );
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( $code, $response->get_data()['code'] );
		$this->assertNotSame( '', $response->get_data()['message'] );
		$this->assertCount( $before, self::kg( 'audit' )->events(), 'nothing recorded' );
		if ( 'key_guard_current_environment' === $code ) {
			$this->assertStringContainsString( 'Test connection', $response->get_data()['message'] );
		}
	}

	/**
	 * Whether copies can read the prepared keys is a fact of the status, not a notice on every save.
	 */
	public function test_the_shared_secret_is_said_once_by_the_status() {
		$notices = self::rest( 'POST', '/environments/staging', array( 'key' => Sim_Keys::key( 'ok', 'staging' ) ) )->get_data()['notices'];
		$this->assertNotContains( 'needs_shared_secret', wp_list_pluck( $notices, 'code' ) );
		$this->assertFalse( defined( 'KEY_GUARD_ENCRYPTION_KEY' ), 'this test site encrypts with its salts' );
		$this->assertFalse( self::rest( 'GET', '/key' )->get_data()['shared_secret'] );
	}

	/**
	 * With KEY_GUARD_ENCRYPTION_KEY defined, the status says copies can read the prepared keys.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_an_encryption_key_lets_copies_read_the_prepared_keys() {
		define( 'KEY_GUARD_ENCRYPTION_KEY', str_repeat( 'k3y-', 10 ) );
		$this->assertTrue( Key_Cipher::uses_constant() );
		$this->assertTrue( self::rest( 'GET', '/key' )->get_data()['shared_secret'] );
	}
}
