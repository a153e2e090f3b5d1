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
 * page is for OpenAI's own failures.
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
			'connection dropped'                => array( null, 'drop', 'connection_failed' ),
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
}
