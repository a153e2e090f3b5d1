<?php
/**
 * Tests for Connection_Tester against the local OpenAI simulator over real HTTP.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Key\Key_Metadata;
use Key_Guard\Key\Key_Store;

require_once __DIR__ . '/Observes_Http.php';

/**
 * Every scenario through WordPress's HTTP API: diagnosis, checks, request id, rate limits, retries,
 * timeouts; and the model the test chooses, retirements and reasoning models.
 */
final class Connection_Tester_Test extends TestCase {

	use Observes_Http;

	/** A model the simulator serves with no announced shutdown, so no retirement warning colours the checks. */
	const MODEL = 'gpt-5.4-nano';

	/**
	 * Records the requests of each test; no key has a kept models list.
	 */
	protected function set_up() {
		parent::set_up();
		$this->observe_http();
	}

	/**
	 * Removes the filters a test added.
	 */
	protected function tear_down() {
		$this->stop_observing_http();
		foreach ( array( 'key_guard_test_models', 'key_guard_model_retirements', 'key_guard_model_reasoning', 'key_guard_default_model' ) as $hook ) {
			remove_all_filters( $hook );
		}
		parent::tear_down();
	}

	/**
	 * Replaces the catalog's test models for one test.
	 *
	 * @param string[] $models Test models, cheapest first.
	 */
	private static function test_models( array $models ) {
		add_filter(
			'key_guard_test_models',
			static function () use ( $models ) {
				return $models;
			}
		);
	}

	/**
	 * The bodies of the POST /responses requests sent.
	 *
	 * @return array<int, array>
	 */
	private function generations() {
		return array_values(
			wp_list_pluck(
				array_filter(
					$this->sent,
					static function ( $request ) {
						return 'POST' === $request['method'];
					}
				),
				'body'
			)
		);
	}

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
			'connection_failed'       => array( 'connection_failed', 'connection_failed', null, 'fail', 'skip' ),
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
		$result = self::kg( 'tester' )->run( Sim_Keys::key( $scenario, 'ct' . wp_rand() ), self::MODEL, 'candidate' );
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
		foreach ( array( 'invalid_key', 'account_deactivated', 'insufficient_quota', 'server_error', 'connection_failed' ) as $scenario ) {
			self::kg( 'tester' )->run( Sim_Keys::key( $scenario ), 'gpt-4o-mini', 'candidate' );
			$this->assertSame( $key, get_option( Key_Store::OPTION ) );
			$this->assertSame( $meta, get_option( Key_Metadata::OPTION ) );
		}
	}

	/**
	 * With no model named, the test lists the key's models once and uses the cheapest test model
	 * listed, with its lowest reasoning effort; the result names it and how it was chosen.
	 */
	public function test_without_a_model_the_cheapest_visible_test_model_is_used() {
		$first  = self::kg( 'catalog' )->test_models()[0];
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'auto' . wp_rand() ), '', 'candidate' );
		$this->assertSame( 'connected', $result['code'], $result['advice'] );
		$this->assertSame( $first, $result['model'] );
		$this->assertSame( 'listed', $result['model_source'] );
		$this->assertSame( array( 'GET /models', 'POST /responses' ), $this->sent_lines() );
		$this->assertSame( array( 'effort' => self::kg( 'catalog' )->reasoning( $first ) ), $this->generations()[0]['reasoning'] );
		$this->assertSame( array( 'pass', 'pass', 'pass' ), wp_list_pluck( $result['checks'], 'status' ) );
		$this->assertStringContainsString( $first, $result['checks'][1]['label'] );
		$this->assertSame( array(), $result['warnings'] );
		$this->assertNull( $result['retirement'] );
	}

	/**
	 * The choice is matched against what the key can see: a key that sees only retiring models gets
	 * the cheapest of those, and a warning with OpenAI's shutdown date and the replacement.
	 */
	public function test_a_key_that_sees_only_retiring_models_is_warned() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'legacy_models', 'old' . wp_rand() ), '', 'stored' );
		$this->assertSame( 'connected', $result['code'], $result['advice'] );
		$this->assertSame( 'gpt-4o-mini', $result['model'] );
		$this->assertSame(
			array(
				'model'         => 'gpt-4o-mini',
				'shutdown_date' => '2027-01-14',
				'replacement'   => 'gpt-6-luna',
				'source'        => 'openai',
			),
			$result['retirement']
		);
		$this->assertSame( 'model_retiring', $result['warnings'][0]['code'] );
		$this->assertStringContainsString( 'January 14, 2027', $result['warnings'][0]['message'] );
		$this->assertStringContainsString( 'gpt-6-luna', $result['warnings'][0]['message'] );
		$this->assertSame( 'warn', $result['checks'][1]['status'], 'The screen shows the warning on the model check.' );
		$this->assertSame( $result['warnings'][0]['message'], $result['checks'][1]['detail'] );
		$this->assertTrue( $result['ok'] );
	}

	/**
	 * A second test of the same key within a day sends no second GET /models; another key lists its own.
	 */
	public function test_the_models_list_is_asked_once_per_key_per_day() {
		$key = Sim_Keys::key( 'ok', 'once' . wp_rand() );
		self::kg( 'tester' )->run( $key, '', 'candidate' );
		$second = self::kg( 'tester' )->run( $key, '', 'stored' );
		$this->assertSame( 'connected', $second['code'] );
		$this->assertSame( array( 'GET /models', 'POST /responses', 'POST /responses' ), $this->sent_lines() );
		$this->assertStringContainsString( 'kept for a day', $second['checks'][1]['detail'] );
		self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'twice' . wp_rand() ), '', 'candidate' );
		$this->assertSame( 'GET /models', $this->sent_lines()[3] );
	}

	/**
	 * A key that may not list models (no api.model.read) tries the test models in order: the first
	 * one works here, so one test request is enough.
	 */
	public function test_a_key_that_cannot_list_models_tries_the_list_in_order() {
		$first  = self::kg( 'catalog' )->test_models()[0];
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'missing_scope_models', 'fb' . wp_rand() ), '', 'candidate' );
		$this->assertSame( array( 'GET /models', 'POST /responses' ), $this->sent_lines() );
		$this->assertSame( $first, $result['model'] );
		$this->assertSame( 'tried', $result['model_source'] );
		$this->assertSame( 'pass', $result['checks'][2]['status'], 'The test request proved the key.' );
		$this->assertNull( self::kg( 'lists' )->cached( Sim_Keys::key( 'missing_scope_models', 'fb' ) ), 'A refused list is not kept.' );
	}

	/**
	 * Without a models list, at most two test requests: the third model is never tried, and the
	 * advice names the models tried, not a model it cannot know the key can use.
	 */
	public function test_at_most_two_test_requests_without_a_list() {
		self::test_models( array( 'gpt-nope-1', 'gpt-nope-2', 'gpt-6-luna' ) );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'missing_scope_models', 'two' . wp_rand() ), '', 'candidate' );
		$this->assertSame( array( 'GET /models', 'POST /responses', 'POST /responses' ), $this->sent_lines() );
		$this->assertSame( array( 'gpt-nope-1', 'gpt-nope-2' ), wp_list_pluck( $this->generations(), 'model' ) );
		$this->assertFalse( $result['ok'] );
		$this->assertSame( 'fail', $result['checks'][2]['status'] );
		$this->assertStringContainsString( "'gpt-nope-2' does not exist", $result['checks'][2]['detail'] );
		$this->assertSame( 'gpt-nope-2', $result['model'] );

		self::test_models( array( 'gpt-nope-1', 'gpt-6-luna' ) );
		$this->sent = array();
		$result     = self::kg( 'tester' )->run( Sim_Keys::key( 'missing_scope_models', 'next' . wp_rand() ), '', 'candidate' );
		$this->assertSame( array( 'gpt-nope-1', 'gpt-6-luna' ), wp_list_pluck( $this->generations(), 'model' ) );
		$this->assertSame( 'gpt-6-luna', $result['model'] );
		$this->assertSame( 'pass', $result['checks'][2]['status'] );
	}

	/**
	 * A reasoning model that spends the 16 tokens on reasoning answers 200 "incomplete" with only a
	 * reasoning item: key, billing and model access are proven, so the key is connected.
	 */
	public function test_incomplete_reasoning_answer_is_connected() {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'o3' . wp_rand() ), 'o3', 'candidate' );
		$answer = json_decode( wp_remote_retrieve_body( end( $this->sent )['answer'] ), true );
		$this->assertSame( 'incomplete', $answer['status'] );
		$this->assertSame( array( 'reason' => 'max_output_tokens' ), $answer['incomplete_details'] );
		$this->assertSame( array( 'reasoning' ), wp_list_pluck( $answer['output'], 'type' ) );
		$this->assertSame( 'connected', $result['code'], $result['advice'] );
		$this->assertTrue( $result['ok'] );
		$this->assertSame( 'requested', $result['model_source'] );
		$this->assertSame( array( 'effort' => 'low' ), $this->generations()[0]['reasoning'] );
	}

	/**
	 * If OpenAI refuses the reasoning effort of our data, the request is sent again without it,
	 * within the two test requests.
	 */
	public function test_a_refused_reasoning_effort_is_dropped() {
		add_filter(
			'key_guard_model_reasoning',
			static function () {
				return 'minimal';
			}
		);
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'eff' . wp_rand() ), 'gpt-4o-mini', 'candidate' );
		$this->assertSame( 'connected', $result['code'], $result['advice'] );
		$this->assertSame( array( 'GET /models/gpt-4o-mini', 'POST /responses', 'POST /responses' ), $this->sent_lines() );
		$this->assertArrayHasKey( 'reasoning', $this->generations()[0] );
		$this->assertArrayNotHasKey( 'reasoning', $this->generations()[1] );
	}

	/**
	 * A retirement our data knows (OpenAI's list does not say) warns too, saying it is reported.
	 */
	public function test_a_retirement_from_the_data_warns() {
		add_filter(
			'key_guard_model_retirements',
			static function ( $known ) {
				$known['gpt-5.4-nano'] = array(
					'shutdown'    => '2031-03-01',
					'replacement' => 'gpt-6-luna',
					'source'      => 'reported',
				);
				return $known;
			}
		);
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'data' . wp_rand() ), 'gpt-5.4-nano', 'candidate' );
		$this->assertSame( 'connected', $result['code'] );
		$this->assertSame( 'reported', $result['retirement']['source'] );
		$this->assertSame( '2031-03-01', $result['retirement']['shutdown_date'] );
		$this->assertStringContainsString( 'reported to be shut down on March 1, 2031', $result['warnings'][0]['message'] );
		$this->assertStringContainsString( 'gpt-6-luna', $result['warnings'][0]['message'] );
	}

	/**
	 * A model already shut down is model_not_found; the advice says when it went and suggests a
	 * model the key can see, never the missing model.
	 *
	 * @dataProvider gone_cases
	 *
	 * @param string $scenario   Simulator scenario.
	 * @param string $model      The missing model.
	 * @param string $suggestion The model to suggest.
	 * @param string $lead       How the advice starts.
	 */
	public function test_a_missing_model_gets_a_visible_suggestion( $scenario, $model, $suggestion, $lead ) {
		$result = self::kg( 'tester' )->run( Sim_Keys::key( $scenario, 'gone' . wp_rand() ), $model, 'candidate' );
		$this->assertSame( 'model_not_found', $result['code'] );
		$this->assertSame( 404, $result['http_status'] );
		$this->assertStringStartsWith( $lead, $result['advice'] );
		$this->assertStringContainsString( "Test with $suggestion, a model this key can see.", $result['advice'] );
		$this->assertStringNotContainsString( $model, $result['advice'] );
		$this->assertNull( $result['retirement'] );
		$this->assertSame( array( "GET /models/$model", 'GET /models' ), $this->sent_lines() );
	}

	/**
	 * Scenario, missing model, expected suggestion, start of the advice.
	 *
	 * @return array
	 */
	public function gone_cases() {
		return array(
			'shut down by OpenAI'       => array( 'ok', 'gpt-3.5-turbo', 'gpt-6-luna', 'OpenAI shut this model down on October 23, 2026.' ),
			'not visible to an old key' => array( 'legacy_models', 'gpt-6-luna', 'gpt-4o-mini', 'Check the model name for typos.' ),
			'an unknown name, typed in' => array( 'ok', 'gpt-6-lunaa', 'gpt-6-luna', 'Check the model name for typos.' ),
		);
	}

	/**
	 * A listed model that has gone since the list was kept: the kept list is dropped and the next
	 * listed test model is tried.
	 */
	public function test_a_stale_kept_list_is_dropped() {
		$key = Sim_Keys::key( 'legacy_models', 'stale' . wp_rand() );
		self::kg( 'lists' )->remember(
			$key,
			array(
				'gpt-6-luna'  => null,
				'gpt-4o-mini' => 1799884800,
			)
		);
		$result = self::kg( 'tester' )->run( $key, '', 'stored' );
		$this->assertSame( array( 'gpt-6-luna', 'gpt-4o-mini' ), wp_list_pluck( $this->generations(), 'model' ) );
		$this->assertSame( 'connected', $result['code'], $result['advice'] );
		$this->assertSame( 'gpt-4o-mini', $result['model'] );
		$this->assertNull( self::kg( 'lists' )->cached( $key ) );
	}

	/**
	 * Both listed test models gone since the list was kept: after two test requests the advice
	 * suggests a third listed model, never one of those that failed.
	 */
	public function test_gone_listed_models_are_never_suggested() {
		$key = Sim_Keys::key( 'legacy_models', 'gone2' . wp_rand() );
		self::kg( 'lists' )->remember(
			$key,
			array(
				'gpt-6-luna'   => null,
				'gpt-5.4-nano' => null,
				'gpt-4o-mini'  => 1799884800,
			)
		);
		$result = self::kg( 'tester' )->run( $key, '', 'stored' );
		$this->assertSame( array( 'gpt-6-luna', 'gpt-5.4-nano' ), wp_list_pluck( $this->generations(), 'model' ) );
		$this->assertSame( 'model_not_found', $result['code'] );
		$this->assertSame( 'The test tried gpt-6-luna and gpt-5.4-nano, and this key can use none of them. Test with gpt-4o-mini, a model this key can see.', $result['advice'] );
	}

	/**
	 * A key that sees none of the test models: model_not_found without a model, no test request,
	 * and the advice names a model the key can see.
	 */
	public function test_a_key_that_sees_no_test_model() {
		self::test_models( array( 'gpt-nope' ) );
		$result = self::kg( 'tester' )->run( Sim_Keys::key( 'ok', 'none' . wp_rand() ), '', 'candidate' );
		$this->assertSame( 'model_not_found', $result['code'] );
		$this->assertSame( '', $result['model'] );
		$this->assertSame( array( 'GET /models' ), $this->sent_lines() );
		$this->assertStringContainsString( 'such as gpt-4o-mini', $result['advice'] );
		$this->assertSame( 'fail', $result['checks'][1]['status'] );
	}

	/**
	 * Through REST: no model chooses one; the key_guard_default_model filter still names the site's.
	 */
	public function test_rest_chooses_unless_the_site_names_a_model() {
		wp_set_current_user( self::user( 'administrator' ) );
		$key    = Sim_Keys::key( 'ok', 'rest' . wp_rand() );
		$chosen = self::rest( 'POST', '/test', array( 'key' => $key ) )->get_data();
		$this->assertSame( self::kg( 'catalog' )->test_models()[0], $chosen['model'] );
		$this->assertSame( 'listed', $chosen['model_source'] );
		add_filter(
			'key_guard_default_model',
			static function () {
				return 'gpt-4.1-mini';
			}
		);
		$site = self::rest( 'POST', '/test', array( 'key' => $key ) )->get_data();
		$this->assertSame( 'gpt-4.1-mini', $site['model'] );
		$this->assertSame( 'requested', $site['model_source'] );
		$this->assertSame( 'connected', $site['code'] );
	}
}
