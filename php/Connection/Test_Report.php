<?php
/**
 * Collects the checks of one connection test and assembles its result.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Key\Key_Shape;

/**
 * The result being built while Connection_Tester runs: checks, request id, rate limits, timing.
 *
 * @since 0.1.0
 */
final class Test_Report {

	/**
	 * Checks by id, in order.
	 *
	 * @var array<string, array{id: string, label: string, status: string, detail: string}>
	 */
	private $checks = array();

	/**
	 * Facts from the latest HTTP answer: http_status, request_id, rate_limit, retry_after.
	 *
	 * @var array
	 */
	private $last = array(
		'http_status' => null,
		'request_id'  => null,
		'rate_limit'  => null,
		'retry_after' => null,
	);

	/**
	 * The http_status and request_id of the first failing answer, which the result reports.
	 *
	 * @var array|null
	 */
	private $failure = null;

	/**
	 * Model under test.
	 *
	 * @var string
	 */
	private $model;

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
	 * @param string $model      Model under test.
	 * @param string $key_source 'stored' or 'candidate'.
	 * @param string $base_url   API base URL.
	 * @param string $key        The tested key, to cut out of upstream text.
	 */
	public function __construct( $model, $key_source, $base_url, $key ) {
		$this->key        = (string) $key;
		$this->model      = $model;
		$this->key_source = $key_source;
		$this->base_url   = $base_url;
		$labels           = array(
			'key'     => __( 'Key format', 'key-guard-for-openai' ),
			/* translators: %s: model name. */
			'model'   => sprintf( __( 'Model %s is visible to the key', 'key-guard-for-openai' ), $model ),
			'request' => __( 'A 16-token test request is accepted', 'key-guard-for-openai' ),
		);
		foreach ( $labels as $id => $label ) {
			$this->checks[ $id ] = array(
				'id'     => $id,
				'label'  => $label,
				'status' => 'skip',
				'detail' => __( 'Not run.', 'key-guard-for-openai' ),
			);
		}
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
	 * Ends the test before any request because the key itself is unusable.
	 *
	 * @param string $code    no_key, malformed_key or admin_key.
	 * @param string $detail  Why.
	 * @param float  $started microtime() at the start.
	 * @return array
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
	 */
	public function pass_key( array $warnings ) {
		$this->checks['key']['status'] = $warnings ? 'warn' : 'pass';
		$this->checks['key']['detail'] = $warnings ? $warnings[0]['message'] : __( 'The key has the shape of an OpenAI key.', 'key-guard-for-openai' );
	}

	/**
	 * Marks a step as not run.
	 *
	 * @param string $step Check id.
	 */
	public function skip( $step ) {
		$this->checks[ $step ]['status'] = 'skip';
		$this->checks[ $step ]['detail'] = __( 'Not run: the previous check failed.', 'key-guard-for-openai' );
	}

	/**
	 * Records one HTTP answer for a step; returns the failure verdict, or null when the step passed.
	 *
	 * @param string $step   'model' or 'request'.
	 * @param array  $answer From Connection_Tester::send().
	 * @return array{code: string, detail: string}|null
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
		if ( ! is_array( $data ) || ! isset( $data['id'] ) || ! is_string( $data['id'] ) ) {
			return $this->fail( $step, Diagnosis::classify_answer( $answer['status'], $answer['body'], $step ) );
		}
		// A response can be 200 and still have failed; "incomplete" (the 16-token cap) is a success.
		if ( ( isset( $data['status'] ) && 'failed' === $data['status'] ) || ! empty( $data['error'] ) ) {
			$error = is_array( $data['error'] ?? null ) ? $data['error'] : array( 'message' => __( 'OpenAI reported the test response as failed.', 'key-guard-for-openai' ) );
			return $this->fail( $step, Diagnosis::classify_answer( 500, (string) wp_json_encode( array( 'error' => $error ) ), $step ) );
		}
		$this->checks[ $step ]['status'] = 'pass';
		if ( 'model' === $step ) {
			/* translators: %s: model name. */
			$this->checks[ $step ]['detail'] = sprintf( __( 'OpenAI lists %s for this key.', 'key-guard-for-openai' ), $this->model );
		} else {
			$tokens = isset( $data['usage']['total_tokens'] ) && is_int( $data['usage']['total_tokens'] ) ? $data['usage']['total_tokens'] : 0;
			/* translators: %d: number of tokens. */
			$this->checks[ $step ]['detail'] = sprintf( _n( 'OpenAI answered; the test used %d token.', 'OpenAI answered; the test used %d tokens.', $tokens, 'key-guard-for-openai' ), $tokens );
		}
		return null;
	}

	/**
	 * Marks a step failed.
	 *
	 * @param string $step    Check id.
	 * @param array  $verdict From Diagnosis.
	 * @return array The verdict.
	 */
	private function fail( $step, array $verdict ) {
		$verdict['detail'] = $this->redact( $verdict['detail'] );
		$this->failure     = $this->failure ?? array(
			'http_status' => $this->last['http_status'],
			'request_id'  => $this->last['request_id'],
		);
		// A rate limit means the key was accepted: the check warns rather than fails.
		$this->checks[ $step ]['status'] = 'rate_limited' === $verdict['code'] ? 'warn' : 'fail';
		$this->checks[ $step ]['detail'] = $verdict['detail'];
		return $verdict;
	}

	/**
	 * Cuts the tested key (or any 20-character piece of it) and anything shaped like a key out of
	 * upstream text, and bounds its length: a proxy may echo what it was sent.
	 *
	 * @param string $text Upstream text.
	 * @return string
	 */
	private function redact( $text ) {
		$text   = (string) $text;
		$length = strlen( $this->key );
		for ( $at = 0; $length >= 20 && $at <= $length - 20; $at++ ) {
			$piece = substr( $this->key, $at, 20 );
			if ( false !== strpos( $text, $piece ) ) {
				$text = str_replace( $piece, "\u{2026}", $text );
			}
		}
		$text = (string) preg_replace_callback(
			'/sk-[A-Za-z0-9_-]{16,}/',
			static function ( $m ) {
				return Key_Shape::mask( $m[0] );
			},
			$text
		);
		return mb_substr( $text, 0, 500 );
	}

	/**
	 * Assembles the TestResult.
	 *
	 * @param array|null $verdict      The failure, or null when connected.
	 * @param string     $failing_step Check id where it failed.
	 * @param float      $started      microtime() at the start.
	 * @param array|null $unread       The model lookup's missing_scope verdict when the request ran anyway.
	 * @return array
	 */
	public function finish( $verdict, $failing_step, $started, $unread = null ) {
		if ( $unread ) {
			// The permission is not needed to generate: the lookup warns, and the result is the request's.
			$this->checks['model']['status'] = 'warn';
			$this->failure                   = null;
		}
		$code = $verdict ? $verdict['code'] : 'connected';
		if ( $verdict && 'key' !== $failing_step && 'skip' === $this->checks[ $failing_step ]['status'] ) {
			$this->checks[ $failing_step ]['status'] = 'fail';
			$this->checks[ $failing_step ]['detail'] = $verdict['detail'];
		}
		if ( 'key' === $failing_step ) {
			$this->checks['key']['status'] = 'fail';
			$this->checks['key']['detail'] = $verdict['detail'];
		}
		$named = $verdict ? $verdict : $unread;
		$scope = $named && preg_match( '/missing scopes?:\s*([a-z0-9_]+(?:\.[a-z0-9_]+)*)/i', $named['detail'], $m ) ? $m[1] : '';
		$text  = Advice::for_code(
			$code,
			array(
				'model'    => $this->model,
				'scope'    => $scope,
				'wait'     => $this->last['retry_after'],
				'base_url' => $this->base_url,
			)
		);
		$rate  = $this->last['rate_limit'];
		if ( null !== $this->last['retry_after'] ) {
			$rate                = $rate ? $rate : array_fill_keys( array( 'limit_requests', 'remaining_requests', 'reset_requests', 'limit_tokens', 'remaining_tokens', 'reset_tokens' ), null );
			$rate['retry_after'] = (int) ceil( $this->last['retry_after'] );
		}
		$answer = $verdict && $this->failure ? $this->failure : $this->last;
		return array(
			'ok'          => 'connected' === $code,
			'code'        => $code,
			'message'     => $text['message'],
			'advice'      => $text['advice'],
			'http_status' => $answer['http_status'],
			'request_id'  => $answer['request_id'],
			'latency_ms'  => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'model'       => $this->model,
			'checks'      => array_values( $this->checks ),
			'rate_limit'  => $rate,
			'links'       => $text['links'],
			'tested_at'   => gmdate( 'c' ),
			'key_source'  => $this->key_source,
		);
	}
}
