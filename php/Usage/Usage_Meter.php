<?php
/**
 * Watching every OpenAI request the site makes.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Connection\Endpoint;
use Key_Guard\Storage\Installer;
use WP_Error;

/**
 * Sees every request of the WordPress HTTP API (wp_remote_*, wp_safe_remote_*, core's AI client)
 * through its public hooks. pre_http_request decides: a request that is not OpenAI's is let go at
 * once, untouched; an OpenAI request is attributed to its caller and let go (unchanged) or held
 * back by a limit with a WP_Error that never leaves the site. http_api_debug, which the HTTP API
 * fires for every request it sent or failed to send, accounts the answer: tokens and cost into
 * the day counts and the request log, reservations settled, spend alerts. Headers and bodies are
 * read for numbers only and never stored.
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
	 * Who sent a request.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * The limits' reservations.
	 *
	 * @var Usage_Guard
	 */
	private $guard;

	/**
	 * The day counts.
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * The request log.
	 *
	 * @var Request_Log
	 */
	private $log;

	/**
	 * The prices.
	 *
	 * @var Price_Table
	 */
	private $prices;

	/**
	 * The spend alerts.
	 *
	 * @var Spend_Alerts
	 */
	private $alerts;

	/**
	 * The requests let go whose answers are awaited.
	 *
	 * @var Pending_Requests
	 */
	private $pending;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Endpoint     $endpoint Where OpenAI's API is.
	 * @param Callers      $callers  Who sent a request.
	 * @param Usage_Guard  $guard    The limits' reservations.
	 * @param Usage_Table  $usage    The day counts.
	 * @param Request_Log  $log      The request log.
	 * @param Price_Table  $prices   The prices.
	 * @param Spend_Alerts $alerts   The spend alerts.
	 */
	public function __construct( Endpoint $endpoint, Callers $callers, Usage_Guard $guard, Usage_Table $usage, Request_Log $log, Price_Table $prices, Spend_Alerts $alerts ) {
		$this->endpoint = $endpoint;
		$this->callers  = $callers;
		$this->guard    = $guard;
		$this->usage    = $usage;
		$this->log      = $log;
		$this->prices   = $prices;
		$this->alerts   = $alerts;
		$this->pending  = new Pending_Requests( $endpoint );
	}

	/**
	 * Lets a request go (returns $pre unchanged) or holds an OpenAI request back at a limit.
	 *
	 * @since 0.5.0
	 *
	 * @param false|array|WP_Error $pre  Another filter's answer, or false.
	 * @param mixed                $args The HTTP API's arguments.
	 * @param mixed                $url  The URL.
	 * @return false|array|WP_Error
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
		$now       = time();
		$request   = new Outgoing_Request( $args, $url, $base );
		$caller    = $this->callers->current();
		$admission = $this->guard->admit( $request, $caller, $now );
		$day       = wp_date( 'Y-m-d', $now );
		if ( null !== $admission['limit'] ) {
			return $this->block( $request, $caller, $admission, $day );
		}
		// Added with the first request awaited: a page that sends none has nothing to account at its end.
		if ( ! has_action( 'shutdown', array( $this, 'account_unanswered' ) ) ) {
			add_action( 'shutdown', array( $this, 'account_unanswered' ) );
		}
		$this->pending->add(
			array(
				'url'       => $url,
				'site'      => get_current_blog_id(),
				'request'   => $request,
				'caller'    => $caller,
				'admission' => $admission,
				'day'       => $day,
				'started'   => microtime( true ),
			)
		);
		return $pre;
	}

	/**
	 * Accounts the answer (or the failure) of a request let go.
	 *
	 * @since 0.5.0
	 *
	 * @param array|WP_Error $response The answer.
	 * @param string         $context  'response'.
	 * @param string         $class    The transport.
	 * @param mixed          $args     The HTTP API's arguments.
	 * @param mixed          $url      The URL.
	 */
	public function account( $response, $context = '', $class = '', $args = array(), $url = '' ) {
		$sent = 'response' === $context ? $this->pending->take( $url ) : null;
		if ( null !== $sent ) {
			$this->record( $sent, $response, is_array( $args ) ? $args : array() );
		}
	}

	/**
	 * Accounts the requests the page ended without an answer to (PHP stopped while one was under
	 * way, or a filter after ours answered it): each counts as failed at its worst case, like a
	 * timeout, so the budgets and the day counts agree.
	 *
	 * @since 0.5.0
	 */
	public function account_unanswered() {
		foreach ( $this->pending->take_all() as $sent ) {
			// On a network, each in the tables of the site that sent it.
			$away = is_multisite() && get_current_blog_id() !== $sent['site'];
			if ( $away ) {
				switch_to_blog( $sent['site'] );
			}
			$this->record( $sent, null, array() );
			if ( $away ) {
				restore_current_blog();
			}
		}
	}

	/**
	 * Records a request let go: its answer's tokens and cost (or its worst case when they cannot
	 * be read) in the day counts and the request log, its reservations settled.
	 *
	 * @param array<string, mixed> $sent     What decide() kept of it.
	 * @param array|WP_Error|null  $response The answer; null when none came.
	 * @param array                $args     The HTTP API's arguments.
	 */
	private function record( array $sent, $response, array $args ) {
		$request = $sent['request'];
		$failed  = is_wp_error( $response ) || ! is_array( $response );
		// Only requests that send something are billed: a read of a stored response repeats its usage.
		$read   = ! $failed && $request->is_billable();
		$used   = Usage_Reader::read( $read ? Usage_Reader::body( $response, $args ) : '', $read ? (string) wp_remote_retrieve_header( $response, 'content-type' ) : '' );
		$model  = '' !== $request->model ? $request->model : $used['model'];
		$cost   = $this->prices->cost_micros( '' !== $used['model'] ? $used['model'] : $request->model, '' !== $used['service_tier'] ? $used['service_tier'] : null, $used );
		$tokens = $used['input_tokens'] + $used['output_tokens'];
		$status = $failed ? 0 : (int) wp_remote_retrieve_response_code( $response );
		// A cost that cannot be read is estimated at the request's worst case, everywhere (the
		// budgets, the day counts, the alerts), and the request counts as unpriced.
		$unknown  = $request->is_billable() && ( null === $response || Usage_Reader::cost_unread( $response, $args, $status, $tokens ) );
		$estimate = $unknown ? (int) $sent['admission']['worst'] : (int) $cost;
		$this->guard->settle( $sent['admission']['holds'], $estimate );
		$this->usage->add(
			$sent['day'],
			$model,
			$sent['caller'],
			array(
				'requests'         => 1,
				'input_tokens'     => $used['input_tokens'],
				'cached_tokens'    => $used['cached_tokens'],
				'output_tokens'    => $used['output_tokens'],
				'reasoning_tokens' => $used['reasoning_tokens'],
				'cost_micros'      => $estimate,
				'unpriced'         => $unknown || ( null === $cost && $tokens > 0 ) ? 1 : 0,
			)
		);
		$this->log->add(
			array(
				'at'               => gmdate( 'Y-m-d H:i:s', (int) $sent['started'] ),
				'caller'           => $sent['caller'],
				'method'           => $request->method,
				'endpoint'         => $request->endpoint,
				'model'            => $model,
				'status'           => $status,
				'latency_ms'       => (int) round( ( microtime( true ) - $sent['started'] ) * 1000 ),
				'input_tokens'     => $used['input_tokens'],
				'cached_tokens'    => $used['cached_tokens'],
				'output_tokens'    => $used['output_tokens'],
				'reasoning_tokens' => $used['reasoning_tokens'],
				'cost_micros'      => $unknown ? null : $cost,
				'outcome'          => $failed ? 'failed' : 'sent',
			)
		);
		if ( $estimate > 0 ) {
			$this->alerts->check( time() );
		}
	}

	/**
	 * The error a held-back request gets, counted as blocked.
	 *
	 * @param Outgoing_Request $request   The request.
	 * @param string           $caller    Its caller.
	 * @param array            $admission The guard's answer.
	 * @param string           $day       Today, Y-m-d.
	 * @return WP_Error
	 */
	private function block( Outgoing_Request $request, $caller, array $admission, $day ) {
		$this->usage->add( $day, $request->model, $caller, array( 'blocked' => 1 ) );
		$this->log->add(
			array(
				'caller'    => $caller,
				'method'    => $request->method,
				'endpoint'  => $request->endpoint,
				'model'     => $request->model,
				'outcome'   => 'blocked',
				'limit_hit' => $admission['limit'],
			)
		);
		return new WP_Error(
			'key_guard_limit_reached',
			Limit_Texts::sentence( $admission['limit'], in_array( $admission['limit'], Usage_Guard::CALLER_LIMITS, true ) ? $this->callers->label( $caller ) : '' ),
			array(
				'limit'       => $admission['limit'],
				'retry_after' => $admission['retry_after'],
			)
		);
	}
}
