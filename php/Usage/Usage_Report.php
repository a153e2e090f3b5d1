<?php
/**
 * The site's OpenAI usage over a range of days, for the screen and the REST API.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use WP_Error;

/**
 * Sums the day counts over a range of days (in the site's time zone), grouped by day, model or
 * caller, with today's and this month's figures for the budgets; a day range has a row for every
 * day, so a chart has a point for each. Costs are estimates in US dollars from the price table.
 *
 * @since 0.5.0
 *
 * @phpstan-type Numbers array{requests: int, blocked: int, input_tokens: int, cached_tokens: int, output_tokens: int, reasoning_tokens: int, cost_usd: float}
 * @phpstan-type Row array{key: string, label: string, requests: int, blocked: int, input_tokens: int, cached_tokens: int, output_tokens: int, reasoning_tokens: int, cost_usd: float, series?: list<array{key: string, label: string, requests: int, blocked: int, input_tokens: int, cached_tokens: int, output_tokens: int, reasoning_tokens: int, cost_usd: float}>}
 */
final class Usage_Report {

	/** The longest range, in days. */
	const MAX_DAYS = 366;

	/** What a report can be grouped by. */
	const GROUPS = array( 'day', 'model', 'caller' );

	/** What a day report's rows can be split by. */
	const SERIES = array( 'model', 'caller' );

	/** The counters a row reports. */
	const FIELDS = array( 'requests', 'blocked', 'input_tokens', 'cached_tokens', 'output_tokens', 'reasoning_tokens', 'cost_micros', 'unpriced' );

	/**
	 * The day counts.
	 *
	 * @var Usage_Table
	 */
	private $usage;

	/**
	 * The prices (their date).
	 *
	 * @var Price_Table
	 */
	private $prices;

	/**
	 * Callers' names.
	 *
	 * @var Callers
	 */
	private $callers;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Usage_Table $usage   The day counts.
	 * @param Price_Table $prices  The prices.
	 * @param Callers     $callers Callers' names.
	 */
	public function __construct( Usage_Table $usage, Price_Table $prices, Callers $callers ) {
		$this->usage   = $usage;
		$this->prices  = $prices;
		$this->callers = $callers;
	}

	/**
	 * The report.
	 *
	 * @since 0.5.0
	 *
	 * @param string      $from   First day, Y-m-d (checked).
	 * @param string      $to     Last day, Y-m-d (checked).
	 * @param string      $group  day, model or caller.
	 * @param string|null $series model or caller to split day rows by, or null.
	 * @param int         $now    The time, for today and this month.
	 * @return array{from: string, to: string, group: string, currency: string, prices_as_of: string, totals: array{requests: int, blocked: int, input_tokens: int, cached_tokens: int, output_tokens: int, reasoning_tokens: int, cost_usd: float, unpriced_requests: int}, rows: list<Row>, period: array{day_requests: int, day_cost_usd: float, month_requests: int, month_cost_usd: float}}
	 */
	public function build( $from, $to, $group, $series, $now ) {
		$rows   = $this->usage->rows( $from, $to );
		$totals = self::sum( $rows );
		$out    = array();
		$series = in_array( $series, self::SERIES, true ) && 'day' === $group ? $series : null;
		foreach ( $this->grouped( $rows, $group ) as $key => $members ) {
			$entry = array(
				'key'   => (string) $key,
				'label' => $this->label( $group, (string) $key ),
			) + self::numbers( self::sum( $members ) );
			if ( $series ) {
				$entry['series'] = array();
				foreach ( $this->grouped( $members, $series ) as $part => $part_rows ) {
					$entry['series'][] = array(
						'key'   => (string) $part,
						'label' => $this->label( $series, (string) $part ),
					) + self::numbers( self::sum( $part_rows ) );
				}
			}
			$out[] = $entry;
		}
		if ( 'day' === $group ) {
			$out = $this->every_day( $out, $from, $to, null !== $series );
		}
		$today = wp_date( 'Y-m-d', $now );
		$first = wp_date( 'Y-m', $now ) . '-01';
		return array(
			'from'         => $from,
			'to'           => $to,
			'group'        => $group,
			'currency'     => 'USD',
			'prices_as_of' => $this->prices->as_of(),
			'totals'       => self::numbers( $totals ) + array( 'unpriced_requests' => $totals['unpriced'] ),
			'rows'         => $out,
			'period'       => array(
				'day_requests'   => $this->usage->sum( 'requests', $today, $today ),
				'day_cost_usd'   => self::usd( $this->usage->sum( 'cost_micros', $today, $today ) ),
				'month_requests' => $this->usage->sum( 'requests', $first, $today ),
				'month_cost_usd' => self::usd( $this->usage->sum( 'cost_micros', $first, $today ) ),
			),
		);
	}

	/**
	 * Whether a string is a real day, Y-m-d.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $value The value.
	 * @return bool
	 */
	public static function is_day( $value ) {
		if ( ! is_string( $value ) || ! preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $parts ) ) {
			return false;
		}
		return checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] );
	}

	/**
	 * The days a report covers, from what was asked (site time zone): this month when neither end
	 * is given; one end given, the other from that end's month. A WP_Error naming the end that is
	 * wrong (data param: from or to) for a day not of the calendar, a range backwards, or one longer
	 * than MAX_DAYS.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $from The first day asked (YYYY-MM-DD), or null.
	 * @param mixed $to   The last day asked, or null.
	 * @param int   $now  The time.
	 * @return array{0: string, 1: string}|WP_Error
	 */
	public static function range( $from, $to, $now ) {
		// An end given is checked as given, before the other is taken from it.
		foreach ( array(
			'from' => $from,
			'to'   => $to,
		) as $name => $value ) {
			if ( null !== $value && ! self::is_day( $value ) ) {
				/* translators: %s: the parameter named, from or to (as typed: --from, ?from=). */
				return new WP_Error( 'key_guard_invalid_range', sprintf( __( '%s is not a day of the calendar (YYYY-MM-DD).', 'key-guard-for-openai' ), $name ), array( 'param' => $name ) );
			}
		}
		if ( null === $from && null === $to ) {
			$from = wp_date( 'Y-m', $now ) . '-01';
			$to   = wp_date( 'Y-m-d', $now );
		} elseif ( null === $from ) {
			$from = substr( (string) $to, 0, 8 ) . '01';
		} elseif ( null === $to ) {
			$to = self::is_day( $from ) ? gmdate( 'Y-m-t', (int) strtotime( $from . ' 00:00:00 UTC' ) ) : $from;
		}
		if ( $from > $to ) {
			return new WP_Error( 'key_guard_invalid_range', __( 'The first day comes after the last day.', 'key-guard-for-openai' ), array( 'param' => 'from' ) );
		}
		if ( ( new \DateTimeImmutable( $from ) )->diff( new \DateTimeImmutable( $to ) )->days + 1 > self::MAX_DAYS ) {
			/* translators: %d: the most days a report covers. */
			return new WP_Error( 'key_guard_invalid_range', sprintf( __( 'A report covers at most %d days.', 'key-guard-for-openai' ), self::MAX_DAYS ), array( 'param' => 'to' ) );
		}
		return array( $from, $to );
	}

	/**
	 * Micro-dollars in dollars.
	 *
	 * @since 0.5.0
	 *
	 * @param int $micros Micro-dollars.
	 * @return float
	 */
	public static function usd( $micros ) {
		return round( $micros / 1000000, 6 );
	}

	/**
	 * Rows grouped by a column (day, model or caller), busiest first except days.
	 *
	 * @param array<int, array<string, int|string>> $rows  Day rows.
	 * @param string                                $group The column.
	 * @return array<int|string, list<array<string, int|string>>> By the column's value (a numeric one becomes an int key).
	 */
	private function grouped( array $rows, $group ) {
		$groups = array();
		foreach ( $rows as $row ) {
			$groups[ (string) $row[ $group ] ][] = $row;
		}
		if ( 'day' !== $group ) {
			uasort(
				$groups,
				static function ( $a, $b ) {
					$x = self::sum( $a );
					$y = self::sum( $b );
					return array( $y['cost_micros'], $y['requests'] ) <=> array( $x['cost_micros'], $x['requests'] );
				}
			);
		}
		return $groups;
	}

	/**
	 * A day report with a row (zeros) for each day without traffic.
	 *
	 * @param array  $rows Rows with traffic.
	 * @param string $from First day.
	 * @param string $to   Last day.
	 * @param bool   $split Whether rows carry series.
	 * @return list<Row>
	 *
	 * @phpstan-param list<Row> $rows
	 */
	private function every_day( array $rows, $from, $to, $split ) {
		$by_day = array_column( $rows, null, 'key' );
		$zero   = self::numbers( self::sum( array() ) );
		$out    = array();
		$day    = new \DateTimeImmutable( $from );
		$last   = new \DateTimeImmutable( $to );
		while ( $day <= $last ) {
			$key   = $day->format( 'Y-m-d' );
			$out[] = $by_day[ $key ] ?? array(
				'key'   => $key,
				'label' => $key,
			) + $zero + ( $split ? array( 'series' => array() ) : array() );
			$day   = $day->modify( '+1 day' );
		}
		return $out;
	}

	/**
	 * A key's words: a caller's name, a model (or that it is unknown), a day.
	 *
	 * @param string $group day, model or caller.
	 * @param string $key   The key.
	 * @return string
	 */
	private function label( $group, $key ) {
		if ( 'caller' === $group ) {
			return $this->callers->label( $key );
		}
		if ( 'model' === $group && '' === $key ) {
			return __( 'No model named', 'key-guard-for-openai' );
		}
		return $key;
	}

	/**
	 * The counters of rows added up.
	 *
	 * @param array<int, array<string, int|string>> $rows Day rows.
	 * @return array<string, int>
	 */
	private static function sum( array $rows ) {
		$sum = array_fill_keys( self::FIELDS, 0 );
		foreach ( $rows as $row ) {
			foreach ( self::FIELDS as $field ) {
				$sum[ $field ] += (int) $row[ $field ];
			}
		}
		return $sum;
	}

	/**
	 * Counters as the report gives them: cost in dollars, no internal counts.
	 *
	 * @param array<string, int> $sum The counters.
	 * @return Numbers
	 */
	private static function numbers( array $sum ) {
		return array(
			'requests'         => $sum['requests'],
			'blocked'          => $sum['blocked'],
			'input_tokens'     => $sum['input_tokens'],
			'cached_tokens'    => $sum['cached_tokens'],
			'output_tokens'    => $sum['output_tokens'],
			'reasoning_tokens' => $sum['reasoning_tokens'],
			'cost_usd'         => self::usd( $sum['cost_micros'] ),
		);
	}
}
