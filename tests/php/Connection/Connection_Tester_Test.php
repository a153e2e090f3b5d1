<?php
/**
 * Tests for Connection_Tester against the local OpenAI simulator over real HTTP.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;


/**
 * Every scenario through WordPress's HTTP API: diagnosis, checks, request id, rate limits, retries, timeouts.
 */
final class Connection_Tester_Test extends TestCase {

	/**
	 * Scenario, expected code, expected HTTP status, expected check statuses (model, request).
	 *
	 * @return array
	 */
	public function scenario_cases() {
		return array(
			'ok'                      => array( 'ok', 'connected', 200, 'pass', 'pass' ),
			'invalid_key'             => array( 'invalid_key', 'invalid_key', 401, 'fail', 'skip' ),
			'account_deactivated'     => array( 'account_deactivated', 'account_deactivated', 401, 'fail', 'skip' ),
			'no_organization'         => array( 'no_organization', 'wrong_organization', 401, 'fail', 'skip' ),
			'mismatched_organization' => array( 'mismatched_organization', 'wrong_organization', 401, 'fail', 'skip' ),
			'invalid_organization'    => array( 'invalid_organization', 'wrong_organization', 401, 'fail', 'skip' ),
			'ip_not_allowed'          => array( 'ip_not_allowed', 'ip_not_allowed', 401, 'fail', 'skip' ),
			'missing_scope_models'    => array( 'missing_scope_models', 'connected', 200, 'warn', 'pass' ),
			'missing_scope_responses' => array( 'missing_scope_responses', 'missing_scope', 401, 'pass', 'fail' ),
			'missing_scope_403'       => array( 'missing_scope_403', 'missing_scope', 403, 'pass', 'fail' ),
			'insufficient_quota'      => array( 'insufficient_quota', 'insufficient_quota', 429, 'pass', 'fail' ),
			'billing_not_active'      => array( 'billing_not_active', 'billing_not_active', 429, 'pass', 'fail' ),
			'rate_limited'            => array( 'rate_limited', 'rate_limited', 429, 'warn', 'skip' ),
			'slow_down'               => array( 'slow_down', 'rate_limited', 429, 'warn', 'skip' ),
			'model_not_found'         => array( 'model_not_found', 'model_not_found', 404, 'fail', 'skip' ),
			'model_not_allowed'       => array( 'model_not_allowed', 'model_not_allowed', 403, 'pass', 'fail' ),
			'region_blocked'          => array( 'region_blocked', 'region_blocked', 403, 'fail', 'skip' ),
			'invalid_url'             => array( 'invalid_url', 'bad_response', 404, 'fail', 'skip' ),
			'server_error'            => array( 'server_error', 'server_error', 500, 'fail', 'skip' ),
			'overloaded'              => array( 'overloaded', 'server_error', 503, 'fail', 'skip' ),
			'bad_gateway_html'        => array( 'bad_gateway_html', 'server_error', 502, 'fail', 'skip' ),
			'gateway_timeout_html'    => array( 'gateway_timeout_html', 'server_error', 504, 'fail', 'skip' ),
			'non_json'                => array( 'non_json', 'bad_response', 200, 'fail', 'skip' ),
			'drop'                    => array( 'drop', 'connection_failed', null, 'fail', 'skip' ),
		);
	}

	/**
	 * Each scenario is diagnosed right, with its request id and the checks in the right state.
	 *
	 * @dataProvider scenario_cases
	 *
	 * @param string   $scenario Simulator scenario.
	 * @param string   $code     Expected diagnosis.
	 * @param int|null $status   Expected HTTP status.
	 * @param string   $model    Expected status of the model check.
	 * @param string   $request  Expected status of the request check.
	 */
	public function test_scenario( $scenario, $code, $status, $model, $request ) {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( $scenario, 'ct' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( $code, $result['code'], $result['checks'][1]['detail'] . ' / ' . $result['checks'][2]['detail'] );
		$this->assertSame( 'connected' === $code, $result['ok'] );
		$this->assertSame( $status, $result['http_status'] );
		$this->assertSame( array( 'pass', $model, $request ), wp_list_pluck( $result['checks'], 'status' ) );
		if ( null !== $status ) {
			$this->assertMatchesRegularExpression( '/^req_[0-9a-f]{32}$/', (string) $result['request_id'] );
		}
		$this->assertNotSame( '', $result['advice'] );
		$this->assertSame( 'candidate', $result['key_source'] );
	}

	/**
	 * The advice names the missing permission exactly, as OpenAI spelled it.
	 */
	public function test_missing_scope_names_the_permission() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'missing_scope_models' ), 'gpt-4o-mini', 'candidate' );
		$this->assertStringContainsString( '"api.model.read"', $result['advice'] );
	}

	/**
	 * A success carries the rate-limit headroom.
	 */
	public function test_success_reports_rate_limits() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'stored' );
		$this->assertIsInt( $result['rate_limit']['limit_requests'] );
		$this->assertIsInt( $result['rate_limit']['remaining_tokens'] );
		$this->assertNotNull( $result['rate_limit']['reset_requests'] );
	}

	/**
	 * A rate limit with a long wait is not retried and says how long to wait.
	 */
	public function test_rate_limit_reports_the_wait() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'rate_limited', 'rl' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( 20, $result['rate_limit']['retry_after'] );
		$this->assertStringContainsString( '20 seconds', $result['advice'] );
		$this->assertLessThan( 5000, $result['latency_ms'], 'A 20 s retry-after is not waited for.' );
	}

	/**
	 * A short rate limit is retried once and then succeeds.
	 */
	public function test_short_rate_limit_is_retried_once() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'rate_limited_once', 'once' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( 'connected', $result['code'] );
		$this->assertGreaterThanOrEqual( 1000, $result['latency_ms'], 'The retry honoured retry-after: 1.' );
	}

	/**
	 * The test request is the cheap one the contract names.
	 */
	public function test_sends_the_cheap_request_with_headers() {
		putenv( 'OPENAI_ORG_ID=org-simulator' );
		putenv( 'OPENAI_PROJECT_ID=proj_abc' );
		$control = preg_replace( '#/v1$#', '', self::simulator_url() ) . '/__simulator';
		wp_remote_post( $control . '/reset' );
		$result   = self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' );
		$requests = json_decode( wp_remote_retrieve_body( wp_remote_get( $control . '/requests' ) ), true );
		$this->assertSame( 'connected', $result['code'] );
		$this->assertCount( 2, $requests );
		$this->assertSame( 'GET', $requests[0]['method'] );
		$this->assertStringEndsWith( '/v1/models/gpt-4o-mini', $requests[0]['path'] );
		$this->assertSame( 'org-simulator', $requests[0]['headers']['openai-organization'] );
		$this->assertSame( 'proj_abc', $requests[0]['headers']['openai-project'] );
		$body = is_array( $requests[1]['body'] ) ? $requests[1]['body'] : json_decode( $requests[1]['body'], true );
		$this->assertSame(
			array(
				'model'             => 'gpt-4o-mini',
				'input'             => 'ping',
				'max_output_tokens' => 16,
				'store'             => false,
			),
			$body
		);
	}

	/**
	 * A wrong organization ID from the environment is diagnosed.
	 */
	public function test_wrong_organization_header() {
		putenv( 'OPENAI_ORG_ID=org-wrong' );
		$this->assertSame( 'wrong_organization', self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' )['code'] );
	}

	/**
	 * An unknown model is diagnosed as such.
	 */
	public function test_unknown_model() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-nonexistent', 'candidate' );
		$this->assertSame( 'model_not_found', $result['code'] );
		$this->assertStringContainsString( 'gpt-nonexistent', $result['message'] );
	}

	/**
	 * A server that never answers within the budget is a timeout, and the budget is kept.
	 */
	public function test_slow_answer_times_out() {
		$short = static function () {
			return 2;
		};
		add_filter( 'key_guard_test_timeout', $short );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'slow', 'slow' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		remove_filter( 'key_guard_test_timeout', $short );
		$this->assertSame( 'timeout', $result['code'] );
		$this->assertLessThan( 4000, $result['latency_ms'] );
	}

	/**
	 * No listener on the port: connection refused.
	 */
	public function test_refused_connection() {
		putenv( 'OPENAI_BASE_URL=http://127.0.0.1:9/v1' );
		$this->assertSame( 'connection_failed', self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' )['code'] );
	}

	/**
	 * A host that does not resolve.
	 */
	public function test_dns_failure() {
		putenv( 'OPENAI_BASE_URL=http://key-guard-test.invalid/v1' );
		$this->assertSame( 'dns_failure', self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' )['code'] );
	}

	/**
	 * A base URL that is not http(s) is reported, not requested.
	 */
	public function test_bad_base_url() {
		putenv( 'OPENAI_BASE_URL=file:///etc/passwd' );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok' ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( 'connection_failed', $result['code'] );
		$this->assertNull( $result['http_status'] );
	}

	/**
	 * Shape problems are found before any request.
	 */
	public function test_key_problems_need_no_request() {
		$tester = self::kg( 'tester' );
		$this->assertSame( 'no_key', $tester->run( '', 'gpt-4o-mini', 'stored' )['code'] );
		$this->assertSame( 'admin_key', $tester->run( 'sk-admin-' . str_repeat( 'a', 40 ), 'gpt-4o-mini', 'candidate' )['code'] );
		$this->assertSame( 'malformed_key', $tester->run( 'sk-proj-not a key at all', 'gpt-4o-mini', 'candidate' )['code'] );
	}

	/**
	 * Whatever the outcome, the stored key and its metadata stay as they were.
	 */
	public function test_the_key_is_never_changed_by_a_test() {
		$store = self::kg( 'store' );
		$key   = Sim_Keys::key( 'ok', 'kept' );
		$store->save( $key, 1 );
		$meta = get_option( Key_Metadata::OPTION );
		foreach ( array( 'invalid_key', 'account_deactivated', 'insufficient_quota', 'server_error', 'drop' ) as $scenario ) {
			self::kg( 'tester' )->run( Sim_Keys::key( $scenario ), 'gpt-4o-mini', 'candidate' );
			$this->assertSame( $key, get_option( Key_Store::OPTION ) );
			$this->assertSame( $meta, get_option( Key_Metadata::OPTION ) );
		}
	}
}
