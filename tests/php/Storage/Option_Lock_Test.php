<?php
/**
 * Tests for Option_Lock.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Storage\Option_Lock;

/**
 * The lock row's life (Rate_Limiter_Test covers the wait and the takeover of a stale lock), and
 * the fresh read inside it. Parallel_Writes_Test proves the whole across processes.
 */
final class Option_Lock_Test extends TestCase {

	const PROBE = 'key_guard_lock_test_probe';

	/**
	 * Removes the probe option and any lock row left.
	 */
	protected function tear_down() {
		global $wpdb;
		delete_option( self::PROBE );
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Option_Lock::PREFIX ) . '%' ) );
		parent::tear_down();
	}

	/**
	 * The lock row of a change, or null.
	 *
	 * @return string|null
	 */
	private static function row() {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", Option_Lock::PREFIX . 'probe' ) );
	}

	/**
	 * Inside the lock the option is read from the database, whatever this request cached: a value,
	 * or that the option did not exist.
	 */
	public function test_a_change_reads_what_is_stored_now() {
		global $wpdb;
		$lock = new Option_Lock();
		$read = static function () {
			return get_option( self::PROBE );
		};

		$this->assertFalse( get_option( self::PROBE ), 'cached as missing' );
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => self::PROBE,
				'option_value' => 'written by another request',
				'autoload'     => 'off',
			)
		);
		$this->assertSame( 'written by another request', $lock->change( 'probe', array( self::PROBE ), $read ) );

		$this->assertSame( 'written by another request', get_option( self::PROBE ), 'cached as a value' );
		$wpdb->update( $wpdb->options, array( 'option_value' => 'changed again' ), array( 'option_name' => self::PROBE ) );
		$this->assertSame( 'changed again', $lock->change( 'probe', array( self::PROBE ), $read ) );
		$this->assertNull( self::row(), 'released' );
	}

	/**
	 * A change nested in a change of the same lock (a hook writing again) runs at once, and the
	 * lock is released once, by the outer change.
	 */
	public function test_a_nested_change_does_not_wait_for_itself() {
		$lock    = new Option_Lock();
		$started = microtime( true );
		$inner   = $lock->change(
			'probe',
			array(),
			function () use ( $lock ) {
				$held = self::row();
				return array( $held, $lock->change( 'probe', array(), static fn() => self::row() ) );
			}
		);
		$this->assertLessThan( 1.0, microtime( true ) - $started );
		$this->assertNotNull( $inner[0], 'held inside' );
		$this->assertSame( $inner[0], $inner[1], 'the same lock, still held' );
		$this->assertNull( self::row(), 'released after' );
	}

	/**
	 * A request slower than the stale time lost its lock to a takeover: it does not delete the
	 * new owner's row when it finishes. The lock is released when the task throws, too.
	 */
	public function test_only_the_owner_releases_and_a_failing_task_releases() {
		global $wpdb;
		$lock = new Option_Lock();
		$lock->change(
			'probe',
			array(),
			static function () use ( $wpdb ) {
				$wpdb->update( $wpdb->options, array( 'option_value' => 'another request' ), array( 'option_name' => Option_Lock::PREFIX . 'probe' ) );
			}
		);
		$this->assertSame( 'another request', self::row() );
		$wpdb->delete( $wpdb->options, array( 'option_name' => Option_Lock::PREFIX . 'probe' ) );

		try {
			$lock->change(
				'probe',
				array(),
				static function () {
					throw new \RuntimeException( 'failed' );
				}
			);
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'failed', $e->getMessage() );
		}
		$this->assertNull( self::row() );
		$this->assertSame( 'again', $lock->change( 'probe', array(), static fn() => 'again' ), 'and can be taken again at once' );
	}
}
