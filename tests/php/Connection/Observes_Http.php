<?php
/**
 * Counts the HTTP requests WordPress sends, through http_api_debug.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

/**
 * Records each request WordPress answered (method, path below the API, body sent, answer) while a
 * test runs, and forgets every key's kept models list so each test starts without one.
 */
trait Observes_Http {

	/**
	 * Requests sent so far in this test.
	 *
	 * @var array<int, array{method: string, path: string, body: array|null, answer: array|\WP_Error}>
	 */
	private $sent = array();

	/**
	 * Starts recording; forgets kept models lists.
	 */
	protected function observe_http() {
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%key\\_guard\\_models\\_%'" );
		wp_cache_flush();
		$this->sent = array();
		add_action( 'http_api_debug', array( $this, 'record_http' ), 10, 5 );
	}

	/**
	 * Stops recording.
	 */
	protected function stop_observing_http() {
		remove_action( 'http_api_debug', array( $this, 'record_http' ), 10 );
	}

	/**
	 * The http_api_debug observer.
	 *
	 * @param array|\WP_Error $response The answer.
	 * @param string          $context  'response'.
	 * @param string          $transport Transport class.
	 * @param array           $args     Request arguments.
	 * @param string          $url      URL.
	 */
	public function record_http( $response, $context, $transport, $args, $url ) {
		if ( 'response' !== $context || false === strpos( $url, '/v1/' ) ) {
			return;
		}
		$this->sent[] = array(
			'method' => $args['method'],
			'path'   => (string) preg_replace( '#^.*?/v1#', '', $url ),
			'body'   => is_string( $args['body'] ) ? json_decode( $args['body'], true ) : null,
			'answer' => $response,
		);
	}

	/**
	 * The requests sent so far, as "METHOD /path".
	 *
	 * @return string[]
	 */
	protected function sent_lines() {
		return array_map(
			static function ( $request ) {
				return $request['method'] . ' ' . $request['path'];
			},
			$this->sent
		);
	}
}
