<?php
/**
 * The amounts used against each limit, reserved atomically.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Storage\Custom_Table;

/**
 * One row per limit and period (requests this minute, spend this month, a caller's requests
 * today…) holding what is used or reserved. A reservation is one conditional statement,
 * `UPDATE … SET used = used + n WHERE … AND used + n <= cap`: the database applies it or not as a
 * whole, so parallel PHP workers and several web servers on one database can never both take the
 * last unit (check-then-count is what makes other caps overshoot). Rows older than a few months
 * are pruned with the request log.
 *
 * @since 0.5.0
 */
final class Quota_Table extends Custom_Table {

	/** The table's name after the site's prefix. */
	const TABLE = 'key_guard_quota';

	/** The start of the names of a network's limits, whose rows live in the main site's table. */
	const NETWORK = 'network:';

	/** Longest limit name kept (a name carries a caller id). */
	const NAME_LENGTH = 150;

	/**
	 * The table's name after the site's prefix.
	 *
	 * @return string
	 */
	protected function suffix() {
		return self::TABLE;
	}

	/**
	 * The key (limit name, period) and what is used.
	 *
	 * @return string
	 */
	protected function columns() {
		return implode(
			"\n",
			array(
				'  name varchar(' . self::NAME_LENGTH . ") NOT NULL DEFAULT '',",
				"  period varchar(20) NOT NULL DEFAULT '',",
				'  used bigint(20) NOT NULL DEFAULT 0,',
				'  PRIMARY KEY  (name,period)',
			)
		);
	}

	/**
	 * Reserves an amount under a cap, all or nothing, in one statement; a row missing for the
	 * period is first made with what was already used (the seed), so a limit set in the middle
	 * of a month counts the month's spend so far.
	 *
	 * @since 0.5.0
	 *
	 * @param string   $name   The limit's name.
	 * @param string   $period The period (e.g. 2026-11, 2026-11-27, 2026-11-27T13:05).
	 * @param int      $amount What to reserve (> 0).
	 * @param int      $cap    The most the period may use.
	 * @param callable $seed   Returns what the period used before the row existed.
	 * @return bool Whether it is reserved.
	 */
	public function reserve( $name, $period, $amount, $cap, callable $seed ) {
		if ( $this->take( $name, $period, $amount, $cap ) ) {
			return true;
		}
		if ( null !== $this->used( $name, $period ) ) {
			return false;
		}
		$this->create( $name, $period, (int) $seed() );
		return $this->take( $name, $period, $amount, $cap );
	}

	/**
	 * Whether an amount would fit under a cap now, reserving nothing (a row missing for the period
	 * counts what was used before it, the seed).
	 *
	 * @since 0.5.0
	 *
	 * @param string   $name   The limit's name.
	 * @param string   $period The period.
	 * @param int      $amount The amount.
	 * @param int      $cap    The most the period may use.
	 * @param callable $seed   Returns what the period used before the row existed.
	 * @return bool
	 */
	public function fits( $name, $period, $amount, $cap, callable $seed ) {
		$used = $this->used( $name, $period );
		return ( null === $used ? (int) $seed() : $used ) + (int) $amount <= (int) $cap;
	}

	/**
	 * Adds to (or, negative, takes from) what a period used, without a cap: settling a
	 * reservation to the real cost, or releasing it. Does nothing when the row is missing.
	 *
	 * @since 0.5.0
	 *
	 * @param string $name   The limit's name.
	 * @param string $period The period.
	 * @param int    $delta  The change.
	 * @return void
	 */
	public function adjust( $name, $period, $delta ) {
		global $wpdb;
		if ( 0 === (int) $delta ) {
			return;
		}
		$table = $this->table( $name );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; one atomic statement.
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET used = used + %d WHERE name = %s AND period = %s", (int) $delta, $name, $period ) );
	}

	/**
	 * What a period used (with reservations in flight); null when it has no row.
	 *
	 * @since 0.5.0
	 *
	 * @param string $name   The limit's name.
	 * @param string $period The period.
	 * @return int|null
	 */
	public function used( $name, $period ) {
		global $wpdb;
		$table = $this->table( $name );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; the amount changes with every request.
		$used = $wpdb->get_var( $wpdb->prepare( "SELECT used FROM {$table} WHERE name = %s AND period = %s", $name, $period ) );
		return null === $used ? null : (int) $used;
	}

	/**
	 * Deletes the rows of periods that started before a date (periods sort as text by date): by
	 * default those before last month, so last month's figures stay readable.
	 *
	 * @since 0.5.0
	 *
	 * @param string|null $before Y-m-d, or null for the first day of the month before last.
	 * @return void
	 */
	public function prune( $before = null ) {
		global $wpdb;
		$before = $before ?? gmdate( 'Y-m-d', (int) strtotime( 'first day of -2 months', time() ) );
		$table  = $this->name();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; a clean-up.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE period < %s", substr( (string) $before, 0, 7 ) ) );
		// Per-minute rows (2026-11-27T13:05) matter for a minute: gone after a day.
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; a clean-up.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE period LIKE %s AND period < %s", '%T%', gmdate( 'Y-m-d', time() - DAY_IN_SECONDS ) ) );
	}

	/**
	 * Forgets what a limit used in a period: its next reservation counts again from the day
	 * counts. For a limit turned on, whose row was not kept while it was off.
	 *
	 * @since 0.5.0
	 *
	 * @param string $name   The limit's name.
	 * @param string $period The period.
	 * @return void
	 */
	public function forget( $name, $period ) {
		global $wpdb;
		$wpdb->delete( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- Our own table; a reset.
			$this->table( $name ),
			array(
				'name'   => $name,
				'period' => $period,
			)
		);
	}

	/**
	 * The conditional reservation.
	 *
	 * @param string $name   The limit's name.
	 * @param string $period The period.
	 * @param int    $amount What to reserve.
	 * @param int    $cap    The most the period may use.
	 * @return bool Whether one row took it.
	 */
	private function take( $name, $period, $amount, $cap ) {
		global $wpdb;
		$table = $this->table( $name );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; the whole point is one atomic statement.
		$done = $wpdb->query( $wpdb->prepare( "UPDATE {$table} SET used = used + %d WHERE name = %s AND period = %s AND used + %d <= %d", (int) $amount, $name, $period, (int) $amount, (int) $cap ) );
		return 1 === $done;
	}

	/**
	 * Makes a period's row, unless a parallel request made it first (then its seed stands).
	 *
	 * @param string $name   The limit's name.
	 * @param string $period The period.
	 * @param int    $used   What it used before.
	 * @return void
	 */
	private function create( $name, $period, $used ) {
		global $wpdb;
		$table = $this->table( $name );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- The table's own name; values are placeholders; creating a row nobody else made.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (name, period, used) VALUES (%s, %s, %d) ON DUPLICATE KEY UPDATE used = used", substr( $name, 0, self::NAME_LENGTH ), $period, max( 0, $used ) ) );
	}

	/**
	 * The table a limit's row lives in: the current site's, or for a network's limit the main
	 * site's, which every site of the network shares.
	 *
	 * @param string $name The limit's name.
	 * @return string
	 */
	private function table( $name ) {
		global $wpdb;
		if ( is_multisite() && 0 === strpos( $name, self::NETWORK ) ) {
			return $wpdb->get_blog_prefix( get_main_site_id() ) . self::TABLE;
		}
		return $this->name();
	}
}
