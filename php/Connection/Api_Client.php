<?php
/**
 * One request to the OpenAI API through the WordPress HTTP API, within the test's time budget.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use WP_Error;

/**
 * Sends a connection test's requests: the key and organization headers, the remaining time as the
 * timeout, at most one retry and only when OpenAI asks for it. Knows nothing of what a test proves.
 *
 * @since 0.5.0
 */
final class Api_Client {

	const CONNECT_TIMEOUT = 10;
	const MAX_RETRY_WAIT  = 10;

	/**
	 * Where the API is and how to address it.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Keeps the endpoint.
	 *
	 * @param Endpoint $endpoint Where the API is and how to address it.
	 */
	public function __construct( Endpoint $endpoint ) {
		$this->endpoint = $endpoint;
	}

	/**
	 * Sends one request, retrying once when OpenAI asks to (rate limit, slow down, 5xx) within the deadline.
	 *
	 * @since 0.5.0
	 *
	 * @param string                    $method   GET or POST.
	 * @param string                    $path     Path below the base URL.
	 * @param array<string, mixed>|null $body     JSON body.
	 * @param string                    $key      The key.
	 * @param string                    $step     'model' or 'request'.
	 * @param float                     $deadline Absolute time (microtime) by which the whole test must be over.
	 * @return array{status: int|null, headers: array<string, string>, body: string, error: WP_Error|null}
	 */
	public function request( $method, $path, $body, $key, $step, $deadline ) {
		for ( $attempt = 0; ; $attempt++ ) {
			$answer = $this->send( $method, $path, $body, $key, $deadline );
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
			if ( $wait > self::MAX_RETRY_WAIT || microtime( true ) + $wait + 1 > $deadline ) {
				return $answer;
			}
			usleep( (int) ( $wait * 1000000 ) );
		}
	}

	/**
	 * One HTTP request through the WordPress HTTP API with the remaining time budget.
	 *
	 * @param string                    $method   GET or POST.
	 * @param string                    $path     Path below the base URL.
	 * @param array<string, mixed>|null $body     JSON body.
	 * @param string                    $key      The key.
	 * @param float                     $deadline Absolute time (microtime) by which the whole test must be over.
	 * @return array{status: int|null, headers: array<string, string>, body: string, error: WP_Error|null}
	 */
	private function send( $method, $path, $body, $key, $deadline ) {
		$remaining = $deadline - microtime( true );
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
	 * @return array{status: null, headers: array<string, string>, body: string, error: WP_Error}
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
