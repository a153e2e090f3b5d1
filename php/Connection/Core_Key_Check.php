<?php
/**
 * WordPress 7's own live check of a key saved through its settings route, seen from outside.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use WordPress\AiClient\AiClient;
use WordPress\AiClient\Common\Contracts\CachesDataInterface;

/**
 * Core checks a key with its AI client (a GET /models through the AI Provider for OpenAI plugin) on
 * rest_post_dispatch and answers only yes or no. While watching, this keeps OpenAI's answer to that
 * check, so a refusal can be told by its diagnosis. It also makes the check ask OpenAI: the AI client
 * keeps the models list for a day under a name that does not depend on the key, so after one check
 * passed any key would pass without being sent.
 *
 * @since 0.5.0
 */
final class Core_Key_Check {

	/** The reason given when no answer from OpenAI was seen. */
	const UNVERIFIED = 'unverified';

	/**
	 * Tells OpenAI's requests from others.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * The last answer to a request to OpenAI during core's check, while watching.
	 *
	 * @var array<string, mixed>|\WP_Error|null
	 */
	private $answer = null;

	/**
	 * Keeps the endpoint.
	 *
	 * @param Endpoint $endpoint Tells OpenAI's requests from others.
	 */
	public function __construct( Endpoint $endpoint ) {
		$this->endpoint = $endpoint;
	}

	/**
	 * Starts keeping OpenAI's answers: sent requests (http_api_debug) and answers another plugin
	 * gave in their place (pre_http_request, last).
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function watch() {
		$this->answer = null;
		add_action( 'http_api_debug', array( $this, 'observe' ), 10, 5 );
		add_filter( 'pre_http_request', array( $this, 'observe_preempted' ), PHP_INT_MAX, 3 );
	}

	/**
	 * Stops watching and forgets the answer.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function stop() {
		remove_action( 'http_api_debug', array( $this, 'observe' ), 10 );
		remove_filter( 'pre_http_request', array( $this, 'observe_preempted' ), PHP_INT_MAX );
		$this->answer = null;
	}

	/**
	 * Why core did not accept the key: the diagnosis of OpenAI's last answer to its check (a code of
	 * data/diagnoses.json), or "unverified" when no answer was seen.
	 *
	 * @since 0.5.0
	 *
	 * @return string
	 */
	public function reason() {
		if ( is_wp_error( $this->answer ) ) {
			return Diagnosis::classify_transport_error( $this->answer )['code'];
		}
		if ( is_array( $this->answer ) ) {
			return Diagnosis::classify_answer( (int) wp_remote_retrieve_response_code( $this->answer ), (string) wp_remote_retrieve_body( $this->answer ), 'model' )['code'];
		}
		return self::UNVERIFIED;
	}

	/**
	 * Forgets the OpenAI models list core's AI client keeps, so its check of a new key asks OpenAI.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function forget_models_list() {
		if ( ! class_exists( AiClient::class ) ) {
			return; // WordPress 6.x: no AI client, no check.
		}
		try {
			$registry = AiClient::defaultRegistry();
			if ( $registry->hasProvider( 'openai' ) ) {
				$directory = $registry->getProviderClassName( 'openai' )::modelMetadataDirectory();
				if ( $directory instanceof CachesDataInterface ) {
					$directory->invalidateCaches();
				}
			}
		} catch ( \Exception $e ) {
			return; // Then core's check runs as it would without the plugin.
		}
	}

	/**
	 * Keeps an answer WordPress got from OpenAI during core's check.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed>|\WP_Error $response  The answer.
	 * @param string                         $context   'response' for an answer.
	 * @param string                         $transport The transport class.
	 * @param array<string, mixed>           $args      The request arguments.
	 * @param string                         $url       The request URL.
	 * @return void
	 */
	public function observe( $response, $context, $transport, $args, $url ) {
		if ( 'response' === $context ) {
			$this->keep( $response, $url );
		}
	}

	/**
	 * Keeps an answer another plugin gave in place of OpenAI during core's check.
	 *
	 * @since 0.5.0
	 *
	 * @param false|array<string, mixed>|\WP_Error $pre  The answer given in advance, or false.
	 * @param array<string, mixed>                 $args The request arguments.
	 * @param string                               $url  The request URL.
	 * @return false|array<string, mixed>|\WP_Error
	 */
	public function observe_preempted( $pre, $args, $url ) {
		if ( false !== $pre ) {
			$this->keep( $pre, $url );
		}
		return $pre;
	}

	/**
	 * Keeps an answer to a request to OpenAI sent while core checks keys (rest_post_dispatch).
	 *
	 * @param mixed  $answer The answer.
	 * @param string $url    The request URL.
	 * @return void
	 */
	private function keep( $answer, $url ) {
		if ( doing_filter( 'rest_post_dispatch' ) && $this->endpoint->is_openai_url( $url ) ) {
			$this->answer = $answer;
		}
	}
}
