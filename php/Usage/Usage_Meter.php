<?php
/**
 * Watching every OpenAI request the site makes.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Connection\Endpoint;
use Key_Guard\Lifecycle\Sites;
use Key_Guard\Storage\Installer;
use WP_Error;

/**
 * Sees every request of the WordPress HTTP API (wp_remote_*, wp_safe_remote_*, core's AI client)
 * through its public hooks. pre_http_request decides: a request that is not OpenAI's is let go at
 * once, untouched, and costs one URL parse; an OpenAI request goes to the books (Usage_Books,
 * made on the first one), which let it go unchanged or hold it back by a limit with a WP_Error
 * that never leaves the site. http_api_debug, which the HTTP API fires for every request it sent
 * or failed to send, hands the answer to the books. Headers and bodies are read for numbers only
 * and never stored.
 *
 * @since 0.5.0
 */
final class Usage_Meter {

	/**
	 * Where OpenAI's API is.
	 *
	 * @var Endpoint
	 */
	private $endpoint;

	/**
	 * Gives the books (Usage_Books), made on the first OpenAI request.
	 *
	 * @var callable(): Usage_Books
	 */
	private $books;

	/**
	 * The requests let go whose answers are awaited.
	 *
	 * @var Pending_Requests
	 */
	private $pending;

	/**
	 * Keeps where OpenAI's API is and how to reach the books.
	 *
	 * @param Endpoint $endpoint Where OpenAI's API is.
	 * @param callable $books    Gives the books (Usage_Books).
	 */
	public function __construct( Endpoint $endpoint, callable $books ) {
		$this->endpoint = $endpoint;
		$this->books    = $books;
		$this->pending  = new Pending_Requests( $endpoint );
	}

	/**
	 * Lets a request go (returns $pre unchanged) or holds an OpenAI request back at a limit.
	 *
	 * @since 0.5.0
	 *
	 * @param false|array<string, mixed>|WP_Error $pre  Another filter's answer, or false.
	 * @param mixed                               $args The HTTP API's arguments.
	 * @param mixed                               $url  The URL.
	 * @return false|array<string, mixed>|WP_Error
	 */
	public function decide( $pre, $args = array(), $url = '' ) {
		if ( false !== $pre || ! is_array( $args ) || ! is_string( $url ) ) {
			return $pre;
		}
		$base = $this->endpoint->base_of( $url );
		// Until the upgrade ran, requests are let go uncounted rather than failing on a missing table.
		if ( '' === $base || ! Installer::is_current() ) {
			return $pre;
		}
		$request = new Outgoing_Request( $args, $url, $base );
		$started = microtime( true );
		$kept    = ( $this->books )()->admit( $request, (int) $started );
		if ( is_wp_error( $kept ) ) {
			return $kept;
		}
		// Added with the first request awaited, last: a request sent by another shutdown callback
		// is still accounted.
		if ( ! has_action( 'shutdown', array( $this, 'account_unanswered' ) ) ) {
			add_action( 'shutdown', array( $this, 'account_unanswered' ), PHP_INT_MAX );
		}
		$this->pending->add(
			array(
				'url'     => $url,
				'site'    => get_current_blog_id(),
				'request' => $request,
				'started' => $started,
			) + $kept
		);
		return $pre;
	}

	/**
	 * Accounts the answer (or the failure) of a request let go.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed>|WP_Error $response The answer.
	 * @param string                        $context  'response'.
	 * @param string                        $class    The transport.
	 * @param mixed                         $args     The HTTP API's arguments.
	 * @param mixed                         $url      The URL.
	 * @return void
	 */
	public function account( $response, $context = '', $class = '', $args = array(), $url = '' ) {
		$sent = 'response' === $context ? $this->pending->take( $url ) : null;
		if ( null !== $sent ) {
			( $this->books )()->record( $sent, $response, is_array( $args ) ? $args : array() );
		}
	}

	/**
	 * Accounts the requests the page ended without an answer to (PHP stopped while one was under
	 * way, or a filter after ours answered it): each counts as failed at its worst case, like a
	 * timeout, so the budgets and the day counts agree; on a network, in the tables of the site
	 * that sent it.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function account_unanswered() {
		foreach ( $this->pending->take_all() as $sent ) {
			Sites::on_site(
				$sent['site'],
				function () use ( $sent ) {
					( $this->books )()->record( $sent, null, array() );
				}
			);
		}
	}
}
