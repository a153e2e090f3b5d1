<?php
/**
 * Tests for the per-user limit on POST /test.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Rate_Limiter;
use Key_Guard\Key\Key_Store;


/**
 * Ten tests a minute per user, then 429 with Retry-After; nothing reaches OpenAI past the limit.
 */
final class Rate_Limiter_Test extends TestCase {

	/**
	 * Removes filters a test added.
	 */
	protected function tear_down() {
		remove_all_filters( 'key_guard_test_rate_limit' );
		parent::tear_down();
	}

	/**
	 * Runs a test of a typed key (the simulator answers 401 at once).
	 *
	 * @return \WP_REST_Response
	 */
	private static function run_test() {
		return self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'invalid_key', 'limit' ) ) );
	}

	/**
	 * How many tests the audit trail recorded, i.e. how many reached the tester.
	 *
	 * @return int
	 */
	private static function tests_run() {
		return count(
			array_filter(
				self::kg( 'audit' )->events(),
				static function ( $event ) {
					return 'tested' === $event['event'];
				}
			)
		);
	}

	/**
	 * The eleventh test in a minute is refused with 429, Retry-After and a clear message, and sends nothing.
	 */
	public function test_eleventh_test_in_a_minute_is_refused() {
		$key = Sim_Keys::key( 'ok', 'limit-stored' );
		update_option( Key_Store::OPTION, $key );
		$row = self::raw_option();
		wp_set_current_user( self::user( 'administrator' ) );
		for ( $i = 1; $i <= Rate_Limiter::DEFAULT_PER_MINUTE; $i++ ) {
			$this->assertSame( 200, self::run_test()->get_status(), "test $i" );
		}
		$response = self::run_test();
		$this->assertSame( 429, $response->get_status() );
		$this->assertSame( 'key_guard_rate_limited', $response->get_data()['code'] );
		$this->assertStringContainsString( '10 per minute', $response->get_data()['message'] );
		$retry = $response->get_headers()['Retry-After'];
		$this->assertMatchesRegularExpression( '/^[1-9][0-9]*$/', $retry );
		$this->assertLessThanOrEqual( 60, (int) $retry );
		$this->assertSame( (int) $retry, $response->get_data()['data']['retry_after'] );
		$this->assertSame( Rate_Limiter::DEFAULT_PER_MINUTE, self::tests_run(), 'the refused test never ran' );
		$this->assertSame( 429, self::rest( 'POST', '/test', array() )->get_status(), 'the stored-key test counts too' );
		$this->assertSame( $row, self::raw_option() );
		$this->assertSame( $key, get_option( Key_Store::OPTION ) );
	}

	/**
	 * The limit is per user: another administrator may still test.
	 */
	public function test_limit_is_per_user() {
		add_filter( 'key_guard_test_rate_limit', static fn() => 2 );
		wp_set_current_user( self::user( 'administrator' ) );
		self::run_test();
		self::run_test();
		$this->assertSame( 429, self::run_test()->get_status() );

		$other = self::other_admin();
		self::kg( 'limiter' )->reset( $other );
		wp_set_current_user( $other );
		$this->assertSame( 200, self::run_test()->get_status() );
	}

	/**
	 * Tests older than a minute no longer count, and Retry-After says when the oldest expires.
	 */
	public function test_window_slides() {
		add_filter( 'key_guard_test_rate_limit', static fn() => 2 );
		$user = self::user( 'administrator' );
		wp_set_current_user( $user );
		set_site_transient( Rate_Limiter::TRANSIENT . $user, array( microtime( true ) - 61, microtime( true ) - 50, microtime( true ) - 5 ), 60 );
		$response = self::run_test();
		$this->assertSame( 429, $response->get_status(), 'two in the last minute' );
		$this->assertContains( (int) $response->get_headers()['Retry-After'], array( 10, 11 ), 'the test 50 s ago expires in 10 s' );

		set_site_transient( Rate_Limiter::TRANSIENT . $user, array( microtime( true ) - 61, microtime( true ) - 70 ), 60 );
		$this->assertSame( 200, self::run_test()->get_status(), 'older tests do not count' );
	}

	/**
	 * Requests refused before testing (bad input) do not use up the allowance; 0 turns the limit off.
	 */
	public function test_refused_input_does_not_count_and_zero_disables() {
		add_filter( 'key_guard_test_rate_limit', static fn() => 1 );
		wp_set_current_user( self::user( 'administrator' ) );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 400, self::rest( 'POST', '/test', array( 'url' => 'http://example.test' ) )->get_status() );
		}
		$this->assertSame( 200, self::run_test()->get_status() );
		$this->assertSame( 429, self::run_test()->get_status() );

		add_filter( 'key_guard_test_rate_limit', static fn() => 0, 20 );
		$this->assertSame( 200, self::run_test()->get_status() );
		$this->assertSame( 0, self::kg( 'limiter' )->hit( self::user( 'administrator' ) ) );
	}

	/**
	 * A garbage transient (another plugin, a broken cache) counts as no tests rather than failing.
	 */
	public function test_garbage_state_is_ignored() {
		$user = self::user( 'administrator' );
		set_site_transient( Rate_Limiter::TRANSIENT . $user, 'not a list', 60 );
		$this->assertSame( 0, self::kg( 'limiter' )->hit( $user ) );
		set_site_transient( Rate_Limiter::TRANSIENT . $user, array( 'x', null, microtime( true ) + 3600 ), 60 );
		$this->assertSame( 0, self::kg( 'limiter' )->hit( $user ) );
		$this->assertCount( 1, get_site_transient( Rate_Limiter::TRANSIENT . $user ) );
	}

	/**
	 * A second administrator, made once (on a network, a super admin: only they may test).
	 *
	 * @return int
	 */
	private static function other_admin() {
		$user = get_user_by( 'login', 'kg_test_admin2' );
		$id   = $user ? $user->ID : (int) wp_insert_user(
			array(
				'user_login' => 'kg_test_admin2',
				'user_pass'  => wp_generate_password(),
				'user_email' => 'kg_test_admin2@example.test',
				'role'       => 'administrator',
			)
		);
		if ( is_multisite() ) {
			grant_super_admin( $id );
		}
		return $id;
	}

	/**
	 * The lock that makes a user's parallel tests take turns: a lock left by a request that died
	 * is taken over at once; one held by a live request is waited for (two seconds at most), then
	 * the test goes on rather than fail; each hit leaves no lock behind.
	 */
	public function test_lock_is_taken_over_when_stale_and_waited_for_when_held() {
		global $wpdb;
		$user  = self::user( 'administrator' );
		$name  = Rate_Limiter::LOCK . $user;
		$table = $wpdb->base_prefix . 'options';
		$lock  = static function ( $at ) use ( $wpdb, $table, $name ) {
			$wpdb->insert(
				$table,
				array(
					'option_name'  => $name,
					'option_value' => sprintf( '%.3f', $at ),
					'autoload'     => 'off',
				)
			);
		};
		$held  = static function () use ( $wpdb, $table, $name ) {
			return $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$table} WHERE option_name = %s", $name ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- core's table name.
		};

		$this->assertSame( 0, self::kg( 'limiter' )->hit( $user ) );
		$this->assertNull( $held(), 'released after the hit' );

		$lock( microtime( true ) - 60 );
		$started = microtime( true );
		$this->assertSame( 0, self::kg( 'limiter' )->hit( $user ) );
		$this->assertLessThan( 1.0, microtime( true ) - $started, 'a stale lock is taken over at once' );
		$this->assertNull( $held() );

		$lock( microtime( true ) );
		$started = microtime( true );
		$this->assertSame( 0, self::kg( 'limiter' )->hit( $user ) );
		$this->assertGreaterThanOrEqual( 1.9, microtime( true ) - $started, 'a live lock is waited for' );
		$this->assertNotNull( $held(), 'another request\'s lock is not ours to release' );
		$wpdb->delete( $table, array( 'option_name' => $name ) );
		$this->assertCount( 3, get_site_transient( Rate_Limiter::TRANSIENT . $user ), 'each hit still counted' );
	}
}
