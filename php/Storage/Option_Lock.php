<?php
/**
 * A short lock row, so requests that change the same option take turns.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Storage;

/**
 * Serialises read-modify-write changes of our options across parallel requests. The lock is a row
 * of the options table inserted with INSERT IGNORE (atomic on MySQL, MariaDB and SQLite: only one
 * request can insert it), holding the time it was taken and a token of its own; it is deleted in
 * `finally`, only by its owner. A lock older than STALE seconds was left by a request that died and
 * is taken over. A request that waits longer than it may goes on without the lock, as it would
 * have done before, rather than fail what the user asked for.
 *
 * Inside the lock the option is read from the database, not from the request's cache (which may
 * hold what the request read seconds earlier, before another request wrote).
 *
 * @since 0.5.0
 */
final class Option_Lock {

	/** Name prefix of the lock rows of change(); the lock's name follows. */
	const PREFIX = 'key_guard_lock_';

	/** Seconds after which a lock is taken to be left by a request that died. */
	const STALE = 5;

	/**
	 * Locks this request holds, by table and row name: a change nested in another of the same
	 * lock runs at once instead of waiting for itself.
	 *
	 * @var array<string, true>
	 */
	private $held = array();

	/**
	 * Changes options under a lock of this site: drops the request's cached copies of the options
	 * first, so the change reads what is stored now, then runs it.
	 *
	 * @since 0.5.0
	 *
	 * @param string   $name    The lock's name (options changed together share one).
	 * @param string[] $options The options the change reads.
	 * @param callable $change  Reads, changes and writes the options; its return value is returned.
	 * @return mixed
	 */
	public function change( $name, array $options, callable $change ) {
		global $wpdb;
		return $this->run(
			$wpdb->options,
			self::PREFIX . $name,
			self::STALE,
			static function () use ( $options, $change ) {
				array_map( array( __CLASS__, 'forget_cached' ), $options );
				return $change();
			}
		);
	}

	/**
	 * Runs a task holding a lock row of a table of options.
	 *
	 * @since 0.5.0
	 *
	 * @param string   $table The options table (this site's, or the main site's for a lock of the network).
	 * @param string   $name  The lock row's name.
	 * @param float    $wait  Seconds to wait for a lock held by a live request before going on without it.
	 * @param callable $task  What to do; its return value is returned.
	 * @return mixed
	 */
	public function run( $table, $name, $wait, callable $task ) {
		$id = $table . '|' . $name;
		if ( isset( $this->held[ $id ] ) ) {
			return $task();
		}
		$token = $this->take( $table, $name, $wait );
		if ( null !== $token ) {
			$this->held[ $id ] = true;
		}
		try {
			return $task();
		} finally {
			if ( null !== $token ) {
				unset( $this->held[ $id ] );
				$this->release( $table, $name, $token );
			}
		}
	}

	/**
	 * Drops this request's cached copies of an option (its value, or that it does not exist), so
	 * the next get_option() reads the database.
	 *
	 * @since 0.5.0
	 *
	 * @param string $option The option name.
	 * @return void
	 */
	public static function forget_cached( $option ) {
		wp_cache_delete( $option, 'options' );
		foreach ( array( 'notoptions', 'alloptions' ) as $list ) {
			$cached = wp_cache_get( $list, 'options' );
			if ( is_array( $cached ) && array_key_exists( $option, $cached ) ) {
				unset( $cached[ $option ] );
				wp_cache_set( $list, $cached, 'options' );
			}
		}
	}

	/**
	 * Inserts the lock row, taking over a stale one; retries until the wait is over.
	 *
	 * @param string $table The options table.
	 * @param string $name  The lock row's name.
	 * @param float  $wait  Seconds to wait at most.
	 * @return string|null The token written in the row; null when the lock could not be taken.
	 */
	private function take( $table, $name, $wait ) {
		global $wpdb;
		$deadline = microtime( true ) + $wait;
		do {
			$now   = microtime( true );
			$token = sprintf( '%.3f %s', $now, bin2hex( random_bytes( 6 ) ) );
			// Times have the same length, so the lexical order of the rows is their time order.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- a lock row, never cached; the table name is core's.
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE option_name = %s AND option_value < %s", $name, sprintf( '%.3f', $now - self::STALE ) ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- an atomic insert-if-absent is the lock.
			if ( 1 === (int) $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$table} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", $name, $token ) ) ) {
				return $token;
			}
			usleep( random_int( 5000, 15000 ) ); // Apart, so waiters do not retry in step.
		} while ( microtime( true ) < $deadline );
		return null;
	}

	/**
	 * Deletes the lock row if it is still ours (a request slower than STALE may have lost it).
	 *
	 * @param string $table The options table.
	 * @param string $name  The lock row's name.
	 * @param string $token The token written when it was taken.
	 * @return void
	 */
	private function release( $table, $name, $token ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the lock row taken above.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE option_name = %s AND option_value = %s", $name, $token ) );
	}
}
