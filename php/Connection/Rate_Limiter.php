<?php
/**
 * A per-user limit on connection tests.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Storage\Option_Lock;

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

	/** Seconds a test waits for the user's other test to count, before it goes on without the lock. */
	const LOCK_WAIT = 2;

	/**
	 * The lock that makes a user's parallel tests take turns.
	 *
	 * @var Option_Lock
	 */
	private $lock;

	/**
	 * Keeps the collaborators.
	 *
	 * @param Option_Lock $lock The lock that makes a user's parallel tests take turns.
	 */
	public function __construct( Option_Lock $lock ) {
		$this->lock = $lock;
	}

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
		global $wpdb;
		// Parallel requests of one user take turns, so a burst cannot all read the same count; the
		// lock row is the network's (main site's table), like the count.
		return $this->lock->run(
			$wpdb->base_prefix . 'options',
			self::LOCK . (int) $user_id,
			self::LOCK_WAIT,
			function () use ( $user_id, $limit ) {
				$now    = microtime( true );
				$recent = $this->recent( $user_id, $now );
				if ( count( $recent ) >= $limit ) {
					return max( 1, (int) ceil( $recent[ count( $recent ) - $limit ] + self::WINDOW - $now ) );
				}
				$recent[] = $now;
				set_site_transient( self::TRANSIENT . (int) $user_id, $recent, self::WINDOW );
				return 0;
			}
		);
	}

	/**
	 * Forgets a user's tests.
	 *
	 * @since 0.3.0
	 *
	 * @param int $user_id The user.
	 * @return void
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
