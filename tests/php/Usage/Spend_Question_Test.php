<?php
/**
 * Tests for what other plugins may ask: the key's state, and "may I spend?".
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * The functions key_guard_key_state() and key_guard_may_spend(), and the filters of the same
 * names: facts, never the key; the same limits a request meets, named the same way, and nothing reserved; the
 * question attributed to the plugin that asks.
 */
final class Spend_Question_Test extends TestCase {

	use Resets_Usage;

	/**
	 * A plugin of this test, written into the plugins folder: its file asks the question.
	 *
	 * @var string
	 */
	private $asker = '';

	/**
	 * Empty tables, no limits.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
	}

	/**
	 * Removes the tables' rows and the test's plugin.
	 */
	protected function tear_down() {
		self::reset_usage();
		if ( '' !== $this->asker ) {
			wp_delete_file( $this->asker );
			rmdir( dirname( $this->asker ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- the test's own folder.
		}
		parent::tear_down();
	}

	/**
	 * The key's state: facts, through the function and the filter alike, never the key.
	 */
	public function test_the_key_state() {
		$none = key_guard_key_state();
		$this->assertSame( array( false, 'none', '', null ), array( $none['configured'], $none['source'], $none['masked'], $none['connected'] ) );
		$key = Sim_Keys::key( 'ok', 'state' );
		self::kg( 'store' )->save( $key, 1 );
		$state = apply_filters( 'key_guard_key_state', null );
		$this->assertSame( $state, key_guard_key_state() );
		$this->assertSame( array( true, 'database' ), array( $state['configured'], $state['source'] ) );
		$this->assertStringEndsWith( substr( $key, -4 ), $state['masked'] );
		$this->assertStringNotContainsString( substr( $key, 8, 20 ), (string) wp_json_encode( $state ) );
	}

	/**
	 * No key: no; a key and no limit: yes; a used-up cap: the limit in words, as the request would
	 * get it, with nothing reserved by asking.
	 */
	public function test_may_i_spend() {
		$no_key = key_guard_may_spend();
		$this->assertWPError( $no_key );
		$this->assertSame( 'key_guard_no_key', $no_key->get_error_code() );

		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'spend' ), 1 );
		$this->assertTrue( key_guard_may_spend() );
		$this->assertTrue( apply_filters( 'key_guard_may_spend', true, array() ) );

		self::limit( array( 'requests_per_day' => 1 ) );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertTrue( key_guard_may_spend(), 'asking reserves nothing' );
		}
		self::limit( array( 'requests_per_day' => 0 ) );
		$capped = key_guard_may_spend();
		$this->assertSame( 'key_guard_limit_reached', $capped->get_error_code() );
		$this->assertSame( 'requests_per_day', $capped->get_error_data()['limit'] );
		$this->assertGreaterThan( 0, $capped->get_error_data()['retry_after'] );
		$this->assertSame( $capped->get_error_message(), apply_filters( 'key_guard_may_spend', true, array() )->get_error_message() );
		$earlier = new \WP_Error( 'site_says_no', 'No.' );
		$this->assertSame( $earlier, apply_filters( 'key_guard_may_spend', $earlier, array() ), 'an earlier refusal stands' );
	}

	/**
	 * A budget: an estimate that fits passes, one that does not is held back; a bad question is
	 * refused in words.
	 */
	public function test_an_estimate_against_the_budget() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'budget' ), 1 );
		self::limit( array( 'monthly_budget_usd' => 1 ) );
		self::kg( 'usage' )->add(
			wp_date( 'Y-m-d' ),
			'gpt-4o-mini',
			'core',
			array(
				'requests'    => 1,
				'cost_micros' => 999000,
			)
		);
		$this->assertTrue( key_guard_may_spend( array( 'estimate_usd' => 0.0005 ) ) );
		$this->assertSame( 'monthly_budget', key_guard_may_spend( array( 'estimate_usd' => 0.01 ) )->get_error_data()['limit'] );
		foreach ( array( array( 'estimate_usd' => '5' ), array( 'estimate_usd' => -1 ), array( 'caller' => '../x' ), array( 'caller' => array() ) ) as $bad ) {
			$this->assertSame( 'key_guard_invalid_question', key_guard_may_spend( $bad )->get_error_code(), (string) wp_json_encode( $bad ) );
		}
	}

	/**
	 * The question counts for the plugin that asks: waiting for approval until approved.
	 */
	public function test_the_asking_plugin_is_the_caller() {
		self::kg( 'store' )->save( Sim_Keys::key( 'ok', 'asker' ), 1 );
		$this->asker = WP_PLUGIN_DIR . '/kg-test-asker/kg-test-asker.php';
		wp_mkdir_p( dirname( $this->asker ) );
		file_put_contents( $this->asker, "<?php\nfunction kg_test_asker_may_spend() { return apply_filters( 'key_guard_may_spend', true, array() ); }\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- the test's own plugin.
		require_once $this->asker;
		self::limit( array( 'unknown_callers' => 'approve' ) );
		$waiting = kg_test_asker_may_spend();
		$this->assertSame( 'caller_not_approved', $waiting->get_error_data()['limit'] );
		$this->assertStringContainsString( 'kg-test-asker', $waiting->get_error_message() );
		self::limit( array( 'callers' => array( 'kg-test-asker' => array( 'approved' => true ) ) ) );
		$this->assertTrue( kg_test_asker_may_spend() );
	}
}
