<?php
/**
 * Tests for watching the site's OpenAI requests.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Callers;
use Key_Guard\Usage\Request_Log;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * Requests to OpenAI through the WordPress HTTP API are counted per day, model and caller with
 * the tokens and the cost of their answer, in every answer shape; other requests are not touched;
 * nothing of a header or a body is stored.
 */
final class Usage_Meter_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Empty tables, no limits.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
		$this->catch_mails();
	}

	/**
	 * Leaves no rows behind.
	 */
	protected function tear_down() {
		$this->release_mails();
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * A real request to the API is counted once, with the answer's tokens and its estimated cost,
	 * for the test's caller (code outside plugins and themes: core); the request row holds numbers
	 * and names, never the key or the text.
	 */
	public function test_a_responses_request_is_counted_with_its_tokens_and_cost() {
		$answer = self::post_openai(
			array(
				'model'             => 'gpt-4o-mini',
				'input'             => 'Say hello to the usage meter.',
				'max_output_tokens' => 16,
			)
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ) );
		$usage = json_decode( wp_remote_retrieve_body( $answer ), true )['usage'];

		$rows = self::today_rows();
		$this->assertSame( array( 'gpt-4o-mini|core' ), array_keys( $rows ) );
		$row = $rows['gpt-4o-mini|core'];
		$this->assertSame( 1, $row['requests'] );
		$this->assertSame( 0, $row['blocked'] );
		$this->assertSame( $usage['input_tokens'], $row['input_tokens'] );
		$this->assertSame( $usage['output_tokens'], $row['output_tokens'] );
		$expected = self::kg( 'prices' )->cost_micros( 'gpt-4o-mini', null, $usage );
		$this->assertGreaterThan( 0, $expected );
		$this->assertSame( $expected, $row['cost_micros'] );
		$this->assertSame( 0, $row['unpriced'] );

		$logged = self::kg( 'requests' )->latest( 5 );
		$this->assertCount( 1, $logged );
		$this->assertSame( 'responses', $logged[0]['endpoint'] );
		$this->assertSame( 'POST', $logged[0]['method'] );
		$this->assertSame( '200', (string) $logged[0]['status'] );
		$this->assertSame( 'sent', $logged[0]['outcome'] );
		$stored = wp_json_encode( $logged ) . wp_json_encode( $rows );
		$this->assertStringNotContainsString( 'sk-proj', $stored, 'no key is stored' );
		$this->assertStringNotContainsString( 'usage meter', $stored, 'no body is stored' );
	}

	/**
	 * Chat Completions are counted from prompt and completion tokens.
	 */
	public function test_a_chat_request_is_counted() {
		$answer = self::post_openai(
			array(
				'model'                 => 'gpt-4o-mini',
				'messages'              => array(
					array(
						'role'    => 'user',
						'content' => 'Hi',
					),
				),
				'max_completion_tokens' => 8,
			),
			'/chat/completions'
		);
		$usage  = json_decode( wp_remote_retrieve_body( $answer ), true )['usage'];
		$row    = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( $usage['prompt_tokens'], $row['input_tokens'] );
		$this->assertSame( $usage['completion_tokens'], $row['output_tokens'] );
		$this->assertSame( 'chat/completions', self::kg( 'requests' )->latest( 1 )[0]['endpoint'] );
	}

	/**
	 * Requests elsewhere are let go untouched and leave no trace; so does an OpenAI request that
	 * another plugin answered itself (it never left the site).
	 */
	public function test_other_requests_are_not_touched() {
		$meter = self::kg( 'meter' );
		$args  = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini"}',
		);
		$this->assertFalse( $meter->decide( false, $args, 'https://example.com/v1/responses' ) );
		$this->assertFalse( $meter->decide( false, $args, 'https://api.openai.com.evil.test/v1/responses' ) );
		$answered = array( 'body' => 'cached' );
		$this->assertSame( $answered, $meter->decide( $answered, $args, 'https://api.openai.com/v1/responses' ) );
		$meter->account( array( 'body' => '{}' ), 'response', 'Requests', $args, 'https://example.com/v1/responses' );
		$this->assertSame( array(), self::today_rows() );
		$this->assertSame( array(), self::kg( 'requests' )->latest( 5 ) );
	}

	/**
	 * The API's address spelt otherwise (host case, the root's trailing dot, the default port,
	 * repeated slashes, dot segments, letters written as %XX) is the same API to the guard: held back at a limit like
	 * the plain spelling, and logged with the endpoint the server reaches.
	 */
	public function test_other_spellings_of_the_api_address_are_guarded() {
		self::limit( array( 'requests_per_day' => 0 ) );
		$meter     = self::kg( 'meter' );
		$args      = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","input":"x"}',
		);
		$spellings = array(
			'https://API.OpenAI.com/v1/responses',
			'https://api.openai.com./v1/responses',
			'https://api.openai.com:443/v1/responses',
			'https://api.openai.com//v1//responses',
			'https://api.openai.com/x/../v1/./responses',
			'https://api.openai.com/%76%31/%72esponses',
		);
		foreach ( $spellings as $url ) {
			$held = $meter->decide( false, $args, $url );
			$this->assertWPError( $held, $url );
			$this->assertSame( 'key_guard_limit_reached', $held->get_error_code() );
		}
		$this->assertSame( array( 'responses' ), array_values( array_unique( array_column( self::kg( 'requests' )->latest( 10 ), 'endpoint' ) ) ) );
		$this->assertFalse( $meter->decide( false, $args, 'https://api.openai.com/x/../../responses' ) );
	}

	/**
	 * Each answer shape is read: Responses with cached and reasoning tokens, Chat, Embeddings, a
	 * Responses stream (final event), a Chat stream (usage chunk), a stream without usage and an
	 * error, each through the HTTP API's own hooks.
	 *
	 * @dataProvider answer_shapes
	 *
	 * @param string $endpoint The endpoint.
	 * @param array  $body     The request body.
	 * @param string $answer   The answer's body.
	 * @param string $type     Its content type.
	 * @param int    $status   Its status.
	 * @param array  $expected input, cached, output, reasoning tokens.
	 */
	public function test_every_answer_shape_is_counted( $endpoint, array $body, $answer, $type, $status, array $expected ) {
		$this->simulate( $endpoint, $body, $answer, $type, $status );
		$row = self::today_rows()[ $body['model'] . '|core' ];
		$this->assertSame( $expected, array( $row['input_tokens'], $row['cached_tokens'], $row['output_tokens'], $row['reasoning_tokens'] ) );
		$this->assertSame( 1, $row['requests'] );
		$prices = self::kg( 'prices' );
		$cost   = $prices->cost_micros(
			$body['model'],
			null,
			array(
				'input_tokens'  => $expected[0],
				'cached_tokens' => $expected[1],
				'output_tokens' => $expected[2],
			)
		);
		if ( 200 === $status && array( 0, 0, 0, 0 ) === $expected ) {
			// A success whose usage cannot be read: estimated at its worst case, counted unpriced.
			$cost = $prices->ceiling_micros( $body['model'], strlen( (string) wp_json_encode( $body ) ), 4096 );
			$this->assertSame( 1, $row['unpriced'] );
			$this->assertNull( self::kg( 'requests' )->latest( 1 )[0]['cost_micros'] );
		}
		$this->assertSame( $cost, $row['cost_micros'] );
	}

	/**
	 * Answer shapes and the tokens they hold.
	 *
	 * @return array
	 */
	public function answer_shapes() {
		$responses = array(
			'model' => 'gpt-5-mini',
			'input' => 'x',
		);
		$chat      = array(
			'model'    => 'gpt-4o-mini',
			'messages' => array(),
		);
		$completed = array(
			'type'     => 'response.completed',
			'response' => array(
				'model' => 'gpt-5-mini-2025-08-07',
				'usage' => array(
					'input_tokens'          => 900,
					'input_tokens_details'  => array( 'cached_tokens' => 600 ),
					'output_tokens'         => 300,
					'output_tokens_details' => array( 'reasoning_tokens' => 200 ),
				),
			),
		);
		return array(
			'responses, cached and reasoning' => array(
				'/responses',
				$responses,
				wp_json_encode( $completed['response'] ),
				'application/json',
				200,
				array( 900, 600, 300, 200 ),
			),
			'chat'                            => array(
				'/chat/completions',
				$chat,
				'{"model":"gpt-4o-mini","usage":{"prompt_tokens":50,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":0}}}',
				'application/json',
				200,
				array( 50, 10, 20, 0 ),
			),
			'embeddings'                      => array(
				'/embeddings',
				array(
					'model' => 'text-embedding-3-small',
					'input' => 'x',
				),
				'{"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}',
				'application/json',
				200,
				array( 8, 0, 0, 0 ),
			),
			'responses stream'                => array(
				'/responses',
				$responses + array( 'stream' => true ),
				"event: response.created\ndata: {\"type\":\"response.created\"}\n\nevent: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\nevent: response.completed\ndata: " . wp_json_encode( $completed ) . "\n\n",
				'text/event-stream',
				200,
				array( 900, 600, 300, 200 ),
			),
			'chat stream with usage chunk'    => array(
				'/chat/completions',
				$chat + array( 'stream' => true ),
				"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n",
				'text/event-stream',
				200,
				array( 12, 0, 3, 0 ),
			),
			'stream without usage'            => array(
				'/chat/completions',
				$chat + array( 'stream' => true ),
				"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n",
				'text/event-stream',
				200,
				array( 0, 0, 0, 0 ),
			),
			'an error'                        => array(
				'/responses',
				$responses,
				'{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}',
				'application/json',
				429,
				array( 0, 0, 0, 0 ),
			),
		);
	}

	/**
	 * A request that failed on the way counts with zero tokens, as failed.
	 */
	public function test_a_failed_request_counts_with_zero_tokens() {
		$url  = 'https://api.openai.com/v1/responses';
		$args = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","input":"x"}',
		);
		self::through_hooks( $url, $args, new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect: Connection refused' ) );
		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( array( 1, 0, 0, 0 ), array( $row['requests'], $row['input_tokens'], $row['cost_micros'], $row['unpriced'] ) );
		$this->assertSame( 'failed', self::kg( 'requests' )->latest( 1 )[0]['outcome'] );

		// A timeout may come after OpenAI did the work: its cost is its worst case, unpriced.
		self::through_hooks( $url, $args, new \WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out' ) );
		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( self::kg( 'prices' )->ceiling_micros( 'gpt-4o-mini', strlen( $args['body'] ), 4096 ), $row['cost_micros'] );
		$this->assertSame( 1, $row['unpriced'] );
	}

	/**
	 * A request let go that the page ends without an answer to (a filter after ours answered it,
	 * or PHP stopped while it was under way) counts at the end of the page as failed, at its worst
	 * case: the day counts show what the daily budget holds, and nothing is left reserved unseen.
	 */
	public function test_a_request_never_answered_counts_at_its_worst_case_when_the_page_ends() {
		$meter = self::kg( 'meter' );
		self::limit( array( 'daily_budget_usd' => 1 ) );
		$url            = 'https://api.openai.com/v1/responses';
		$args           = array(
			'method' => 'POST',
			'body'   => '{"model":"gpt-4o-mini","input":"x","max_output_tokens":100}',
		);
		$answered_later = static function () {
			return array(
				'headers'  => array(),
				'body'     => '{}',
				'response' => array( 'code' => 200 ),
			);
		};
		add_filter( 'pre_http_request', $answered_later, PHP_INT_MAX );
		$answer = wp_remote_post( $url, $args );
		remove_filter( 'pre_http_request', $answered_later, PHP_INT_MAX );
		$this->assertSame( '{}', wp_remote_retrieve_body( $answer ) );
		$this->assertSame( array(), self::today_rows() );
		$this->assertSame( PHP_INT_MAX, has_action( 'shutdown', array( $meter, 'account_unanswered' ) ), 'watched from the first request awaited, last of the page' );

		$meter->account_unanswered();
		$worst = self::kg( 'prices' )->ceiling_micros( 'gpt-4o-mini', strlen( $args['body'] ), 100 );
		$row   = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( array( 1, $worst, 1 ), array( $row['requests'], $row['cost_micros'], $row['unpriced'] ) );
		$this->assertSame( array( 'failed', 0 ), array( self::kg( 'requests' )->latest( 1 )[0]['outcome'], (int) self::kg( 'requests' )->latest( 1 )[0]['status'] ) );
		$this->assertSame( $worst, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );

		// Once only: a second end of page finds nothing awaited.
		$meter->account_unanswered();
		$this->assertSame( 1, self::today_rows()['gpt-4o-mini|core']['requests'] );
	}

	/**
	 * A model the price table does not know is counted as unpriced, its cost never guessed.
	 */
	public function test_an_unknown_model_is_unpriced() {
		$this->simulate( '/responses', array( 'model' => 'gpt-unknown-9' ), '{"model":"gpt-unknown-9","usage":{"input_tokens":10,"output_tokens":5}}', 'application/json', 200 );
		$row = self::today_rows()['gpt-unknown-9|core'];
		$this->assertSame( array( 1, 0, 15 ), array( $row['unpriced'], $row['cost_micros'], $row['input_tokens'] + $row['output_tokens'] ) );
		$this->assertNull( self::kg( 'requests' )->latest( 1 )[0]['cost_micros'] );
	}

	/**
	 * The connection test's own requests count for this plugin.
	 */
	public function test_the_connection_test_counts_for_this_plugin() {
		wp_set_current_user( self::user( 'administrator' ) );
		$response = self::rest( 'POST', '/test', array( 'key' => Sim_Keys::key( 'ok', 'meter' ) ) );
		$this->assertSame( 'connected', $response->get_data()['code'] );
		$callers = array_unique( array_column( self::today_rows(), 'caller' ) );
		$this->assertSame( array( Callers::OWN ), array_values( $callers ) );
	}

	/**
	 * The request log keeps its window: older rows go at the daily clean-up, newer stay.
	 */
	public function test_old_request_rows_are_pruned() {
		$log = self::kg( 'requests' );
		$log->add(
			array(
				'at'      => gmdate( 'Y-m-d H:i:s', time() - 8 * DAY_IN_SECONDS ),
				'outcome' => 'sent',
			)
		);
		$log->add(
			array(
				'at'      => gmdate( 'Y-m-d H:i:s', time() - 6 * DAY_IN_SECONDS ),
				'outcome' => 'sent',
			)
		);
		$this->assertNotFalse( wp_next_scheduled( Request_Log::CRON ), 'the clean-up is scheduled' );
		do_action( Request_Log::CRON ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- Our own cron event.
		$this->assertCount( 1, $log->latest( 5 ) );
		add_filter( 'key_guard_request_log_days', '__return_zero' );
		$this->assertSame( Request_Log::DAYS, $log->days(), 'a wrong window keeps the default' );
		remove_filter( 'key_guard_request_log_days', '__return_zero' );
		$one = static function () {
			return 1;
		};
		add_filter( 'key_guard_request_log_days', $one );
		do_action( Request_Log::CRON ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- Our own cron event.
		remove_filter( 'key_guard_request_log_days', $one );
		$this->assertCount( 0, $log->latest( 5 ) );
	}

	/**
	 * Sends a request through the HTTP API's hooks with a made-up answer, as the transport would.
	 *
	 * @param string $endpoint The endpoint.
	 * @param array  $body     The request body.
	 * @param string $answer   The answer's body.
	 * @param string $type     Its content type.
	 * @param int    $status   Its status.
	 */
	private function simulate( $endpoint, array $body, $answer, $type, $status ) {
		$url      = 'https://api.openai.com/v1' . $endpoint;
		$args     = array(
			'method'  => 'POST',
			'body'    => wp_json_encode( $body ),
			'headers' => array( 'Authorization' => 'Bearer sk-test' ),
		);
		$response = array(
			'headers'  => new \WpOrg\Requests\Utility\CaseInsensitiveDictionary( array( 'content-type' => $type ) ),
			'body'     => $answer,
			'response' => array(
				'code'    => $status,
				'message' => '',
			),
			'cookies'  => array(),
		);
		self::through_hooks( $url, $args, $response );
	}
}
