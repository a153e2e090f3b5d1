<?php
/**
 * Tests for the hard limits on the site's OpenAI traffic.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Limit_Texts;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * Every limit holds a request back with key_guard_limit_reached, its limit and when to retry; a
 * held-back request never leaves the site and counts as blocked; budgets reserve the worst case
 * and settle to the real cost; the approval policy holds new callers back until approved.
 */
final class Usage_Limits_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Requests that reached the simulator in this test.
	 *
	 * @var int
	 */
	private $sent = 0;

	/**
	 * Empty tables, no limits, and a count of the requests that really leave.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		$this->catch_mails();
		$this->sent = 0;
		add_action( 'http_api_debug', array( $this, 'count_sent' ) );
	}

	/**
	 * Leaves no rows or limits behind.
	 */
	protected function tear_down() {
		remove_action( 'http_api_debug', array( $this, 'count_sent' ) );
		$this->release_mails();
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * Counts a request the HTTP API really sent (it fires http_api_debug only for those).
	 */
	public function count_sent() {
		++$this->sent;
	}

	/**
	 * A small request, as a plugin sends it.
	 *
	 * @param int $max_output Declared output tokens.
	 * @return array|\WP_Error
	 */
	private static function ask( $max_output = 16 ) {
		return self::post_openai(
			array(
				'model'             => 'gpt-4o-mini',
				'input'             => 'Hello',
				'max_output_tokens' => $max_output,
			)
		);
	}

	/**
	 * Asserts a request was held back by a limit.
	 *
	 * @param mixed  $answer The answer.
	 * @param string $limit  The limit expected.
	 */
	private function assertHeldBack( $answer, $limit ) {
		$this->assertWPError( $answer );
		$this->assertSame( 'key_guard_limit_reached', $answer->get_error_code() );
		$this->assertSame( $limit, $answer->get_error_data()['limit'] );
		$this->assertArrayHasKey( 'retry_after', $answer->get_error_data() );
		$this->assertDoesNotMatchRegularExpression( '/[a-z]+_[a-z_]+/', $answer->get_error_message(), 'the message is in words' );
	}

	/**
	 * The requests_per_day limit lets exactly that many go; the next is held back, counted as blocked, and
	 * never reaches the API; retry_after points at the site's midnight.
	 */
	public function test_requests_per_day() {
		self::limit( array( 'requests_per_day' => 3 ) );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
		}
		$answer = self::ask();
		$this->assertHeldBack( $answer, 'requests_per_day' );
		$this->assertSame( 3, $this->sent, 'the held-back request never left' );
		$midnight = ( new \DateTimeImmutable( 'tomorrow', wp_timezone() ) )->getTimestamp();
		$this->assertEqualsWithDelta( $midnight - time(), $answer->get_error_data()['retry_after'], 2 );
		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( array( 3, 1 ), array( $row['requests'], $row['blocked'] ) );
		$this->assertSame( 'requests_per_day', self::kg( 'requests' )->latest( 1 )[0]['limit_hit'] );
	}

	/**
	 * The requests_per_minute limit holds back within the minute, retry_after at most 60 s.
	 */
	public function test_requests_per_minute() {
		self::limit( array( 'requests_per_minute' => 1 ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
		$answer = self::ask();
		if ( ! is_wp_error( $answer ) ) {
			// The minute turned between the two requests: the second one is the first of the next.
			$answer = self::ask();
		}
		$this->assertHeldBack( $answer, 'requests_per_minute' );
		$this->assertGreaterThan( 0, $answer->get_error_data()['retry_after'] );
		$this->assertLessThanOrEqual( 60, $answer->get_error_data()['retry_after'] );
	}

	/**
	 * A limit set in the middle of the day counts the day's requests so far.
	 */
	public function test_a_limit_set_later_counts_what_was_used() {
		self::ask();
		self::ask();
		self::limit( array( 'requests_per_day' => 2 ) );
		$this->assertHeldBack( self::ask(), 'requests_per_day' );
		$this->assertSame( 2, $this->sent );
		// Off, two more requests, then on again: those two count too.
		self::limit( array( 'requests_per_day' => null ) );
		self::ask();
		self::ask();
		self::limit( array( 'requests_per_day' => 5 ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
		$this->assertHeldBack( self::ask(), 'requests_per_day' );
		$this->assertSame( 5, $this->sent );
	}

	/**
	 * A caller's own requests_per_day holds back that caller only.
	 */
	public function test_caller_requests_per_day() {
		self::limit(
			array(
				'callers' => array(
					'core' => array( 'requests_per_day' => 1 ),
				),
			)
		);
		self::ask();
		$answer = self::ask();
		$this->assertHeldBack( $answer, 'caller_requests_per_day' );
		$this->assertStringContainsString( 'WordPress core', $answer->get_error_message() );
		// Another caller (this plugin's connection test) is not held back by core's limit.
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame( 'connected', self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'ok', 'other' ) ) )->get_data()['code'] );
	}

	/**
	 * A budget reserves each request's worst case: a budget smaller than one request's worst case
	 * holds it back even though its real cost would fit, and a budget of zero holds back every
	 * billable request but not the free model list.
	 */
	public function test_budgets_reserve_the_worst_case() {
		$prices = self::kg( 'prices' );
		$body   = wp_json_encode(
			array(
				'model'             => 'gpt-4o-mini',
				'input'             => 'Hello',
				'max_output_tokens' => 16,
			)
		);
		$worst  = $prices->ceiling_micros( 'gpt-4o-mini', strlen( $body ), 16 );
		self::limit( array( 'daily_budget_usd' => ( $worst - 1 ) / 1000000 ) );
		$this->assertHeldBack( self::ask(), 'daily_budget' );
		self::limit( array( 'daily_budget_usd' => $worst / 1000000 ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertLessThan( $worst, $row['cost_micros'], 'the real cost is below the worst case' );
		$this->assertSame( $row['cost_micros'], self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ), 'the reservation settled to the real cost' );

		self::limit(
			array(
				'daily_budget_usd'   => null,
				'monthly_budget_usd' => 0,
			)
		);
		$this->assertHeldBack( self::ask(), 'monthly_budget' );
		$list = wp_remote_get(
			self::simulator_url() . '/models',
			array( 'headers' => array( 'Authorization' => 'Bearer ' . Sim_Keys::key( 'ok', 'usage' ) ) )
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $list ), 'the free model list is never held back by a budget' );
	}

	/**
	 * A request without a declared maximum reserves the default output (filterable).
	 */
	public function test_the_default_output_is_reserved_and_filterable() {
		$request = new \Key_Guard\Usage\Outgoing_Request(
			array(
				'method' => 'POST',
				'body'   => '{"model":"gpt-4o-mini","input":"x"}',
			),
			'https://api.openai.com/v1/responses',
			'https://api.openai.com/v1'
		);
		$this->assertSame( 4096, $request->output_tokens );
		$small = static function () {
			return 100;
		};
		add_filter( 'key_guard_default_output_tokens', $small );
		$request = new \Key_Guard\Usage\Outgoing_Request(
			array(
				'method' => 'POST',
				'body'   => '{"model":"gpt-4o-mini","input":"x","n":3}',
			),
			'https://api.openai.com/v1/chat/completions',
			'https://api.openai.com/v1'
		);
		remove_filter( 'key_guard_default_output_tokens', $small );
		$this->assertSame( 300, $request->output_tokens, 'n choices multiply the output' );
		$this->assertSame( 'chat/completions', $request->endpoint );
	}

	/**
	 * A failed request releases its budget reservation.
	 */
	public function test_a_failed_request_releases_its_reservation() {
		self::limit( array( 'monthly_budget_usd' => 5 ) );
		$url  = 'https://api.openai.com/v1/responses';
		$args = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","input":"x"}',
		);
		$this->assertFalse( apply_filters( 'pre_http_request', false, $args, $url ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook, fired as the HTTP API does.
		$this->assertGreaterThan( 0, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m' ) ), 'reserved while in flight' );
		do_action( 'http_api_debug', new \WP_Error( 'http_request_failed', 'cURL error 7: refused' ), 'response', 'Requests', $args, $url ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook, fired as the HTTP API does.
		$this->assertSame( 0, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m' ) ), 'released' );
	}

	/**
	 * A caller's monthly budget holds back that caller.
	 */
	public function test_caller_monthly_budget() {
		self::limit(
			array(
				'callers' => array(
					'core' => array( 'monthly_budget_usd' => 0 ),
				),
			)
		);
		$this->assertHeldBack( self::ask(), 'caller_monthly_budget' );
		$this->assertSame( 0, $this->sent );
	}

	/**
	 * With the approval policy, a caller nobody approved is held back (retry_after null: waiting
	 * does not help) until approved; this plugin's own test is never held back by it.
	 */
	public function test_unknown_callers_wait_for_approval() {
		self::limit( array( 'unknown_callers' => 'approve' ) );
		$answer = self::ask();
		$this->assertHeldBack( $answer, 'caller_not_approved' );
		$this->assertNull( $answer->get_error_data()['retry_after'] );
		$this->assertSame( 0, $this->sent );
		wp_set_current_user( self::user( 'administrator' ) );
		$this->assertSame( 'connected', self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'ok', 'approve' ) ) )->get_data()['code'] );
		self::limit( array( 'callers' => array( 'core' => array( 'approved' => true ) ) ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
	}

	/**
	 * A held-back request gives back what it reserved under the limits checked before.
	 */
	public function test_a_held_back_request_gives_back_its_other_reservations() {
		self::limit(
			array(
				'requests_per_day'   => 10,
				'monthly_budget_usd' => 0,
			)
		);
		$this->assertHeldBack( self::ask(), 'monthly_budget' );
		$this->assertSame( 0, self::kg( 'quota' )->used( 'requests', wp_date( 'Y-m-d' ) ) );
	}

	/**
	 * The connection test held back at its generation step says so: site_limit_reached, naming
	 * the limit in words.
	 */
	public function test_the_connection_test_reports_a_site_limit() {
		self::limit( array( 'monthly_budget_usd' => 0 ) );
		wp_set_current_user( self::user( 'administrator' ) );
		$data = self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'ok', 'limited' ) ) )->get_data();
		$this->assertSame( 'site_limit_reached', $data['code'] );
		$this->assertStringContainsString( Limit_Texts::sentence( 'monthly_budget', '' ), wp_json_encode( $data ) );
		$this->assertSame( 1, self::today_rows()[ $data['model'] . '|' . Callers::OWN ]['blocked'] ?? null );
	}

	/**
	 * An answer handed over with another URL (wp_safe_remote_* reports false for a URL it
	 * refused) still settles its request's reservation.
	 */
	public function test_an_answer_with_another_url_settles() {
		self::limit( array( 'monthly_budget_usd' => 5 ) );
		$args = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","input":"x"}',
		);
		self::through_hooks( 'https://api.openai.com/v1/responses', $args, new \WP_Error( 'http_request_failed', 'A valid URL was not provided.' ), false );
		$this->assertSame( 0, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m' ) ), 'released' );
		$this->assertSame( 1, self::today_rows()['gpt-4o-mini|core']['requests'] );
	}

	/**
	 * A success whose cost cannot be read (a stream without its usage chunk) keeps its worst
	 * case as its cost in the budget; a timeout too.
	 */
	public function test_an_unreadable_cost_keeps_the_worst_case() {
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$args  = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","messages":[],"stream":true,"max_tokens":100}',
		);
		$url   = 'https://api.openai.com/v1/chat/completions';
		$worst = self::kg( 'prices' )->ceiling_micros( 'gpt-4o-mini', strlen( $args['body'] ), 100 );
		self::through_hooks( $url, $args, self::answer( "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n", 'text/event-stream' ) );
		$this->assertSame( $worst, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );
		self::through_hooks( $url, $args, new \WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out after 30001 milliseconds' ) );
		$this->assertSame( 2 * $worst, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );
	}

	/**
	 * A used-up budget holds back a request whose cost cannot be known beforehand: an unpriced
	 * model, a stored prompt without a model.
	 */
	public function test_a_used_up_budget_holds_back_unpriced_requests() {
		self::limit( array( 'daily_budget_usd' => 0 ) );
		$this->assertHeldBack(
			self::post_openai(
				array(
					'model' => 'gpt-unknown-9',
					'input' => 'x',
				)
			),
			'daily_budget'
		);
		$this->assertHeldBack( self::post_openai( array( 'prompt' => array( 'id' => 'pmpt_1' ) ) ), 'daily_budget' );
		$this->assertSame( 0, $this->sent );
	}

	/**
	 * Reading a stored response is free: its usage is not counted again, and a caller waiting
	 * for approval may still read (core's key check lists models).
	 */
	public function test_reads_are_free_and_need_no_approval() {
		self::limit( array( 'unknown_callers' => 'approve' ) );
		$url  = 'https://api.openai.com/v1/responses/resp_123';
		$args = array( 'method' => 'GET' );
		self::through_hooks( $url, $args, self::answer( '{"model":"gpt-4o-mini","usage":{"input_tokens":500,"output_tokens":500}}' ) );
		$row = self::today_rows()['|core'];
		$this->assertSame( array( 1, 0, 0 ), array( $row['requests'], $row['input_tokens'], $row['cost_micros'] ) );
		$this->assertSame( 'responses/{id}', self::kg( 'requests' )->latest( 1 )[0]['endpoint'] );
	}

	/**
	 * Changing a limit that stays on keeps its count (reservations in flight settle against
	 * it); only a limit turned on counts again.
	 */
	public function test_changing_a_limit_keeps_its_count() {
		self::limit( array( 'requests_per_day' => 10 ) );
		self::ask();
		self::ask();
		$this->assertSame( 2, self::kg( 'quota' )->used( 'requests', wp_date( 'Y-m-d' ) ) );
		self::limit(
			array(
				'requests_per_day' => 20,
				'callers'          => array( 'core' => array( 'approved' => true ) ),
			)
		);
		$this->assertSame( 2, self::kg( 'quota' )->used( 'requests', wp_date( 'Y-m-d' ) ), 'kept' );
	}

	/**
	 * Turning approval on keeps the callers already using OpenAI here working (they are approved
	 * with the change); only callers new to OpenAI wait.
	 */
	public function test_approval_keeps_callers_already_in_use() {
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ) );
		self::limit( array( 'unknown_callers' => 'approve' ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( self::ask() ), 'core was using OpenAI already' );
		$this->assertTrue( self::kg( 'limits' )->get()['callers']['core']['approved'] );
	}

	/**
	 * Moderation and file uploads are free: no budget holds them back and their answers, which
	 * carry no usage, cost nothing (not an unknown cost).
	 */
	public function test_free_endpoints_cost_nothing() {
		self::limit( array( 'daily_budget_usd' => 0 ) );
		$url  = 'https://api.openai.com/v1/moderations';
		$args = array(
			'method' => 'POST',
			'body'   => '{"model":"omni-moderation-latest","input":"x"}',
		);
		self::through_hooks( $url, $args, self::answer( '{"id":"modr-1","model":"omni-moderation-latest","results":[]}' ) );
		$row = self::today_rows()['omni-moderation-latest|core'];
		$this->assertSame( array( 1, 0, 0 ), array( $row['requests'], $row['cost_micros'], $row['unpriced'] ) );
	}

	/**
	 * An image sent inline is reserved at its allowance (key_guard_image_tokens), not at one token
	 * per byte of its base64: a 300 KB image no longer looks like $1 of input.
	 */
	public function test_an_inline_image_is_reserved_at_its_allowance() {
		self::limit( array( 'daily_budget_usd' => 0.5 ) );
		$image = base64_encode( str_repeat( 'image-bytes', 30000 ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- An inline image, as plugins send one.
		$body  = wp_json_encode(
			array(
				'model'             => 'gpt-4o',
				'input'             => array(
					array(
						'role'    => 'user',
						'content' => array(
							array(
								'type' => 'input_text',
								'text' => 'Describe this image.',
							),
							array(
								'type'      => 'input_image',
								'image_url' => 'data:image/png;base64,' . $image,
							),
						),
					),
				),
				'max_output_tokens' => 100,
			)
		);
		$args  = array(
			'method' => 'POST',
			'body'   => $body,
		);
		$this->assertGreaterThan( 400000, strlen( $body ) );
		$this->assertFalse( apply_filters( 'pre_http_request', false, $args, 'https://api.openai.com/v1/responses' ), 'let go under a $0.50 budget' ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- The HTTP API's own hook, fired as the HTTP API does.
		$text     = strlen( $body ) - strlen( $image ) - strlen( 'data:image\\/png;base64,' );
		$expected = self::kg( 'prices' )->ceiling_micros( 'gpt-4o', $text + 40000, 100 );
		$this->assertSame( $expected, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );

		$one = static function () {
			return 1000;
		};
		add_filter( 'key_guard_image_tokens', $one );
		$request = new \Key_Guard\Usage\Outgoing_Request( $args, 'https://api.openai.com/v1/responses', 'https://api.openai.com/v1' );
		remove_filter( 'key_guard_image_tokens', $one );
		$this->assertSame( $text + 1000, $request->input_tokens );
	}
}
