<?php
/**
 * The last days' OpenAI requests, one row each.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Storage\Custom_Table;

/**
 * One row per OpenAI request the site made or blocked: when, who, which endpoint and model, the
 * answer's status, latency, tokens and estimated cost. Never a header or a body (headers carry
 * other plugins' keys; bodies carry the site's content). Rows are kept only for a short window
 * (default 7 days, the key_guard_request_log_days filter) and pruned daily by cron; the day
 * counts of Usage_Table are what stays.
 *
 * @since 0.5.0
 */
final class Request_Log extends Custom_Table {

	/** The table's name after the site's prefix. */
	const TABLE = 'key_guard_requests';

	/** Days a row is kept by default. */
	const DAYS = 7;

	/** The daily cron event that prunes older rows. */
	const CRON = 'key_guard_prune_requests';

	/** The columns a row is written with, besides its id. */
	const FIELDS = array(
		'at'               => '%s',
		'caller'           => '%s',
		'method'           => '%s',
		'endpoint'         => '%s',
		'model'            => '%s',
		'status'           => '%d',
		'latency_ms'       => '%d',
		'input_tokens'     => '%d',
		'cached_tokens'    => '%d',
		'output_tokens'    => '%d',
		'reasoning_tokens' => '%d',
		'cost_micros'      => '%d',
		'outcome'          => '%s',
		'limit_hit'        => '%s',
	);

	/**
	 * The table's name after the site's prefix.
	 *
	 * @return string
	 */
	protected function suffix() {
		return self::TABLE;
	}

	/**
	 * The columns: at is UTC; cost_micros is null for an unpriced model; outcome is sent, failed
	 * (no answer) or blocked, with the limit that blocked it.
	 *
	 * @return string
	 */
	protected function columns() {
		return implode(
			"\n",
			array(
				'  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,',
				'  at datetime NOT NULL,',
				'  caller varchar(' . Usage_Table::CALLER_LENGTH . ") NOT NULL DEFAULT '',",
				"  method varchar(10) NOT NULL DEFAULT '',",
				"  endpoint varchar(100) NOT NULL DEFAULT '',",
				'  model varchar(' . Usage_Table::MODEL_LENGTH . ") NOT NULL DEFAULT '',",
				'  status smallint(5) unsigned NOT NULL DEFAULT 0,',
				'  latency_ms int(10) unsigned NOT NULL DEFAULT 0,',
				'  input_tokens bigint(20) unsigned NOT NULL DEFAULT 0,',
				'  cached_tokens bigint(20) unsigned NOT NULL DEFAULT 0,',
				'  output_tokens bigint(20) unsigned NOT NULL DEFAULT 0,',
				'  reasoning_tokens bigint(20) unsigned NOT NULL DEFAULT 0,',
				'  cost_micros bigint(20) DEFAULT NULL,',
				"  outcome varchar(10) NOT NULL DEFAULT '',",
				"  limit_hit varchar(40) NOT NULL DEFAULT '',",
				'  PRIMARY KEY  (id),',
				'  KEY at (at)',
			)
		);
	}

	/**
	 * How many days rows are kept (at least 1).
	 *
	 * @since 0.5.0
	 *
	 * @return int
	 */
	public function days() {
		/**
		 * Filters how many days each OpenAI request's own row is kept (the day counts stay).
		 *
		 * @since 0.5.0
		 *
		 * @param int $days Days; default 7.
		 */
		$days = apply_filters( 'key_guard_request_log_days', self::DAYS );
		return is_numeric( $days ) && (int) $days >= 1 ? min( 366, (int) $days ) : self::DAYS;
	}

	/**
	 * Schedules the daily clean-up on this site, once.
	 *
	 * @since 0.5.0
	 *
	 * @return void
	 */
	public function schedule() {
		if ( ! wp_next_scheduled( self::CRON ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::CRON );
		}
	}

	/**
	 * Adds a request's row.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, int|string|null> $row Values for FIELDS (missing = empty or 0; cost_micros null = unpriced).
	 * @return bool Whether the database took it.
	 */
	public function add( array $row ) {
		global $wpdb;
		$data    = array();
		$formats = array();
		foreach ( self::FIELDS as $field => $format ) {
			if ( 'cost_micros' === $field && ! isset( $row[ $field ] ) ) {
				continue; // NULL: unpriced.
			}
			$data[ $field ] = '%d' === $format ? max( 0, (int) ( $row[ $field ] ?? 0 ) ) : (string) ( $row[ $field ] ?? '' );
			$formats[]      = $format;
		}
		$data['at'] = preg_match( '/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/', $data['at'] ) ? $data['at'] : gmdate( 'Y-m-d H:i:s' );
		return false !== $wpdb->insert( $this->name(), $data, $formats ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- One row per request; nothing to cache.
	}

	/**
	 * The latest rows, newest first.
	 *
	 * @since 0.5.0
	 *
	 * @param int $limit How many.
	 * @return array<int, array<string, mixed>>
	 */
	public function latest( $limit = 50 ) {
		global $wpdb;
		$table = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; rows change with every request.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$table} ORDER BY id DESC LIMIT %d", max( 1, (int) $limit ) ), ARRAY_A );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * How many requests left the site (were not blocked) since a time.
	 *
	 * @since 0.5.0
	 *
	 * @param string $since UTC, Y-m-d H:i:s.
	 * @return int
	 */
	public function sent_since( $since ) {
		global $wpdb;
		$table = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; rows change with every request.
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE at >= %s AND outcome <> %s", $since, 'blocked' ) );
	}

	/**
	 * What was sent since a time (not blocked): each method, endpoint and model once, with the
	 * last time it was sent.
	 *
	 * @since 0.5.0
	 *
	 * @param string $since UTC, Y-m-d H:i:s.
	 * @return array<int, array{method: string, endpoint: string, model: string, last: string}>
	 */
	public function used_since( $since ) {
		global $wpdb;
		$table = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; rows change with every request.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT method, endpoint, model, MAX(at) AS last FROM {$table} WHERE at >= %s AND outcome <> %s GROUP BY method, endpoint, model", $since, 'blocked' ), ARRAY_A );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * Deletes the rows older than the window.
	 *
	 * @since 0.5.0
	 *
	 * @return int Rows deleted.
	 */
	public function prune() {
		global $wpdb;
		$table  = $this->name();
		$before = gmdate( 'Y-m-d H:i:s', time() - $this->days() * DAY_IN_SECONDS );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; a clean-up.
		$done = $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE at < %s", $before ) );
		return is_int( $done ) ? $done : 0;
	}
}
