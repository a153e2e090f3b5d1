<?php
/**
 * The usage counts: one row per day, model and caller, in a table of its own.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Storage\Custom_Table;

/**
 * Counts OpenAI requests per site day × model × caller: requests, blocked requests, input /
 * cached / output / reasoning tokens, estimated cost in micro-dollars and requests whose model is
 * unpriced. Every write is one atomic upsert (INSERT … ON DUPLICATE KEY UPDATE x = x + …), so
 * parallel PHP workers and several web servers on one database never lose a count; never options
 * or the object cache, which are not made for counting. Written for MySQL/MariaDB (tested under
 * concurrency with two web servers, tests/cluster); the SQLite default's translator understands
 * the same statements.
 *
 * @since 0.5.0
 */
final class Usage_Table extends Custom_Table {

	/** The table's name after the site's prefix. */
	const TABLE = 'key_guard_usage';

	/** The counters a row holds, besides its key. */
	const COUNTERS = array( 'requests', 'blocked', 'input_tokens', 'cached_tokens', 'output_tokens', 'reasoning_tokens', 'cost_micros', 'unpriced' );

	/** Longest model name kept (the key must fit the oldest index limits: 767 bytes). */
	const MODEL_LENGTH = 64;

	/** Longest caller id kept: a plugin folder, theme:slug, mu:file or core. */
	const CALLER_LENGTH = 100;

	/**
	 * The table's name after the site's prefix.
	 *
	 * @return string
	 */
	protected function suffix() {
		return self::TABLE;
	}

	/**
	 * The key (day, model, caller) and the counters; cost may go below zero only through a
	 * price filter's mistake, never through counting.
	 *
	 * @return string
	 */
	protected function columns() {
		$lines = array(
			'  day date NOT NULL,',
			'  model varchar(' . self::MODEL_LENGTH . ") NOT NULL DEFAULT '',",
			'  caller varchar(' . self::CALLER_LENGTH . ") NOT NULL DEFAULT '',",
		);
		foreach ( self::COUNTERS as $counter ) {
			$type    = 'cost_micros' === $counter ? 'bigint(20)' : 'bigint(20) unsigned';
			$lines[] = "  {$counter} {$type} NOT NULL DEFAULT 0,";
		}
		$lines[] = '  PRIMARY KEY  (day,model,caller)';
		return implode( "\n", $lines );
	}

	/**
	 * Adds counts to a day's row for a model and caller, in one atomic statement.
	 *
	 * @since 0.5.0
	 *
	 * @param string             $day    Y-m-d in the site's time zone.
	 * @param string             $model  The model ('' when unknown).
	 * @param string             $caller The caller id.
	 * @param array<string, int> $counts Counter => amount to add (see COUNTERS; missing = 0).
	 * @return bool Whether the database took it.
	 */
	public function add( $day, $model, $caller, array $counts ) {
		global $wpdb;
		if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', (string) $day ) ) {
			return false;
		}
		$values = array();
		foreach ( self::COUNTERS as $counter ) {
			$values[] = (int) ( $counts[ $counter ] ?? 0 );
		}
		$updates = implode( ', ', array_map( static fn( $c ) => "{$c} = {$c} + VALUES({$c})", self::COUNTERS ) );
		$columns = implode( ', ', self::COUNTERS );
		$holders = implode( ', ', array_fill( 0, count( self::COUNTERS ), '%d' ) );
		$table   = $this->name();
		// Column and table names are the class's own constants; every value is a placeholder.
		$sql  = "INSERT INTO {$table} (day, model, caller, {$columns}) VALUES (%s, %s, %s, {$holders}) ON DUPLICATE KEY UPDATE {$updates}";
		$args = array_merge( array( $day, substr( (string) $model, 0, self::MODEL_LENGTH ), substr( (string) $caller, 0, self::CALLER_LENGTH ) ), $values );
		$done = $wpdb->query( $wpdb->prepare( $sql, $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders, WordPress.DB.DirectDatabaseQuery -- See above: built from constants, values as placeholders; counts change with every request.
		return false !== $done;
	}

	/**
	 * The rows of a day range, each with its counters as integers.
	 *
	 * @since 0.5.0
	 *
	 * @param string $from First day, Y-m-d.
	 * @param string $to   Last day, Y-m-d.
	 * @return array<int, array<string, int|string>>
	 */
	public function rows( $from, $to ) {
		global $wpdb;
		$table = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; counts change with every request.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$table} WHERE day BETWEEN %s AND %s ORDER BY day, model, caller", $from, $to ), ARRAY_A );
		return array_map(
			static function ( array $row ) {
				foreach ( self::COUNTERS as $counter ) {
					$row[ $counter ] = (int) $row[ $counter ];
				}
				return $row;
			},
			is_array( $rows ) ? $rows : array()
		);
	}

	/**
	 * The sum of a counter over a day range, for every caller or one.
	 *
	 * @since 0.5.0
	 *
	 * @param string      $counter One of COUNTERS.
	 * @param string      $from    First day, Y-m-d.
	 * @param string      $to      Last day, Y-m-d.
	 * @param string|null $caller  Only this caller, or null for all.
	 * @return int
	 */
	public function sum( $counter, $from, $to, $caller = null ) {
		global $wpdb;
		if ( ! in_array( $counter, self::COUNTERS, true ) ) {
			return 0;
		}
		$table = $this->name();
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name and a column from COUNTERS; values are placeholders; counts change with every request.
		$sum = null === $caller
			? $wpdb->get_var( $wpdb->prepare( "SELECT SUM({$counter}) FROM {$table} WHERE day BETWEEN %s AND %s", $from, $to ) )
			: $wpdb->get_var( $wpdb->prepare( "SELECT SUM({$counter}) FROM {$table} WHERE day BETWEEN %s AND %s AND caller = %s", $from, $to, $caller ) );
		// phpcs:enable
		return (int) $sum;
	}

	/**
	 * Every counter summed between two days, in one query.
	 *
	 * @since 0.5.0
	 *
	 * @param string $from First day, Y-m-d.
	 * @param string $to   Last day, Y-m-d.
	 * @return array<string, int> By counter.
	 */
	public function sums( $from, $to ) {
		global $wpdb;
		$table   = $this->name();
		$columns = implode( ', ', array_map( static fn( $counter ) => "SUM({$counter}) AS {$counter}", self::COUNTERS ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name and columns from COUNTERS; values are placeholders; counts change with every request.
		$row  = $wpdb->get_row( $wpdb->prepare( "SELECT {$columns} FROM {$table} WHERE day BETWEEN %s AND %s", $from, $to ), ARRAY_A );
		$sums = array();
		foreach ( self::COUNTERS as $counter ) {
			$sums[ $counter ] = (int) ( $row[ $counter ] ?? 0 );
		}
		return $sums;
	}

	/**
	 * Every caller with requests or blocked requests since a day: its first and last day and its
	 * counts, busiest first.
	 *
	 * @since 0.5.0
	 *
	 * @param string $since First day, Y-m-d.
	 * @return array<int, array{caller: string, first_seen: string, last_seen: string, requests: int, blocked: int}>
	 */
	public function callers( $since ) {
		global $wpdb;
		$table = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; counts change with every request.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT caller, MIN(day) AS first_seen, MAX(day) AS last_seen, SUM(requests) AS requests, SUM(blocked) AS blocked FROM {$table} WHERE day >= %s GROUP BY caller ORDER BY SUM(requests) DESC, caller", $since ), ARRAY_A );
		return array_map(
			static function ( array $row ) {
				return array(
					'caller'     => (string) $row['caller'],
					'first_seen' => (string) $row['first_seen'],
					'last_seen'  => (string) $row['last_seen'],
					'requests'   => (int) $row['requests'],
					'blocked'    => (int) $row['blocked'],
				);
			},
			is_array( $rows ) ? $rows : array()
		);
	}

	/**
	 * The callers that sent requests in the last 90 days: those turning approval on keeps working.
	 *
	 * @since 0.5.0
	 *
	 * @return string[]
	 */
	public function callers_in_use() {
		$used = array_filter(
			$this->callers( gmdate( 'Y-m-d', time() - 90 * DAY_IN_SECONDS ) ),
			static function ( array $row ) {
				return $row['requests'] > 0;
			}
		);
		return array_column( $used, 'caller' );
	}
}
