<?php
/**
 * Tests for Diagnosis and Advice.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Advice;
use Key_Guard\Connection\Diagnosis;
use WP_Error;

/**
 * The classifier on every failure body of the OpenAI error contract (fixtures), transport errors and waits.
 */
final class Diagnosis_Test extends TestCase {

	/**
	 * Cases from tests/php/fixtures/openai-errors.json.
	 *
	 * @return array
	 * @throws \RuntimeException When the fixture is missing or empty.
	 */
	public function answer_cases() {
		$file  = dirname( __DIR__ ) . '/fixtures/openai-errors.json';
		$cases = is_readable( $file ) ? json_decode( (string) file_get_contents( $file ), true ) : null;
		if ( ! is_array( $cases ) || ! $cases ) {
			throw new \RuntimeException( "No error-body cases in $file: a moved or broken fixture must fail, not skip." );
		}
		$out = array();
		foreach ( $cases as $case ) {
			$out[ $case['name'] ] = array( $case['status'], $case['body'], $case['step'], $case['expected'] );
		}
		return $out;
	}

	/**
	 * Each recorded failure body gets its diagnosis.
	 *
	 * @dataProvider answer_cases
	 *
	 * @param int    $status   HTTP status.
	 * @param string $body     Body.
	 * @param string $step     Step.
	 * @param string $expected Diagnosis code.
	 */
	public function test_classify_answer( $status, $body, $step, $expected ) {
		$verdict = Diagnosis::classify_answer( $status, $body, $step );
		$this->assertSame( $expected, $verdict['code'] );
		$this->assertStringNotContainsString( '<', $verdict['detail'], 'HTML never reaches the detail.' );
	}

	/**
	 * Transport failures as WordPress reports them (cURL and the streams transport).
	 *
	 * @return array
	 */
	public function transport_cases() {
		return array(
			'curl dns'      => array( 'cURL error 6: Could not resolve host: api.openai.example', 'dns_failure' ),
			'streams dns'   => array( 'php_network_getaddresses: getaddrinfo for x.invalid failed: Name or service not known', 'dns_failure' ),
			'curl refused'  => array( 'cURL error 7: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn\'t connect to server', 'connection_failed' ),
			'curl timeout'  => array( 'cURL error 28: Operation timed out after 15001 milliseconds with 0 bytes received', 'timeout' ),
			'curl tls 35'   => array( 'cURL error 35: OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.openai.com:443', 'tls_failure' ),
			'curl ca 60'    => array( 'cURL error 60: SSL certificate problem: unable to get local issuer certificate', 'tls_failure' ),
			'curl empty'    => array( 'cURL error 52: Empty reply from server', 'connection_failed' ),
			'curl reset'    => array( 'cURL error 56: Recv failure: Connection reset by peer', 'connection_failed' ),
			'blocked by wp' => array( 'User has blocked requests through HTTP.', 'connection_failed' ),
		);
	}

	/**
	 * Each transport failure gets its diagnosis.
	 *
	 * @dataProvider transport_cases
	 *
	 * @param string $message  WP_Error message.
	 * @param string $expected Diagnosis code.
	 */
	public function test_classify_transport_error( $message, $expected ) {
		$this->assertSame( $expected, Diagnosis::classify_transport_error( new WP_Error( 'http_request_failed', $message ) )['code'] );
	}

	/**
	 * Waits from headers and messages.
	 */
	public function test_retry_after() {
		$this->assertSame( 20.0, Diagnosis::retry_after( array( 'retry-after' => '20' ), '' ) );
		$this->assertSame( 1.5, Diagnosis::retry_after( array( 'retry-after-ms' => '1500' ), '' ) );
		$this->assertEqualsWithDelta( 30.0, Diagnosis::retry_after( array( 'retry-after' => gmdate( 'D, d M Y H:i:s', time() + 30 ) . ' GMT' ), '' ), 2 );
		$this->assertSame( 20.0, Diagnosis::retry_after( array(), 'Please try again in 20s. Visit …' ) );
		$this->assertSame( 360.0, Diagnosis::retry_after( array(), 'Please try again in 6m0s.' ) );
		$this->assertNull( Diagnosis::retry_after( array(), 'no hint' ) );
		$this->assertEqualsWithDelta( 0.012, Diagnosis::duration( '12ms' ), 0.0001 );
		$this->assertNull( Diagnosis::duration( 'soon' ) );
	}

	/**
	 * Every code has a headline, advice and well-formed links.
	 */
	public function test_every_code_has_advice() {
		$codes = array( 'connected', 'no_key', 'malformed_key', 'admin_key', 'invalid_key', 'account_deactivated', 'wrong_organization', 'ip_not_allowed', 'region_blocked', 'missing_scope', 'insufficient_quota', 'billing_not_active', 'model_not_found', 'model_not_allowed', 'rate_limited', 'server_error', 'timeout', 'dns_failure', 'connection_failed', 'tls_failure', 'bad_response' );
		$seen  = array();
		foreach ( $codes as $code ) {
			$advice = Advice::for_code( $code, array( 'model' => 'gpt-4o-mini' ) );
			$this->assertNotSame( '', $advice['message'], $code );
			$this->assertNotSame( '', $advice['advice'], $code );
			foreach ( $advice['links'] as $link ) {
				$this->assertStringStartsWith( 'https://', $link['url'] );
			}
			$seen[ $advice['message'] ] = $code;
		}
		$this->assertCount( count( $codes ), $seen, 'Every code has its own headline.' );
		$this->assertStringContainsString( 'api.model.read', Advice::for_code( 'missing_scope', array( 'scope' => 'api.model.read' ) )['advice'] );
		$this->assertStringContainsString( '20 seconds', Advice::for_code( 'rate_limited', array( 'wait' => 19.2 ) )['advice'] );
	}
}
