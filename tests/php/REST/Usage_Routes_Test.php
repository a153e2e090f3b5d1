<?php
/**
 * Tests for GET /usage and GET/POST /limits.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Limits;

require_once dirname( __DIR__ ) . '/Usage/Resets_Usage.php';

/**
 * The usage report sums the day counts by day (every day of the range), model or caller, in the
 * site's time zone; the limits read and change as a whole, refuse every wrong field by name and
 * save nothing then; fixed limits are read-only and say so.
 */
final class Usage_Routes_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Empty tables, no limits, an administrator.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		wp_set_current_user( self::user( 'administrator' ) );
	}

	/**
	 * Leaves no rows behind.
	 */
	protected function tear_down() {
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * Seeds three days of counts for two models and two callers.
	 */
	private static function seed() {
		$usage = self::kg( 'usage' );
		$usage->add(
			'2026-10-01',
			'gpt-4o-mini',
			'ai-engine',
			array(
				'requests'      => 3,
				'input_tokens'  => 300,
				'cached_tokens' => 100,
				'output_tokens' => 30,
				'cost_micros'   => 1500,
			)
		);
		$usage->add(
			'2026-10-01',
			'gpt-5',
			'theme:twentytwentyfive',
			array(
				'requests'    => 1,
				'blocked'     => 2,
				'cost_micros' => 250000,
			)
		);
		$usage->add(
			'2026-10-03',
			'gpt-4o-mini',
			'ai-engine',
			array(
				'requests'    => 2,
				'cost_micros' => 1000,
			)
		);
		$usage->add(
			'2026-10-03',
			'gpt-unknown',
			'ai-engine',
			array(
				'requests'     => 1,
				'input_tokens' => 10,
				'unpriced'     => 1,
			)
		);
	}

	/**
	 * By day: a row for every day of the range (zeros included), totals, the price date.
	 */
	public function test_usage_by_day_has_every_day() {
		self::seed();
		$data = self::rest( 'GET', '/usage?from=2026-10-01&to=2026-10-04&group=day' )->get_data();
		$this->assertSame( array( '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04' ), array_column( $data['rows'], 'key' ) );
		$this->assertSame( array( 4, 0, 3, 0 ), array_column( $data['rows'], 'requests' ) );
		$this->assertSame( 0.2515, $data['rows'][0]['cost_usd'] );
		$this->assertSame( 'USD', $data['currency'] );
		$this->assertSame( self::kg( 'prices' )->as_of(), $data['prices_as_of'] );
		$this->assertSame( 7, $data['totals']['requests'] );
		$this->assertSame( 2, $data['totals']['blocked'] );
		$this->assertSame( 310, $data['totals']['input_tokens'] );
		$this->assertSame( 100, $data['totals']['cached_tokens'] );
		$this->assertSame( 0.2525, $data['totals']['cost_usd'] );
		$this->assertSame( 1, $data['totals']['unpriced_requests'] );
		$this->assertSame( array( 'day_requests', 'day_cost_usd', 'month_requests', 'month_cost_usd' ), array_keys( $data['period'] ) );
	}

	/**
	 * By model and by caller: busiest (dearest) first, callers with their names.
	 */
	public function test_usage_by_model_and_caller() {
		self::seed();
		$models = self::rest( 'GET', '/usage?from=2026-10-01&to=2026-10-31&group=model' )->get_data()['rows'];
		$this->assertSame( array( 'gpt-5', 'gpt-4o-mini', 'gpt-unknown' ), array_column( $models, 'key' ) );
		$this->assertSame( 5, $models[1]['requests'] );
		$callers = self::rest( 'GET', '/usage?from=2026-10-01&to=2026-10-31&group=caller' )->get_data()['rows'];
		$this->assertSame( array( 'theme:twentytwentyfive', 'ai-engine' ), array_column( $callers, 'key' ) );
		$this->assertStringContainsString( 'Twenty Twenty-Five', $callers[0]['label'] );
		$this->assertSame( 6, $callers[1]['requests'] );
	}

	/**
	 * A day report split by model gives each day its series.
	 */
	public function test_usage_series() {
		self::seed();
		$rows = self::rest( 'GET', '/usage?from=2026-10-01&to=2026-10-02&group=day&series=model' )->get_data()['rows'];
		$this->assertSame( array( 'gpt-5', 'gpt-4o-mini' ), array_column( $rows[0]['series'], 'key' ) );
		$this->assertSame( array(), $rows[1]['series'] );
	}

	/**
	 * The default range is this month, to today.
	 */
	public function test_usage_defaults_to_this_month() {
		$data = self::rest( 'GET', '/usage' )->get_data();
		$this->assertSame( wp_date( 'Y-m' ) . '-01', $data['from'] );
		$this->assertSame( wp_date( 'Y-m-d' ), $data['to'] );
		$this->assertSame( 'day', $data['group'] );
	}

	/**
	 * One end of the range given: the other is the start or the end of its month.
	 */
	public function test_usage_one_end_takes_its_month() {
		$data = self::rest( 'GET', '/usage?to=2026-10-12' )->get_data();
		$this->assertSame( array( '2026-10-01', '2026-10-12' ), array( $data['from'], $data['to'] ) );
		$data = self::rest( 'GET', '/usage?from=2026-02-03' )->get_data();
		$this->assertSame( array( '2026-02-03', '2026-02-28' ), array( $data['from'], $data['to'] ) );
	}

	/**
	 * Wrong parameters are a 400 naming the parameter.
	 *
	 * @dataProvider wrong_usage_queries
	 *
	 * @param string $query The query string.
	 * @param string $param The parameter named.
	 */
	public function test_wrong_usage_queries( $query, $param ) {
		$response = self::rest( 'GET', '/usage?' . $query );
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( $param, $response->get_data()['data']['params'] );
	}

	/**
	 * Queries the report refuses.
	 *
	 * @return array
	 */
	public function wrong_usage_queries() {
		return array(
			'not a date'       => array( 'from=yesterday', 'from' ),
			'no such day'      => array( 'from=2026-02-30&to=2026-03-01', 'from' ),
			'backwards'        => array( 'from=2026-10-05&to=2026-10-01', 'from' ),
			'over a year'      => array( 'from=2024-01-01&to=2026-01-01', 'to' ),
			'unknown group'    => array( 'group=plugin', 'group' ),
			'series not a day' => array( 'group=model&series=caller', 'series' ),
		);
	}

	/**
	 * GET /limits gives every setting, no limit by default, editable, the thresholds and the
	 * callers seen, those waiting for approval marked.
	 */
	public function test_get_limits() {
		self::seed();
		self::kg( 'usage' )->add( wp_date( 'Y-m-d' ), 'gpt-4o-mini', 'new-plugin', array( 'blocked' => 1 ) );
		$data = self::rest( 'GET', '/limits' )->get_data();
		foreach ( array( 'monthly_budget_usd', 'daily_budget_usd', 'requests_per_minute', 'requests_per_day' ) as $field ) {
			$this->assertNull( $data[ $field ], $field );
		}
		$this->assertSame( 'allow', $data['unknown_callers'] );
		$this->assertTrue( $data['editable'] );
		$this->assertNull( $data['locked_by'] );
		$this->assertSame( array( 50, 80, 100 ), $data['alert_thresholds'] );
		$seen = array_column( $data['callers_seen'], null, 'id' );
		$this->assertArrayHasKey( 'new-plugin', $seen );
		$this->assertFalse( $seen['new-plugin']['waiting'] );

		self::rest( 'POST', '/limits', array( 'unknown_callers' => 'approve' ) );
		$seen = array_column( self::rest( 'GET', '/limits' )->get_data()['callers_seen'], null, 'id' );
		$this->assertTrue( $seen['new-plugin']['waiting'] );
		$this->assertSame( 'plugin', $seen['new-plugin']['kind'] );
	}

	/**
	 * POST /limits changes the fields sent and keeps the others; a caller's entry merges, null
	 * removes it.
	 */
	public function test_post_limits_changes_a_subset() {
		$this->assertSame( 200, self::rest( 'POST', '/limits', array( 'monthly_budget_usd' => 50 ) )->get_status() );
		$data = self::rest(
			'POST',
			'/limits',
			array(
				'requests_per_day' => 1000,
				'callers'          => array( 'ai-engine' => array( 'requests_per_day' => 10 ) ),
			)
		)->get_data();
		$data = json_decode( (string) wp_json_encode( $data ), true );
		$this->assertEquals( 50, $data['monthly_budget_usd'] );
		$this->assertSame( 1000, $data['requests_per_day'] );
		$this->assertSame( 10, $data['callers']['ai-engine']['requests_per_day'] );
		$data = self::rest( 'POST', '/limits', array( 'callers' => array( 'ai-engine' => array( 'approved' => true ) ) ) )->get_data();
		$data = json_decode( (string) wp_json_encode( $data ), true );
		$this->assertSame(
			array(
				'requests_per_day'   => 10,
				'monthly_budget_usd' => null,
				'approved'           => true,
			),
			$data['callers']['ai-engine']
		);
		$data = self::rest(
			'POST',
			'/limits',
			array(
				'monthly_budget_usd' => null,
				'callers'            => array( 'ai-engine' => null ),
			)
		)->get_data();
		$data = json_decode( (string) wp_json_encode( $data ), true );
		$this->assertNull( $data['monthly_budget_usd'] );
		$this->assertSame( array(), $data['callers'] );
		$this->assertStringContainsString( '"callers":{}', (string) wp_json_encode( self::rest( 'GET', '/limits' )->get_data() ), 'an object in JSON, even empty' );
	}

	/**
	 * Every wrong value is a 400 naming its field, and nothing of the request is saved.
	 *
	 * @dataProvider wrong_limits
	 *
	 * @param mixed  $body  The body.
	 * @param string $field The field named.
	 */
	public function test_wrong_limits_save_nothing( $body, $field ) {
		self::rest( 'POST', '/limits', array( 'requests_per_day' => 7 ) );
		$before   = get_option( Limits::OPTION );
		$response = self::rest( 'POST', '/limits', $body );
		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( $field, $response->get_data()['data']['params'] );
		$this->assertSame( $before, get_option( Limits::OPTION ), 'nothing was saved' );
	}

	/**
	 * Bodies /limits refuses, and the field each names.
	 *
	 * @return array
	 */
	public function wrong_limits() {
		return array(
			'negative'            => array( array( 'monthly_budget_usd' => -1 ), 'monthly_budget_usd' ),
			'a string'            => array( array( 'daily_budget_usd' => '5' ), 'daily_budget_usd' ),
			'an array'            => array( array( 'requests_per_day' => array( 5 ) ), 'requests_per_day' ),
			'a bool'              => array( array( 'requests_per_minute' => true ), 'requests_per_minute' ),
			'not whole'           => array( array( 'requests_per_minute' => 2.5 ), 'requests_per_minute' ),
			'absurd requests'     => array( array( 'requests_per_day' => 10000000000 ), 'requests_per_day' ),
			'absurd dollars'      => array( array( 'monthly_budget_usd' => 100000000 ), 'monthly_budget_usd' ),
			'unknown field'       => array( array( 'yearly_budget_usd' => 5 ), 'yearly_budget_usd' ),
			'read-only field'     => array( array( 'editable' => false ), 'editable' ),
			'bad policy'          => array( array( 'unknown_callers' => 'deny' ), 'unknown_callers' ),
			'bad caller id'       => array( array( 'callers' => array( '../x' => array( 'approved' => true ) ) ), 'callers.x' ),
			'caller not object'   => array( array( 'callers' => array( 'ai-engine' => 5 ) ), 'callers.ai-engine' ),
			'caller bad field'    => array( array( 'callers' => array( 'ai-engine' => array( 'limit' => 5 ) ) ), 'callers.ai-engine.limit' ),
			'caller bad approved' => array( array( 'callers' => array( 'ai-engine' => array( 'approved' => 'yes' ) ) ), 'callers.ai-engine.approved' ),
			'good and bad'        => array(
				array(
					'requests_per_day'   => 9,
					'monthly_budget_usd' => -5,
				),
				'monthly_budget_usd',
			),
			'a list'              => array( array( 5, 6 ), 'limits' ),
		);
	}

	/**
	 * A body that is not JSON is refused.
	 */
	public function test_a_form_body_is_refused() {
		$request = new \WP_REST_Request( 'POST', '/key-guard/v1/limits' );
		$request->set_body_params( array( 'requests_per_day' => '5' ) );
		$this->assertSame( 400, rest_get_server()->dispatch( $request )->get_status() );
		$this->assertFalse( get_option( Limits::OPTION ) );
	}

	/**
	 * Only administrators read or change the limits.
	 */
	public function test_only_administrators() {
		wp_set_current_user( 0 );
		$this->assertSame( 401, self::rest( 'GET', '/limits' )->get_status() );
		$this->assertSame( 401, self::rest( 'GET', '/usage' )->get_status() );
		wp_set_current_user( self::user( 'editor' ) );
		$this->assertSame( 403, self::rest( 'POST', '/limits', array( 'requests_per_day' => 1 ) )->get_status() );
		$this->assertFalse( get_option( Limits::OPTION ) );
	}

	/**
	 * Limits fixed by the constant are in effect, read-only, and the API says so.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_constant_limits_are_read_only() {
		define( 'KEY_GUARD_LIMITS', '{"requests_per_day": 5, "unknown_callers": "approve"}' );
		$data = self::rest( 'GET', '/limits' )->get_data();
		$this->assertSame( 5, $data['requests_per_day'] );
		$this->assertSame( 'approve', $data['unknown_callers'] );
		$this->assertFalse( $data['editable'] );
		$this->assertSame( 'KEY_GUARD_LIMITS', $data['locked_by'] );
		$response = self::rest( 'POST', '/limits', array( 'requests_per_day' => 6 ) );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'key_guard_limits_locked', $response->get_data()['code'] );
		$this->assertNull( $data['locked_problem'] );
	}

	/**
	 * A constant that cannot be read as limits says why, and applies no limit it cannot read.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_malformed_constant_says_why() {
		define( 'KEY_GUARD_LIMITS', '{"requests_per_day": "20", "monthly_budget_usd": 5}' );
		$data = self::rest( 'GET', '/limits' )->get_data();
		$this->assertFalse( $data['editable'] );
		$this->assertNull( $data['requests_per_day'] );
		$this->assertEquals( 5, $data['monthly_budget_usd'] );
		$this->assertStringContainsString( 'requests_per_day', (string) $data['locked_problem'] );
	}
}
