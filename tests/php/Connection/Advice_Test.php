<?php
/**
 * Tests for Advice: advice that fits the cause (issue 8, fix 9), end to end over the OpenAI simulator.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Advice;

/**
 * A fault on this server's side points to the server and its host, never to OpenAI's status page; that
 * page is for OpenAI's own failures. A key that generates but may not look up models is connected, with
 * a warning that names the permission.
 */
final class Advice_Test extends TestCase {

	/**
	 * The URLs of a result's links.
	 *
	 * @param array $result A TestResult.
	 * @return string[]
	 */
	private static function urls( array $result ) {
		return wp_list_pluck( $result['links'], 'url' );
	}

	/**
	 * Faults on this server's side: the base URL to use (null: the simulator), the key's scenario, the code.
	 *
	 * @return array
	 */
	public function site_fault_cases() {
		return array(
			'connection refused'                => array( 'http://127.0.0.1:9/v1', 'ok', 'connection_failed' ),
			'connection dropped'                => array( null, 'connection_failed', 'connection_failed' ),
			'host that does not resolve'        => array( 'http://key-guard-test.invalid/v1', 'ok', 'dns_failure' ),
			'TLS to a server that has none'     => array( 'https', 'ok', 'tls_failure' ),
			'blocked by WP_HTTP_BLOCK_EXTERNAL' => array( 'https://key-guard-blocked.test/v1', 'ok', 'connection_failed' ),
		);
	}

	/**
	 * Each fault on this server's side says so and sends the owner to the server's host, not to OpenAI.
	 *
	 * @dataProvider site_fault_cases
	 *
	 * @param string|null $base     OPENAI_BASE_URL; 'https' for the simulator over https.
	 * @param string      $scenario Simulator scenario of the key.
	 * @param string      $code     Expected diagnosis.
	 */
	public function test_a_fault_on_this_servers_side_points_to_the_server( $base, $scenario, $code ) {
		if ( 'https' === $base ) {
			$base = preg_replace( '#^http://#', 'https://', self::simulator_url() );
		}
		if ( null !== $base ) {
			putenv( 'OPENAI_BASE_URL=' . $base );
		}
		$result = self::kg( 'tester' )->run( Sim_Keys::key( $scenario, 'sf' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( $code, $result['code'], $result['checks'][1]['detail'] );
		$this->assertNull( $result['http_status'], 'OpenAI never answered.' );
		$this->assertNotContains( Advice::LINKS['status'], self::urls( $result ), 'OpenAI\'s status page cannot help with this server\'s network.' );
		$this->assertStringContainsString( 'This is on this server\'s side, not OpenAI\'s', $result['advice'] );
		$this->assertStringContainsString( 'host', $result['advice'] );
	}

	/**
	 * WordPress itself refusing to send the request (WP_HTTP_BLOCK_EXTERNAL, as on the test site) names
	 * the constant to change, whatever language the site speaks.
	 */
	public function test_a_request_wordpress_blocks_names_the_setting() {
		$this->assertTrue( defined( 'WP_HTTP_BLOCK_EXTERNAL' ) && WP_HTTP_BLOCK_EXTERNAL, 'The test site blocks external requests (scripts/make-site.mjs).' );
		putenv( 'OPENAI_BASE_URL=https://key-guard-blocked.test/v1' );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( 'connection_failed', $result['code'] );
		$this->assertStringContainsString( 'WP_HTTP_BLOCK_EXTERNAL', $result['checks'][1]['detail'] );
		$this->assertStringContainsString( 'WP_ACCESSIBLE_HOSTS', $result['advice'] );
		$this->assertContains( Advice::LINKS['wp_block'], self::urls( $result ) );
	}

	/**
	 * OpenAI's own failures keep the status page.
	 */
	public function test_a_failure_on_openais_side_points_to_its_status_page() {
		foreach ( array( 'server_error', 'overloaded', 'bad_gateway_html' ) as $scenario ) {
			$result = self::kg( 'tester' )->run( Sim_Keys::key( $scenario, 'os' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
			$this->assertSame( 'server_error', $result['code'], $scenario );
			$this->assertSame( array( Advice::LINKS['status'] ), self::urls( $result ), $scenario );
			$this->assertStringContainsString( 'OpenAI\'s side', $result['advice'], $scenario );
		}
	}

	/**
	 * A restricted key without "Models: Read" that generates text is connected: the model lookup warns,
	 * and the advice names the permission; the result carries the generation's status and request id.
	 */
	public function test_a_key_that_generates_without_models_read_is_connected_with_a_warning() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'missing_scope_models', 'ms' . wp_rand() ), 'gpt-5.4-nano', 'candidate' );
		$this->assertTrue( $result['ok'] );
		$this->assertSame( 'connected', $result['code'] );
		$this->assertSame( array( 'pass', 'warn', 'pass' ), wp_list_pluck( $result['checks'], 'status' ) );
		$this->assertStringContainsString( 'api.model.read', $result['checks'][1]['detail'] );
		$this->assertSame( 'The key works and can generate text, but lacks a permission.', $result['message'] );
		$this->assertStringContainsString( 'lacks the permission "api.model.read"', $result['advice'] );
		$this->assertSame( array( Advice::LINKS['api_keys'], Advice::LINKS['limits'] ), self::urls( $result ) );
		$this->assertSame( 200, $result['http_status'] );
		$this->assertMatchesRegularExpression( '/^req_[0-9a-f]{32}$/', (string) $result['request_id'] );
	}

	/**
	 * Without "Models: Read" and without credit, the diagnosis is the generation's (what blocks the site),
	 * not the permission the site does not need. The simulator has no key that is both, so the models
	 * lookup is answered here as its missing_scope_models key answers it.
	 */
	public function test_a_key_without_models_read_that_cannot_generate_gets_the_generations_diagnosis() {
		$lookup = static function ( $pre, $args, $url ) {
			if ( 'GET' !== $args['method'] || false === strpos( $url, '/models/' ) ) {
				return $pre;
			}
			return array(
				'headers'  => array( 'x-request-id' => 'req_' . str_repeat( 'b', 32 ) ),
				'body'     => wp_json_encode( array( 'error' => 'You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization, and if you\'re using a restricted API key, that it has the necessary scopes.' ) ),
				'response' => array(
					'code'    => 401,
					'message' => 'Unauthorized',
				),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $lookup, 10, 3 );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'insufficient_quota', 'iq' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		remove_filter( 'pre_http_request', $lookup, 10 );

		$this->assertSame( 'insufficient_quota', $result['code'] );
		$this->assertSame( array( 'pass', 'warn', 'fail' ), wp_list_pluck( $result['checks'], 'status' ) );
		$this->assertSame( 429, $result['http_status'], 'The status is the generation\'s, not the lookup\'s 401.' );
		$this->assertNotSame( 'req_' . str_repeat( 'b', 32 ), $result['request_id'] );
	}

	/**
	 * The advice names the API's address by scheme, host and port only: a gateway's credentials in
	 * OPENAI_BASE_URL (user, password, a key in the query) never reach the screen or last_test.
	 */
	public function test_advice_shows_only_the_origin_of_the_base_url() {
		foreach ( array( 'dns_failure', 'connection_failed', 'bad_response' ) as $code ) {
			$text = Advice::for_code( $code, array( 'base_url' => 'https://user:s3cret@gw.example.com:8443/v1?api-key=abc123' ) );
			$this->assertStringContainsString( 'https://gw.example.com:8443', $text['advice'], $code );
			foreach ( array( 's3cret', 'abc123', 'user:' ) as $secret ) {
				$this->assertStringNotContainsString( $secret, $text['message'] . $text['advice'], $code );
			}
		}
	}
}
