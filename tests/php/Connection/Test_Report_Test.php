<?php
/**
 * Tests for Test_Report: what one HTTP answer makes of a check, and what the result may contain.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Test_Report;


/**
 * Redaction of echoed keys, 200 answers that still failed, and the result shape.
 */
final class Test_Report_Test extends TestCase {

	/**
	 * An answer as Connection_Tester::send() returns it.
	 *
	 * @param int    $status HTTP status.
	 * @param string $body   Body.
	 * @return array
	 */
	private static function answer( $status, $body ) {
		return array(
			'status'  => $status,
			'headers' => array( 'x-request-id' => 'req_' . str_repeat( 'a', 32 ) ),
			'body'    => $body,
			'error'   => null,
		);
	}

	/**
	 * A gateway that echoes the key (even without its sk- prefix) never gets it into the result.
	 */
	public function test_echoed_key_is_cut_out() {
		$key    = Sim_Keys::random();
		$report = new Test_Report( 'gpt-4o-mini', 'stored', 'https://proxy.example/v1', $key );
		$body   = wp_json_encode( array( 'error' => array( 'message' => 'Bad token ' . substr( $key, 8 ) . ' and ' . $key ) ) );
		$this->assertNotNull( $report->record( 'model', self::answer( 401, $body ) ) );
		$result = wp_json_encode( $report->finish( null, 'model', microtime( true ) ) );
		$last   = strlen( $key ) - 20;
		for ( $i = 0; $i <= $last; $i++ ) {
			$this->assertStringNotContainsString( substr( $key, $i, 20 ), $result );
		}
	}

	/**
	 * A 200 response whose status is "failed" is not a success; "incomplete" (the token cap) is.
	 */
	public function test_failed_response_with_200() {
		$report  = new Test_Report( 'gpt-4o-mini', 'stored', 'https://api.openai.com/v1', 'sk-x' );
		$verdict = $report->record(
			'request',
			self::answer(
				200,
				wp_json_encode(
					array(
						'id'     => 'resp_1',
						'status' => 'failed',
						'error'  => array(
							'code'    => 'server_error',
							'message' => 'The model failed to generate a response.',
						),
					)
				)
			)
		);
		$this->assertSame( 'server_error', $verdict['code'] );

		$incomplete = wp_json_encode(
			array(
				'id'                 => 'resp_2',
				'status'             => 'incomplete',
				'incomplete_details' => array( 'reason' => 'max_output_tokens' ),
				'error'              => null,
				'usage'              => array( 'total_tokens' => 24 ),
			)
		);
		$this->assertNull( $report->record( 'request', self::answer( 200, $incomplete ) ) );
	}
}
