<?php
/**
 * The usage guard from the command line: wp key-guard usage, limits and callers.
 *
 * @package Key_Guard
 */

namespace Key_Guard\CLI;

use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limit_Values;
use Key_Guard\Usage\Limits;
use Key_Guard\Usage\Usage_Report;
use Key_Guard\Usage\Usage_Table;
use WP_CLI;

/**
 * The site's OpenAI usage, its limits, and the callers (plugins, themes, mu-plugins) that sent
 * requests, with their approval: the same data and checks as the Usage tab and the REST API.
 *
 * @since 0.5.0
 */
final class Usage_Command {

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
	 * The day counts.
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * Who sent requests.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Usage_Report $report  The usage report.
	 * @param Limits       $limits  The limits.
	 * @param Usage_Table  $usage   The day counts.
	 * @param Callers      $callers Who sent requests.
	 */
	public function __construct( Usage_Report $report, Limits $limits, Usage_Table $usage, Callers $callers ) {
		$this->report  = $report;
		$this->limits  = $limits;
		$this->usage   = $usage;
		$this->callers = $callers;
	}

	/**
	 * Shows the site's OpenAI usage for a range of days (this month by default, the site's time
	 * zone): requests, blocked requests, tokens and estimated cost, by day, model or caller.
	 *
	 * ## OPTIONS
	 *
	 * [--from=<day>]
	 * : The first day, YYYY-MM-DD.
	 *
	 * [--to=<day>]
	 * : The last day, YYYY-MM-DD.
	 *
	 * [--group=<group>]
	 * : One row per day, model or caller.
	 * ---
	 * default: day
	 * options:
	 *   - day
	 *   - model
	 *   - caller
	 * ---
	 *
	 * [--format=<format>]
	 * : How to print it (json prints the whole report, as GET /key-guard/v1/usage does).
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp key-guard usage --group=caller
	 *     wp key-guard usage --from=2026-11-01 --to=2026-11-27 --format=json
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function usage( $args, $assoc_args ) {
		$now   = time();
		$range = Usage_Report::range( $assoc_args['from'] ?? null, $assoc_args['to'] ?? null, $now );
		if ( is_wp_error( $range ) ) {
			WP_CLI::error( $range->get_error_message() );
		}
		$group  = (string) ( $assoc_args['group'] ?? 'day' );
		$report = $this->report->build( $range[0], $range[1], in_array( $group, Usage_Report::GROUPS, true ) ? $group : 'day', null, $now );
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			WP_CLI::line( (string) wp_json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
			return;
		}
		$rows   = $report['rows'];
		$rows[] = array( 'key' => __( 'Total', 'key-guard-for-openai' ) ) + $report['totals'];
		foreach ( $rows as &$row ) {
			// Dollars to the micro-dollar the counts keep, never in exponent notation (9.0E-6).
			$row['cost_usd'] = number_format( (float) $row['cost_usd'], 6, '.', '' );
		}
		unset( $row );
		Output::items( $rows, array( 'key', 'requests', 'blocked', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost_usd' ), $assoc_args );
	}

	/**
	 * Shows the limits, or changes some of them.
	 *
	 * ## OPTIONS
	 *
	 * [<action>]
	 * : get (the default) or set.
	 * ---
	 * default: get
	 * options:
	 *   - get
	 *   - set
	 * ---
	 *
	 * [--<field>=<value>]
	 * : For set: monthly_budget_usd, daily_budget_usd, requests_per_minute, requests_per_day (a
	 * number, or none for no limit) and unknown_callers (allow or approve). Per caller: see
	 * wp key-guard callers.
	 *
	 * [--format=<format>]
	 * : How to print them.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp key-guard limits
	 *     wp key-guard limits set --monthly_budget_usd=20 --requests_per_minute=none
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments: the action.
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function limits( $args, $assoc_args ) {
		$action = $args[0] ?? 'get';
		$format = array( 'format' => $assoc_args['format'] ?? 'table' );
		unset( $assoc_args['format'] );
		if ( 'set' === $action ) {
			if ( ! $assoc_args ) {
				WP_CLI::error( __( 'Name at least one limit to set, e.g. --monthly_budget_usd=20.', 'key-guard-for-openai' ) );
			}
			$changes = array_map( array( __CLASS__, 'value' ), $assoc_args );
			$saved   = $this->limits->update( $changes );
			if ( is_wp_error( $saved ) ) {
				WP_CLI::error( Output::words( $saved ) );
			}
			WP_CLI::success( __( 'Limits saved.', 'key-guard-for-openai' ) );
		} elseif ( 'get' !== $action || $assoc_args ) {
			WP_CLI::error( __( 'Use wp key-guard limits get, or wp key-guard limits set --field=value.', 'key-guard-for-openai' ) );
		}
		$limits             = $this->limits->get();
		$limits['editable'] = $this->limits->editable();
		Output::record( $limits, $format );
	}

	/**
	 * Lists the callers that sent OpenAI requests in the last 90 days, or approves or denies one.
	 *
	 * ## OPTIONS
	 *
	 * [<action>]
	 * : list (the default), approve or deny.
	 * ---
	 * default: list
	 * options:
	 *   - list
	 *   - approve
	 *   - deny
	 * ---
	 *
	 * [<caller>]
	 * : For approve and deny: a caller id as the list shows it (a plugin folder, theme:slug,
	 * mu:file or core).
	 *
	 * [--format=<format>]
	 * : How to print the list.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp key-guard callers
	 *     wp key-guard callers approve my-seo-plugin
	 *
	 * @since 0.5.0
	 *
	 * @param string[]                   $args       Positional arguments: the action and the caller.
	 * @param array<string, string|bool> $assoc_args Named arguments.
	 * @return void
	 */
	public function callers( $args, $assoc_args ) {
		$action = $args[0] ?? 'list';
		if ( in_array( $action, array( 'approve', 'deny' ), true ) ) {
			$id = (string) ( $args[1] ?? '' );
			if ( ! preg_match( Limit_Values::CALLER_ID, $id ) ) {
				WP_CLI::error( __( 'Name the caller to approve or deny as the list shows it (a plugin folder, theme:slug, mu:file or core).', 'key-guard-for-openai' ) );
			}
			$saved = $this->limits->update( array( 'callers' => array( $id => array( 'approved' => 'approve' === $action ) ) ) );
			if ( is_wp_error( $saved ) ) {
				WP_CLI::error( Output::words( $saved ) );
			}
			/* translators: %s: a plugin's name. */
			WP_CLI::success( sprintf( 'approve' === $action ? __( '%s may use OpenAI.', 'key-guard-for-openai' ) : __( '%s may no longer use OpenAI while new plugins need approval.', 'key-guard-for-openai' ), $this->callers->label( $id ) ) );
			return;
		}
		if ( 'list' !== $action ) {
			WP_CLI::error( __( 'Use wp key-guard callers list, approve <caller> or deny <caller>.', 'key-guard-for-openai' ) );
		}
		$limits = $this->limits->get();
		$rows   = array();
		foreach ( $this->usage->callers( gmdate( 'Y-m-d', time() - 90 * DAY_IN_SECONDS ) ) as $row ) {
			$rows[] = $row + array(
				'name'     => $this->callers->label( $row['caller'] ),
				'approved' => ! empty( $limits['callers'][ $row['caller'] ]['approved'] ) ? 'yes' : 'no',
				'waiting'  => Limits::is_waiting( $limits, $row['caller'] ) ? 'yes' : 'no',
			);
		}
		Output::items( $rows, array( 'caller', 'name', 'requests', 'blocked', 'last_seen', 'approved', 'waiting' ), $assoc_args );
	}

	/**
	 * A limit's value as typed: none or null for no limit, whole numbers and amounts as numbers.
	 *
	 * @param mixed $typed The value typed.
	 * @return mixed
	 */
	private static function value( $typed ) {
		if ( ! is_string( $typed ) ) {
			return $typed;
		}
		if ( in_array( strtolower( $typed ), array( 'none', 'null' ), true ) ) {
			return null;
		}
		if ( preg_match( '/^\d{1,15}$/', $typed ) ) {
			return (int) $typed;
		}
		return preg_match( '/^\d{1,15}\.\d{1,6}$/', $typed ) ? (float) $typed : $typed;
	}
}
