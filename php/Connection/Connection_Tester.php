<?php
/**
 * The server-side connection test: GET models/{model}, then a 16-token POST responses.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Key\Key_Shape;
use WP_Error;

/**
 * Proves a key works end to end and says exactly what is wrong when it does not. Never changes the key.
 *
 * @since 0.1.0
 */
final class Connection_Tester {

	/** Seconds for the whole test, below the 15 s promised to the admin once WordPress's own time is added. */
	const TOTAL_TIMEOUT   = 14;
	const CONNECT_TIMEOUT = 10;
	const MAX_RETRY_WAIT  = 10;

	/**
	 * Where the API is and how to address it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Absolute time (microtime) by which the whole test must be over.
	 *
	 * @var float
	 */
	private $deadline = 0.0;

	/**
	 * Keeps the endpoint.
	 *
	 * @param Endpoint $endpoint Where the API is and how to address it.
	 */
	public function __construct( Endpoint $endpoint ) {
		$this->endpoint = $endpoint;
	}

	/**
	 * Runs the test on a key.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key        The key (already normalised).
	 * @param string $model      A valid model name.
	 * @param string $key_source 'stored' or 'candidate'.
	 * @return array The TestResult shape of the REST API.
	 */
	public function run( $key, $model, $key_source ) {
		$started        = microtime( true );
		$timeout        = (float) apply_filters( 'key_guard_test_timeout', self::TOTAL_TIMEOUT );
		$this->deadline = $started + min( max( $timeout, 1.0 ), (float) self::TOTAL_TIMEOUT );
		$report         = new Test_Report( $model, $key_source, $this->endpoint->base_url(), $key );

		if ( '' === $key ) {
			return $report->fail_key( 'no_key', __( 'No key to test.', 'key-guard-for-openai' ), $started );
		}
		$refusal = Key_Shape::refusal( $key );
		if ( $refusal ) {
			$code = 'key_guard_admin_key' === $refusal->get_error_code() ? 'admin_key' : 'malformed_key';
			return $report->fail_key( $code, $refusal->get_error_message(), $started );
		}
		$report->pass_key( Key_Shape::warnings( $key ) );

		if ( '' === $report->base_url() ) {
			$verdict = array(
				'code'   => 'connection_failed',
				'detail' => __( 'OPENAI_BASE_URL is not an http:// or https:// URL.', 'key-guard-for-openai' ),
			);
			return $report->finish( $verdict, 'model', $started );
		}

		$answer  = $this->request( 'GET', '/models/' . rawurlencode( $model ), null, $key, 'model' );
		$verdict = $report->record( 'model', $answer );
		// Only a missing permission leaves the key proven: then the request step still tells us more.
		if ( null !== $verdict && 'missing_scope' !== $verdict['code'] ) {
			$report->skip( 'request' );
			return $report->finish( $verdict, 'model', $started );
		}

		$body   = array(
			'model'             => $model,
			'input'             => 'ping',
			'max_output_tokens' => 16,
			'store'             => false,
		);
		$answer = $this->request( 'POST', '/responses', $body, $key, 'request' );
		// Generating needs no model lookup: the request decides, and a lookup refused for a permission only warns.
		return $report->finish( $report->record( 'request', $answer ), 'request', $started, $verdict );
	}

	/**
	 * Sends one request, retrying once when OpenAI asks to (rate limit, slow down, 5xx) within the deadline.
	 *
	 * @param string     $method GET or POST.
	 * @param string     $path   Path below the base URL.
	 * @param array|null $body   JSON body.
	 * @param string     $key    The key.
	 * @param string     $step   'model' or 'request'.
	 * @return array{status: int|null, headers: array<string, string>, body: string, error: WP_Error|null}
	 */
	private function request( $method, $path, $body, $key, $step ) {
		for ( $attempt = 0; ; $attempt++ ) {
			$answer = $this->send( $method, $path, $body, $key );
			if ( $attempt > 0 || null === $answer['status'] || ( 'false' === ( $answer['headers']['x-should-retry'] ?? '' ) ) ) {
				return $answer;
			}
			$verdict   = $answer['status'] >= 400 ? Diagnosis::classify_answer( $answer['status'], $answer['body'], $step ) : null;
			$retryable = $answer['status'] >= 500 || ( $verdict && 'rate_limited' === $verdict['code'] );
			if ( ! $retryable ) {
				return $answer;
			}
			$wait = Diagnosis::retry_after( $answer['headers'], $verdict ? $verdict['detail'] : '' );
			$wait = null === $wait ? 1.0 : $wait;
			if ( $wait > self::MAX_RETRY_WAIT || microtime( true ) + $wait + 1 > $this->deadline ) {
				return $answer;
			}
			usleep( (int) ( $wait * 1000000 ) );
		}
	}

	/**
	 * One HTTP request through the WordPress HTTP API with the remaining time budget.
	 *
	 * @param string     $method GET or POST.
	 * @param string     $path   Path below the base URL.
	 * @param array|null $body   JSON body.
	 * @param string     $key    The key.
	 * @return array{status: int|null, headers: array<string, string>, body: string, error: WP_Error|null}
	 */
	private function send( $method, $path, $body, $key ) {
		$remaining = $this->deadline - microtime( true );
		if ( $remaining < 0.2 ) {
			return self::no_answer( new WP_Error( 'http_request_failed', 'Operation timed out before the request was sent.' ) );
		}
		$headers = $this->endpoint->headers( $key );
		if ( null !== $body ) {
			$headers['Content-Type'] = 'application/json';
		}
		$connect = static function ( $handle ) use ( $remaining ) {
			curl_setopt( $handle, CURLOPT_CONNECTTIMEOUT_MS, (int) ( 1000 * min( $remaining, self::CONNECT_TIMEOUT ) ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- WordPress has no option for a connect timeout shorter than the total.
		};
		add_action( 'http_api_curl', $connect );
		// The base URL comes only from the site's own configuration, never from a request, so plain wp_remote_request() is right.
		$response = wp_remote_request(
			$this->endpoint->base_url() . $path,
			array(
				'method'              => $method,
				'timeout'             => $remaining,
				'redirection'         => 0,
				'headers'             => $headers,
				'body'                => null === $body ? null : wp_json_encode( $body ),
				'user-agent'          => 'KeyGuardForOpenAI/' . KEY_GUARD_VERSION . '; WordPress/' . get_bloginfo( 'version' ),
				'limit_response_size' => 1048576,
			)
		);
		remove_action( 'http_api_curl', $connect );

		if ( is_wp_error( $response ) ) {
			return self::no_answer( $response );
		}
		$names = array( 'x-request-id', 'retry-after', 'retry-after-ms', 'x-should-retry', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests', 'x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens' );
		$found = array();
		foreach ( $names as $name ) {
			$value = wp_remote_retrieve_header( $response, $name );
			if ( is_array( $value ) ) {
				$value = (string) end( $value );
			}
			if ( '' !== $value ) {
				$found[ $name ] = (string) $value;
			}
		}
		return array(
			'status'  => (int) wp_remote_retrieve_response_code( $response ),
			'headers' => $found,
			'body'    => (string) wp_remote_retrieve_body( $response ),
			'error'   => null,
		);
	}

	/**
	 * The answer shape for a request that got no HTTP answer.
	 *
	 * @param WP_Error $error What WordPress reported.
	 * @return array{status: null, headers: array, body: string, error: WP_Error}
	 */
	private static function no_answer( WP_Error $error ) {
		return array(
			'status'  => null,
			'headers' => array(),
			'body'    => '',
			'error'   => $error,
		);
	}
}
