<?php
/**
 * Deciding and recording each OpenAI request the meter sees.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use WP_Error;

/**
 * The usage guard's books: who sent a request, whether a limit holds it back (counted as
 * blocked), and, once it is over, its tokens and cost in the day counts and the request log, its
 * reservations settled and the spend alerts checked. Made only when a page sends its first OpenAI
 * request (Usage_Meter).
 *
 * @since 0.5.0
 *
 * @phpstan-import-type Admission from Usage_Guard
 */
final class Usage_Books {

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
	 * Told of each answer OpenAI refused with 401 or 403 (status, body, Authorization header): the key's evidence.
	 *
	 * @var callable|null
	 */
	private $refused;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Callers      $callers Who sent a request.
	 * @param Usage_Guard  $guard   The limits' reservations.
	 * @param Usage_Table  $usage   The day counts.
	 * @param Request_Log  $log     The request log.
	 * @param Price_Table  $prices  The prices.
	 * @param Spend_Alerts $alerts  The spend alerts.
	 * @param callable     $refused Told of each answer refused with 401 or 403 (status, body, Authorization).
	 */
	public function __construct( Callers $callers, Usage_Guard $guard, Usage_Table $usage, Request_Log $log, Price_Table $prices, Spend_Alerts $alerts, $refused = null ) {
		$this->refused = $refused;
		$this->callers = $callers;
		$this->guard   = $guard;
		$this->usage   = $usage;
		$this->log     = $log;
		$this->prices  = $prices;
		$this->alerts  = $alerts;
	}

	/**
	 * Admits a request or holds it back: what to keep of a request let go, or the error of one
	 * held back at a limit.
	 *
	 * @since 0.5.0
	 *
	 * @param Outgoing_Request $request The request.
	 * @param int              $now     The time.
	 * @return array{caller: string, admission: Admission, day: string}|WP_Error
	 */
	public function admit( Outgoing_Request $request, $now ) {
		$caller    = $this->callers->current();
		$admission = $this->guard->admit( $request, $caller, $now );
		$day       = wp_date( 'Y-m-d', $now );
		if ( null !== $admission['limit'] ) {
			return $this->block( $request, $caller, $admission, $day );
		}
		return compact( 'caller', 'admission', 'day' );
	}

	/**
	 * Records a request let go: its answer's tokens and cost (or its worst case when they cannot
	 * be read) in the day counts and the request log, its reservations settled.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed>               $sent     What decide() kept of it.
	 * @param array<string, mixed>|WP_Error|null $response The answer; null when none came.
	 * @param array<string, mixed>               $args     The HTTP API's arguments.
	 * @return void
	 */
	public function record( array $sent, $response, array $args ) {
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
		if ( null !== $this->refused && in_array( $status, array( 401, 403 ), true ) ) {
			$headers = isset( $args['headers'] ) && is_array( $args['headers'] ) ? array_change_key_case( $args['headers'] ) : array();
			// A restricted key's missing permission, with the key it was said of.
			( $this->refused )( $status, (string) wp_remote_retrieve_body( $response ), is_string( $headers['authorization'] ?? null ) ? $headers['authorization'] : '' );
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
	 *
	 * @phpstan-param Admission $admission
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
		return Limit_Texts::error(
			$admission['limit'],
			$admission['retry_after'],
			function () use ( $caller ) {
				return $this->callers->label( $caller );
			}
		);
	}
}
