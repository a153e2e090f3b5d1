<?php
/**
 * A per-user limit on connection tests.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Counts each user's connection tests over a sliding minute, so a stolen session or a stuck script
 * cannot use the site to hammer OpenAI (or probe keys) through our test route. Kept network-wide
 * (site transients), so on multisite the limit is per user, not per user and site.
 *
 * @since 0.3.0
 */
final class Rate_Limiter {

	const DEFAULT_PER_MINUTE = 10;

	/** The sliding window, in seconds. */
	const WINDOW = 60;

	/** Transient name prefix; the user ID follows. */
	const TRANSIENT = 'key_guard_tests_';

	/** Lock row name prefix (main site's options table); the user ID follows. */
	const LOCK = 'key_guard_tests_lock_';

	/** Seconds after which a lock left by a request that died is taken over. */
	const LOCK_STALE = 5;

	/**
	 * Tests allowed per user per minute: KEY_GUARD_TEST_RATE_LIMIT, then the filter.
	 *
	 * @since 0.3.0
	 *
	 * @return int 0 turns the limit off.
	 */
	public static function per_minute() {
		$limit = defined( 'KEY_GUARD_TEST_RATE_LIMIT' ) && is_numeric( KEY_GUARD_TEST_RATE_LIMIT ) ? (int) KEY_GUARD_TEST_RATE_LIMIT : self::DEFAULT_PER_MINUTE;
		/**
		 * Filters how many connection tests one user may run per minute (0: no limit).
		 *
		 * @since 0.3.0
		 *
		 * @param int $limit Tests per minute.
		 */
		return max( 0, (int) apply_filters( 'key_guard_test_rate_limit', $limit ) );
	}

	/**
	 * Counts a test for a user, unless the user is over the limit.
	 *
	 * @since 0.3.0
	 *
	 * @param int $user_id The user.
	 * @return int 0 when the test may run, else the seconds to wait.
	 */
	public function hit( $user_id ) {
		$limit = self::per_minute();
		if ( 0 === $limit ) {
			return 0;
		}
		// Parallel requests of one user take turns, so a burst cannot all read the same count.
		$locked = $this->lock( $user_id );
		$now    = microtime( true );
		$recent = $this->recent( $user_id, $now );
		$wait   = 0;
		if ( count( $recent ) >= $limit ) {
			$wait = max( 1, (int) ceil( $recent[ count( $recent ) - $limit ] + self::WINDOW - $now ) );
		} else {
			$recent[] = $now;
			set_site_transient( self::TRANSIENT . (int) $user_id, $recent, self::WINDOW );
		}
		if ( $locked ) {
			$this->unlock( $user_id );
		}
		return $wait;
	}

	/**
	 * Takes the user's lock: a row inserted with INSERT IGNORE, which only one request can
	 * insert. Waits up to two seconds, then goes on without it rather than refuse the test.
	 *
	 * @param int $user_id The user.
	 * @return bool Whether the lock was taken.
	 */
	private function lock( $user_id ) {
		global $wpdb;
		$table    = $wpdb->base_prefix . 'options';
		$name     = self::LOCK . (int) $user_id;
		$deadline = microtime( true ) + 2;
		do {
			$now = microtime( true );
			// A lock older than LOCK_STALE was left by a request that died: take it over.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a lock row, never cached; the table name is core's.
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE option_name = %s AND option_value < %s", $name, sprintf( '%.3f', $now - self::LOCK_STALE ) ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- an atomic insert-if-absent is the lock.
			if ( 1 === (int) $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", $name, sprintf( '%.3f', $now ) ) ) ) {
				return true;
			}
			usleep( 10000 );
		} while ( microtime( true ) < $deadline );
		return false;
	}

	/**
	 * Releases the user's lock.
	 *
	 * @param int $user_id The user.
	 */
	private function unlock( $user_id ) {
		global $wpdb;
		$table = $wpdb->base_prefix . 'options';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the lock row taken above.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE option_name = %s", self::LOCK . (int) $user_id ) );
	}

	/**
	 * Forgets a user's tests.
	 *
	 * @since 0.3.0
	 *
	 * @param int $user_id The user.
	 */
	public function reset( $user_id ) {
		delete_site_transient( self::TRANSIENT . (int) $user_id );
	}

	/**
	 * The times of the user's tests in the last minute, oldest first.
	 *
	 * @param int   $user_id The user.
	 * @param float $now     The time now.
	 * @return float[]
	 */
	private function recent( $user_id, $now ) {
		$stored = get_site_transient( self::TRANSIENT . (int) $user_id );
		$recent = array();
		foreach ( is_array( $stored ) ? $stored : array() as $time ) {
			if ( is_numeric( $time ) && (float) $time > $now - self::WINDOW && (float) $time <= $now ) {
				$recent[] = (float) $time;
			}
		}
		sort( $recent );
		return $recent;
	}
}
