<?php
/**
 * Collects the checks of one connection test and assembles its result.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * The result built while Connection_Tester runs: checks, request id, rate limits, timing, the model side.
 *
 * @since 0.1.0
 * @phpstan-import-type RateLimit from Rate_Limit_Headers
 * @phpstan-type TestResult array{ok: bool, code: string, message: string, advice: string, http_status: int|null, request_id: string|null, latency_ms: int, model: string, checks: array<int, array{id: string, label: string, status: string, detail: string}>, rate_limit: RateLimit|null, links: array<int, array{label: string, url: string}>, tested_at: string, key_source: string, model_source: string, warnings: array<int, array{code: string, message: string}>, retirement: array{model: string, shutdown_date: string, replacement: string|null, source: string}|null}
 */
final class Test_Report {

	/**
	 * The key, model and request checks.
	 *
	 * @var Test_Checks
	 */
	private $checks;

	/**
	 * The model used, how it was chosen, its retirement.
	 *
	 * @var Model_Outcome
	 */
	private $outcome;

	/**
	 * Facts from the latest HTTP answer: http_status, request_id, rate_limit, retry_after.
	 *
	 * @var array{http_status: int|null, request_id: string|null, rate_limit: RateLimit|null, retry_after: float|null}
	 */
	private $last;

	/**
	 * The http_status, request_id and step of the first failing answer, which the result reports.
	 *
	 * @var array{http_status: int|null, request_id: string|null, step: string}|null
	 */
	private $failure = null;

	/**
	 * 'stored' or 'candidate'.
	 *
	 * @var string
	 */
	private $key_source;

	/**
	 * The tested key, kept only to cut it out of upstream text.
	 *
	 * @var string
	 */
	private $key;

	/**
	 * API base URL ('' when misconfigured).
	 *
	 * @var string
	 */
	private $base_url;

	/**
	 * Starts an empty report.
	 *
	 * @param string $model      Model under test, or '' when the test chooses one.
	 * @param string $key_source 'stored', 'candidate' or 'environment'.
	 * @param string $base_url   API base URL.
	 * @param string $key        The tested key, to cut out of upstream text.
	 */
	public function __construct( $model, $key_source, $base_url, $key ) {
		$this->key        = (string) $key;
		$this->key_source = $key_source;
		$this->base_url   = $base_url;
		$this->last       = array_fill_keys( array( 'http_status', 'request_id', 'rate_limit', 'retry_after' ), null );
		$this->outcome    = new Model_Outcome( $model );
		$this->checks     = new Test_Checks( $this->outcome->label() );
	}

	/**
	 * The API base URL the test talks to.
	 *
	 * @return string
	 */
	public function base_url() {
		return $this->base_url;
	}

	/**
	 * The model side of the test.
	 *
	 * @since 0.5.0
	 *
	 * @return Model_Outcome
	 */
	public function outcome() {
		return $this->outcome;
	}

	/**
	 * Names the model the test chose; only one found in the key's models list passed the model check.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model  Model name.
	 * @param string $source listed or tried.
	 * @return void
	 */
	public function use_model( $model, $source ) {
		$this->outcome->choose( $model, $source );
		if ( 'listed' === $source ) {
			$this->checks->relabel( 'model', $this->outcome->label() );
		}
	}

	/**
	 * Starts a try of the request step with a model: an earlier try's failure no longer describes the result.
	 *
	 * @since 0.5.0
	 *
	 * @param string $model The model this try uses.
	 * @return void
	 */
	public function try_request( $model ) {
		if ( 'request' === ( $this->failure['step'] ?? '' ) ) {
			$this->failure = null;
		}
		$this->outcome->tried( $model );
	}

	/**
	 * Ends the test before any request because the key itself is unusable.
	 *
	 * @param string $code    no_key, malformed_key or admin_key.
	 * @param string $detail  Why.
	 * @param float  $started microtime() at the start.
	 * @return TestResult
	 */
	public function fail_key( $code, $detail, $started ) {
		return $this->finish(
			array(
				'code'   => $code,
				'detail' => $detail,
			),
			'key',
			$started
		);
	}

	/**
	 * Marks the key format as fine, with shape warnings if any.
	 *
	 * @param array<int, array{code: string, message: string}> $warnings From Key_Shape::warnings().
	 * @return void
	 */
	public function pass_key( array $warnings ) {
		$this->checks->set( 'key', $warnings ? 'warn' : 'pass', $warnings ? $warnings[0]['message'] : __( 'The key has the shape of an OpenAI key.', 'key-guard-for-openai' ) );
	}

	/**
	 * Marks a step as not run.
	 *
	 * @param string $step Check id.
	 * @return void
	 */
	public function skip( $step ) {
		$this->checks->set( $step, 'skip', __( 'Not run: the previous check failed.', 'key-guard-for-openai' ) );
	}

	/**
	 * Marks a step passed with what it showed.
	 *
	 * @since 0.5.0
	 *
	 * @param string $step   Check id.
	 * @param string $detail What it showed.
	 * @return void
	 */
	public function pass( $step, $detail ) {
		$this->checks->set( $step, 'pass', $detail );
	}

	/**
	 * Records one HTTP answer (a model, models list or response) for a step; returns the failure verdict, or null.
	 *
	 * @param string                                                                                       $step   'model' or 'request'.
	 * @param array{status: int|null, headers: array<string, string>, body: string, error: \WP_Error|null} $answer From Api_Client::request().
	 * @return array{code: string, detail: string, error_code?: string|null}|null
	 */
	public function record( $step, array $answer ) {
		if ( null === $answer['status'] ) {
			$this->last['http_status'] = null;
			$this->last['request_id']  = null;
			return $this->fail( $step, Diagnosis::classify_transport_error( $answer['error'] ) );
		}
		$this->last['http_status'] = $answer['status'];
		$id                        = $answer['headers']['x-request-id'] ?? '';
		$this->last['request_id']  = preg_match( '/^req_[A-Za-z0-9]{1,64}$/', $id ) ? $id : null;
		$this->last['rate_limit']  = Rate_Limit_Headers::parse( $answer['headers'] ) ?? $this->last['rate_limit'];

		if ( $answer['status'] < 200 || $answer['status'] >= 300 ) {
			$verdict                   = Diagnosis::classify_answer( $answer['status'], $answer['body'], $step );
			$this->last['retry_after'] = Diagnosis::retry_after( $answer['headers'], $verdict['detail'] );
			return $this->fail( $step, $verdict );
		}
		$data = json_decode( $answer['body'], true );
		if ( ! is_array( $data ) || ! ( is_string( $data['id'] ?? null ) || ( 'model' === $step && is_array( $data['data'] ?? null ) ) ) ) {
			return $this->fail( $step, Diagnosis::classify_answer( $answer['status'], $answer['body'], $step ) );
		}
		// A 200 may have failed; "incomplete" (the 16-token cap, spent on reasoning or text) is a success.
		if ( ( isset( $data['status'] ) && 'failed' === $data['status'] ) || ! empty( $data['error'] ) ) {
			$error = is_array( $data['error'] ?? null ) ? $data['error'] : array( 'message' => __( 'OpenAI reported the test response as failed.', 'key-guard-for-openai' ) );
			return $this->fail( $step, Diagnosis::classify_answer( 500, (string) wp_json_encode( array( 'error' => $error ) ), $step ) );
		}
		if ( 'model' === $step ) {
			/* translators: %s: model name. */
			$this->pass( $step, sprintf( __( 'OpenAI lists %s for this key.', 'key-guard-for-openai' ), $this->outcome->name() ) );
		} else {
			$tokens = isset( $data['usage']['total_tokens'] ) && is_int( $data['usage']['total_tokens'] ) ? $data['usage']['total_tokens'] : 0;
			/* translators: %d: number of tokens. */
			$this->pass( $step, sprintf( _n( 'OpenAI answered; the test used %d token.', 'OpenAI answered; the test used %d tokens.', $tokens, 'key-guard-for-openai' ), $tokens ) );
		}
		return null;
	}

	/**
	 * Marks a step failed; a rate limit only warns (the key was accepted).
	 *
	 * @since 0.5.0 Public, for failures found without an HTTP answer.
	 *
	 * @param string                                                        $step    Check id.
	 * @param array{code: string, detail: string, error_code?: string|null} $verdict From Diagnosis: code and detail.
	 * @return array{code: string, detail: string, error_code?: string|null} The verdict.
	 */
	public function fail( $step, array $verdict ) {
		$verdict['detail'] = Redactor::clean( $this->key, $verdict['detail'] );
		$this->failure     = $this->failure ?? array(
			'http_status' => $this->last['http_status'],
			'request_id'  => $this->last['request_id'],
			'step'        => $step,
		);
		$this->checks->set( $step, 'rate_limited' === $verdict['code'] ? 'warn' : 'fail', $verdict['detail'] );
		return $verdict;
	}

	/**
	 * Assembles the TestResult.
	 *
	 * @param array{code: string, detail: string, error_code?: string|null}|null $verdict      The failure, or null when connected.
	 * @param string                                                             $failing_step Check id where it failed.
	 * @param float                                                              $started      microtime() at the start.
	 * @param array{code: string, detail: string, error_code?: string|null}|null $unread       The lookup's missing_scope verdict when the request ran anyway (generating needs no such permission: the lookup only warns).
	 * @return TestResult
	 */
	public function finish( $verdict, $failing_step, $started, $unread = null ) {
		if ( $unread ) {
			$this->checks->mark( 'model', 'warn' );
			$this->failure = null;
		}
		$code = $verdict ? $verdict['code'] : 'connected';
		if ( $verdict && ( 'key' === $failing_step || 'skip' === $this->checks->status( $failing_step ) ) ) {
			$this->checks->set( $failing_step, 'fail', $verdict['detail'] );
		}
		$named = $verdict ? $verdict : $unread;
		$scope = $named && preg_match( '/missing scopes?:\s*([a-z0-9_]+(?:\.[a-z0-9_]+)*)/i', $named['detail'], $m ) ? $m[1] : '';
		$text  = Advice::for_code(
			$code,
			array(
				'scope'    => $scope,
				'wait'     => $this->last['retry_after'],
				'base_url' => $this->base_url,
			) + $this->outcome->advice_context()
		);
		foreach ( $this->outcome->warnings() as $warning ) {
			$this->checks->warn( $warning['message'] );
		}
		$rate   = Rate_Limit_Headers::with_retry_after( $this->last['rate_limit'], $this->last['retry_after'] );
		$answer = $verdict && $this->failure ? $this->failure : $this->last;
		return array(
			'ok'          => 'connected' === $code,
			'code'        => $code,
			'message'     => $text['message'],
			'advice'      => $text['advice'],
			'http_status' => $answer['http_status'],
			'request_id'  => $answer['request_id'],
			'latency_ms'  => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'model'       => $this->outcome->name(),
			'checks'      => $this->checks->all(),
			'rate_limit'  => $rate,
			'links'       => $text['links'],
			'tested_at'   => gmdate( 'c' ),
			'key_source'  => $this->key_source,
		) + $this->outcome->fields();
	}
}
