<?php
/**
 * GET /key-guard/v1/usage and GET/POST /key-guard/v1/limits.
 *
 * @package Key_Guard
 */

namespace Key_Guard\REST;

use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limit_Values;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Spend_Alerts;
use Key_Guard\Usage\Usage_Report;
use Key_Guard\Usage\Usage_Table;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The usage report (by day, model or caller, dates in the site's time zone) and the limits: read
 * them, and change any subset of them, validated as a whole (a wrong field names itself and
 * nothing is saved; limits fixed by the KEY_GUARD_LIMITS constant are read-only and say so).
 *
 * @since 0.5.0
 */
final class Usage_Controller extends Controller {

	/** How far back the callers seen are listed, in days. */
	const SEEN_DAYS = 90;

	/**
	 * The usage report.
	 *
	 * @var Usage_Report
	 */
	private $report;

	/**
	 * The limits.
	 *
	 * @var Limits
	 */
	private $limits;

	/**
	 * The day counts (callers seen).
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * Callers' names.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * The alerts (their thresholds).
	 *
	 * @var Spend_Alerts
	 */
	private $alerts;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Usage_Report $report  The usage report.
	 * @param Limits       $limits  The limits.
	 * @param Usage_Table  $usage   The day counts.
	 * @param Callers      $callers Callers' names.
	 * @param Spend_Alerts $alerts  The alerts.
	 */
	public function __construct( Usage_Report $report, Limits $limits, Usage_Table $usage, Callers $callers, Spend_Alerts $alerts ) {
		$this->report  = $report;
		$this->limits  = $limits;
		$this->usage   = $usage;
		$this->callers = $callers;
		$this->alerts  = $alerts;
	}

	/**
	 * Registers /usage and /limits.
	 *
	 * @since 0.5.0
	 *
	 * @param callable $on Gives what a route calls for one of this controller's methods: a stand-in
	 *                    that makes the controller when its route is dispatched.
	 * @return void
	 */
	public static function register_routes( callable $on ) {
		$day = array(
			'type'        => 'string',
			'format'      => 'date',
			'pattern'     => '^\d{4}-\d{2}-\d{2}$',
			'description' => __( 'A day, YYYY-MM-DD, in the site\'s time zone.', 'key-guard-for-openai' ),
		);
		register_rest_route(
			self::NAMESPACE,
			'/usage',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => $on( 'usage' ),
				'permission_callback' => $on( 'can_manage' ),
				'args'                => array(
					'from'   => $day,
					'to'     => $day,
					'group'  => array(
						'type'    => 'string',
						'enum'    => Usage_Report::GROUPS,
						'default' => 'day',
					),
					'series' => array(
						'type' => 'string',
						'enum' => Usage_Report::SERIES,
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/limits',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => $on( 'get_limits' ),
					'permission_callback' => $on( 'can_manage' ),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => $on( 'set_limits' ),
					'permission_callback' => $on( 'can_manage' ),
				),
			)
		);
	}

	/**
	 * GET /usage: the report for a range of days (this month by default).
	 *
	 * @since 0.5.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function usage( WP_REST_Request $request ) {
		$now   = time();
		$range = Usage_Report::range( $request->get_param( 'from' ), $request->get_param( 'to' ), $now );
		if ( is_wp_error( $range ) ) {
			return self::invalid( (string) $range->get_error_data()['param'], $range->get_error_message() );
		}
		list( $from, $to ) = $range;
		$group             = (string) $request->get_param( 'group' );
		$series            = $request->get_param( 'series' );
		if ( null !== $series && 'day' !== $group ) {
			return self::invalid( 'series', __( 'Only a report by day can be split into series.', 'key-guard-for-openai' ) );
		}
		return new WP_REST_Response( $this->report->build( $from, $to, $group, $series, $now ) );
	}

	/**
	 * GET /limits: the limits, whether they can be changed here, the alert thresholds, and the
	 * callers seen in the last 90 days (those waiting for approval marked).
	 *
	 * @since 0.5.0
	 *
	 * @return WP_REST_Response
	 */
	public function get_limits() {
		return new WP_REST_Response( $this->limits_view() );
	}

	/**
	 * POST /limits: changes any subset of the limits.
	 *
	 * @since 0.5.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function set_limits( WP_REST_Request $request ) {
		// apiFetch adds _locale to the URL; a limit there is a mistake, never silently ignored.
		if ( array_intersect_key( $request->get_query_params(), Limit_Values::FIELDS ) ) {
			return new WP_Error( 'rest_invalid_param', __( 'Send the limits in the request body as JSON, not in the URL.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		$changes = $request->get_json_params();
		if ( null === $changes ) {
			$body = trim( (string) $request->get_body() );
			if ( '' !== $body || $request->get_body_params() ) {
				return new WP_Error( 'rest_invalid_json', __( 'Send the limits as a JSON object (Content-Type: application/json).', 'key-guard-for-openai' ), array( 'status' => 400 ) );
			}
			$changes = array();
		}
		$saved = $this->limits->update( $changes );
		return is_wp_error( $saved ) ? $saved : new WP_REST_Response( $this->limits_view() );
	}

	/**
	 * The limits as GET /limits gives them.
	 *
	 * @return array{monthly_budget_usd: float|null, daily_budget_usd: float|null, requests_per_minute: int|null, requests_per_day: int|null, unknown_callers: string, callers: object, editable: bool, locked_by: string|null, locked_problem: string|null, alert_thresholds: int[], callers_seen: list<array{id: string, label: string, kind: string, first_seen: string, last_seen: string, requests: int, blocked: int, waiting: bool}>}
	 */
	private function limits_view() {
		$limits   = $this->limits->get();
		$editable = $this->limits->editable();
		$seen     = array();
		foreach ( $this->usage->callers( wp_date( 'Y-m-d', time() - self::SEEN_DAYS * DAY_IN_SECONDS ) ) as $row ) {
			$id     = $row['caller'];
			$seen[] = array(
				'id'         => $id,
				'label'      => $this->callers->label( $id ),
				'kind'       => Callers::kind( $id ),
				'first_seen' => $row['first_seen'],
				'last_seen'  => $row['last_seen'],
				'requests'   => $row['requests'],
				'blocked'    => $row['blocked'],
				'waiting'    => Limits::is_waiting( $limits, $id ),
			);
		}
		// An object in JSON even when empty, as the contract has it.
		$limits['callers'] = (object) $limits['callers'];
		$problem           = $this->limits->constant_problem();
		return $limits + array(
			'editable'         => $editable,
			'locked_by'        => $editable ? null : Limits::CONSTANT,
			'locked_problem'   => '' === $problem ? null : $problem,
			'alert_thresholds' => $this->alerts->thresholds(),
			'callers_seen'     => $seen,
		);
	}
}
