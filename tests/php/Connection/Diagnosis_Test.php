<?php
/**
 * Tests for Diagnosis and Advice.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Diagnosis;
use WP_Error;

/**
 * The classifier on every failure body of the OpenAI error contract and every transport error (fixtures), and waits.
 */
final class Diagnosis_Test extends TestCase {

	/**
	 * Cases from tests/php/fixtures/openai-errors.json.
	 *
	 * @return array
	 */
	public function answer_cases() {
		$out = array();
		foreach ( self::json_fixture( 'php/fixtures/openai-errors.json' ) as $case ) {
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
	 * Transport failures as WordPress reports them (cURL, the streams transport, WP_HTTP_BLOCK_EXTERNAL),
	 * from tests/php/fixtures/transport-errors.json.
	 *
	 * @return array
	 */
	public function transport_cases() {
		$out = array();
		foreach ( self::json_fixture( 'php/fixtures/transport-errors.json' ) as $case ) {
			$out[ $case['name'] ] = array( $case['error'], $case['message'], $case['expected'] );
		}
		return $out;
	}

	/**
	 * Each transport failure gets its diagnosis; a request WordPress refused to send says so in words.
	 *
	 * @dataProvider transport_cases
	 *
	 * @param string $error    WP_Error code.
	 * @param string $message  WP_Error message.
	 * @param string $expected Diagnosis code.
	 */
	public function test_classify_transport_error( $error, $message, $expected ) {
		$verdict = Diagnosis::classify_transport_error( new WP_Error( $error, $message ) );
		$this->assertSame( $expected, $verdict['code'] );
		if ( 'http_request_not_executed' === $error ) {
			$this->assertStringContainsString( 'WP_HTTP_BLOCK_EXTERNAL', $verdict['detail'] );
		}
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
}
