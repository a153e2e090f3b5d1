<?php
/**
 * Tests for counting streamed answers, embeddings and cached tokens, end to end.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

require_once __DIR__ . '/Resets_Usage.php';

/**
 * Requests sent through WordPress's HTTP API to the OpenAI simulator, which answers like the real
 * API: the day counts hold exactly the usage the answer reported (read here from the answer
 * itself), priced with the cached price where tokens were cached; a stream without usage counts
 * no tokens and keeps its worst case in the budget; a key refused before any stream starts
 * costs nothing.
 */
final class Usage_Streams_Test extends TestCase {

	use Resets_Usage;

	/**
	 * The embedding model the simulator serves, read from its model list once.
	 *
	 * @var string|null
	 */
	private static $embedding_model = null;

	/**
	 * Empty tables, no limits.
	 */
	protected function set_up() {
		parent::set_up();
		self::embedding_model();
		self::reset_usage();
		$this->catch_mails();
	}

	/**
	 * Leaves no rows or limits behind.
	 */
	protected function tear_down() {
		$this->release_mails();
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * A Responses stream counts the usage its last event carries: response.completed when the
	 * reply was finished, response.incomplete when max_output_tokens cut it (here while the model
	 * was still reasoning); reasoning tokens are part of the output.
	 *
	 * @dataProvider responses_streams
	 *
	 * @param int    $max_output The request's max_output_tokens.
	 * @param string $last       The last event expected.
	 */
	public function test_a_responses_stream_counts_the_usage_of_its_last_event( $max_output, $last ) {
		$answer = self::post_openai(
			array(
				'model'             => 'gpt-5-mini',
				'input'             => 'Stream a friendly hello to the usage meter.',
				'max_output_tokens' => $max_output,
				'stream'            => true,
			)
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ) );
		$this->assertStringStartsWith( 'text/event-stream', wp_remote_retrieve_header( $answer, 'content-type' ) );
		$events = self::events( $answer );
		$types  = array_column( array_column( $events, 'data' ), 'type' );
		$this->assertSame( array_column( $events, 'event' ), $types, 'each frame names its event twice' );
		$this->assertSame( array( 'response.created', 'response.in_progress' ), array_slice( $types, 0, 2 ) );
		$this->assertSame( $last, end( $types ) );
		$this->assertSame( array_keys( $events ), array_column( array_column( $events, 'data' ), 'sequence_number' ) );
		$this->assertNull( $events[0]['data']['response']['usage'], 'only the last event has the usage' );

		$usage = end( $events )['data']['response']['usage'];
		$this->assertGreaterThan( 0, $usage['output_tokens_details']['reasoning_tokens'] );
		$this->assertCounted( 'gpt-5-mini', self::responses_counts( $usage ) );
		$logged = self::kg( 'requests' )->latest( 1 )[0];
		$this->assertSame( array( 'responses', '200', (string) $usage['input_tokens'], (string) $usage['output_tokens'] ), array( $logged['endpoint'], (string) $logged['status'], (string) $logged['input_tokens'], (string) $logged['output_tokens'] ) );
	}

	/**
	 * Two ends of a Responses stream.
	 *
	 * @return array
	 */
	public function responses_streams() {
		return array(
			'finished: response.completed'   => array( 200, 'response.completed' ),
			'cut short: response.incomplete' => array( 16, 'response.incomplete' ),
		);
	}

	/**
	 * A Chat stream with stream_options.include_usage counts its last chunk's usage (choices [],
	 * every chunk before it usage null, then data: [DONE]); under a budget the reservation
	 * settles to that cost.
	 */
	public function test_a_chat_stream_with_include_usage_counts_its_usage_chunk() {
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$answer = self::post_openai( self::chat_stream( true ), '/chat/completions' );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ) );
		$events = self::events( $answer );
		$this->assertSame( '[DONE]', array_pop( $events )['data'] );
		$usage_chunk = array_pop( $events )['data'];
		$this->assertSame( array(), $usage_chunk['choices'] );
		foreach ( $events as $event ) {
			$this->assertSame( '', $event['event'], 'chat frames are data: lines only' );
			$this->assertArrayHasKey( 'usage', $event['data'] );
			$this->assertNull( $event['data']['usage'] );
			$this->assertCount( 1, $event['data']['choices'] );
		}

		$counts = self::chat_counts( $usage_chunk['usage'] );
		$this->assertCounted( 'gpt-4o-mini', $counts );
		$this->assertSame( self::cost( 'gpt-4o-mini', $counts ), self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ), 'the reservation settled to the real cost' );
	}

	/**
	 * A Chat stream without include_usage reports no usage: it counts as a request with zero
	 * tokens whose cost is estimated at its worst case (it cannot be known,
	 * Usage_Meter::unknown_cost), in the budget and the day counts alike, and as unpriced; a
	 * stream with its usage chunk next to it settles to its real cost.
	 */
	public function test_a_chat_stream_without_usage_keeps_its_worst_case() {
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$body   = self::chat_stream( false );
		$worst  = self::kg( 'prices' )->ceiling_micros( 'gpt-4o-mini', strlen( wp_json_encode( $body ) ), $body['max_completion_tokens'] );
		$answer = self::post_openai( $body, '/chat/completions' );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ) );
		$events = self::events( $answer );
		$this->assertSame( '[DONE]', array_pop( $events )['data'] );
		foreach ( $events as $event ) {
			$this->assertArrayNotHasKey( 'usage', $event['data'] );
		}

		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( array( 1, 0, 0, 0, 0 ), array( $row['requests'], $row['input_tokens'], $row['cached_tokens'], $row['output_tokens'], $row['reasoning_tokens'] ), 'a request with zero tokens' );
		$this->assertSame( $worst, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );

		$usage = self::events( self::post_openai( self::chat_stream( true ), '/chat/completions' ) );
		$usage = $usage[ count( $usage ) - 2 ]['data']['usage'];
		$cost  = self::cost( 'gpt-4o-mini', self::chat_counts( $usage ) );
		$this->assertGreaterThan( 0, $cost );
		$this->assertSame( $worst + $cost, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );
		$row = self::today_rows()['gpt-4o-mini|core'];
		$this->assertSame( $worst + $cost, $row['cost_micros'], 'the day counts estimate the unread cost at its worst case, as the budget does' );
		$this->assertSame( 1, $row['unpriced'], 'the stream without usage counts as unpriced' );
	}

	/**
	 * Embeddings count their prompt tokens as input, with no output, at the model's input price,
	 * whatever the encoding: a list of strings as floats, and one string as base64 with fewer
	 * dimensions; under a budget the reservations settle to that cost.
	 */
	public function test_embeddings_count_their_prompt_tokens() {
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$model   = self::embedding_model();
		$answers = array(
			self::post_openai(
				array(
					'model' => $model,
					'input' => array( str_repeat( 'The first text to embed. ', 20 ), str_repeat( 'A second, somewhat longer text to embed. ', 20 ) ),
				),
				'/embeddings'
			),
			self::post_openai(
				array(
					'model'           => $model,
					'input'           => str_repeat( 'A third text. ', 40 ),
					'encoding_format' => 'base64',
					'dimensions'      => 256,
				),
				'/embeddings'
			),
		);
		$prompt  = 0;
		$cost    = 0;
		$lists   = array();
		foreach ( $answers as $answer ) {
			$this->assertSame( 200, wp_remote_retrieve_response_code( $answer ) );
			$list = json_decode( wp_remote_retrieve_body( $answer ), true );
			$this->assertSame( 'list', $list['object'] );
			$this->assertSame( $list['usage']['prompt_tokens'], $list['usage']['total_tokens'] );
			$prompt += $list['usage']['prompt_tokens'];
			$cost   += self::cost( $model, array( $list['usage']['prompt_tokens'], 0, 0 ) );
			$lists[] = $list;
		}
		$this->assertCount( 2, $lists[0]['data'], 'a vector per input' );
		$this->assertIsArray( $lists[0]['data'][1]['embedding'] );
		$this->assertSame( 256 * 4, strlen( (string) base64_decode( $lists[1]['data'][0]['embedding'], true ) ), 'base64 float32 when asked' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- The answer's own encoding.

		$row = self::today_rows()[ $model . '|core' ];
		$this->assertSame( array( 2, $prompt, 0, 0, 0 ), array( $row['requests'], $row['input_tokens'], $row['cached_tokens'], $row['output_tokens'], $row['reasoning_tokens'] ) );
		$this->assertGreaterThan( 0, $cost );
		$this->assertSame( $cost, $row['cost_micros'] );
		$this->assertSame( 0, $row['unpriced'] );
		$this->assertSame( $cost, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ) );
		$this->assertSame( 'embeddings', self::kg( 'requests' )->latest( 1 )[0]['endpoint'] );
	}

	/**
	 * Responses: the second request of a long prompt under one prompt_cache_key reports cached
	 * tokens (plain or streamed); they are counted as part of the input and priced at the cached
	 * price, so the request costs less than the same tokens uncached.
	 */
	public function test_cached_responses_tokens_are_priced_at_the_cached_price() {
		$body   = array(
			'model'             => 'gpt-4o-mini',
			'input'             => self::long_prompt(),
			'max_output_tokens' => 16,
			'prompt_cache_key'  => 'usage-streams-' . wp_generate_uuid4(),
		);
		$first  = json_decode( wp_remote_retrieve_body( self::post_openai( $body ) ), true )['usage'];
		$events = self::events( self::post_openai( $body + array( 'stream' => true ) ) );
		$second = end( $events )['data']['response']['usage'];
		$this->assertSame( 0, $first['input_tokens_details']['cached_tokens'] );
		$this->assertGreaterThan( 0, $second['input_tokens_details']['cached_tokens'] );
		$this->assertLessThanOrEqual( $second['input_tokens'], $second['input_tokens_details']['cached_tokens'] );

		$this->assertCachedCounted( 'gpt-4o-mini', self::responses_counts( $first ), self::responses_counts( $second ) );
	}

	/**
	 * Chat: the same for prompt_tokens_details.cached_tokens in a stream's usage chunk.
	 */
	public function test_cached_chat_tokens_are_priced_at_the_cached_price() {
		$body   = array(
			'model'            => 'gpt-4o-mini',
			'messages'         => array(
				array(
					'role'    => 'user',
					'content' => self::long_prompt(),
				),
			),
			'prompt_cache_key' => 'usage-streams-' . wp_generate_uuid4(),
			'stream'           => true,
			'stream_options'   => array( 'include_usage' => true ),
		);
		$counts = array();
		foreach ( array( 1, 2 ) as $turn ) {
			$events   = self::events( self::post_openai( $body, '/chat/completions' ) );
			$counts[] = self::chat_counts( $events[ count( $events ) - 2 ]['data']['usage'] );
		}
		$this->assertSame( 0, $counts[0][1] );
		$this->assertGreaterThan( 0, $counts[1][1] );

		$this->assertCachedCounted( 'gpt-4o-mini', $counts[0], $counts[1] );
	}

	/**
	 * A key the API refuses gets its JSON error before any stream starts: the request counts,
	 * with no tokens, no cost, its status in the log, and its budget reservation released.
	 *
	 * @dataProvider refused_streams
	 *
	 * @param string $scenario The simulator scenario the key plays.
	 * @param string $endpoint The endpoint.
	 * @param int    $status   The status expected.
	 */
	public function test_a_stream_refused_before_it_starts_costs_nothing( $scenario, $endpoint, $status ) {
		self::limit( array( 'daily_budget_usd' => 5 ) );
		$body   = '/responses' === $endpoint
			? array(
				'model'  => 'gpt-4o-mini',
				'input'  => 'ping',
				'stream' => true,
			)
			: self::chat_stream( true );
		$answer = self::post_openai( $body, $endpoint, $scenario );
		$this->assertSame( $status, wp_remote_retrieve_response_code( $answer ) );
		$this->assertSame( 'application/json', wp_remote_retrieve_header( $answer, 'content-type' ) );
		$this->assertArrayHasKey( 'error', json_decode( wp_remote_retrieve_body( $answer ), true ) );

		$this->assertCounted( 'gpt-4o-mini', array( 0, 0, 0, 0 ) );
		$this->assertSame( 0, self::kg( 'quota' )->used( 'spend', wp_date( 'Y-m-d' ) ), 'released' );
		$this->assertSame( (string) $status, (string) self::kg( 'requests' )->latest( 1 )[0]['status'] );
	}

	/**
	 * Keys refused before a stream starts.
	 *
	 * @return array
	 */
	public function refused_streams() {
		return array(
			'invalid key, responses'  => array( 'invalid_key', '/responses', 401 ),
			'no credit, chat'         => array( 'insufficient_quota', '/chat/completions', 429 ),
			'server error, responses' => array( 'server_error', '/responses', 500 ),
			'model not allowed, chat' => array( 'model_not_allowed', '/chat/completions', 403 ),
		);
	}

	/**
	 * Asserts today's row of a model holds one request per given count set, with those tokens
	 * and their cost.
	 *
	 * @param string $model  The model.
	 * @param int[]  ...$sets Each request's input, cached, output and reasoning tokens.
	 */
	private function assertCounted( $model, array ...$sets ) {
		$rows = self::today_rows();
		$this->assertArrayHasKey( $model . '|core', $rows );
		$row  = $rows[ $model . '|core' ];
		$sum  = array( 0, 0, 0, 0 );
		$cost = 0;
		foreach ( $sets as $set ) {
			foreach ( $set as $i => $count ) {
				$sum[ $i ] += $count;
			}
			$cost += self::cost( $model, $set );
		}
		$this->assertSame( array_merge( array( count( $sets ) ), $sum ), array( $row['requests'], $row['input_tokens'], $row['cached_tokens'], $row['output_tokens'], $row['reasoning_tokens'] ) );
		$this->assertSame( $cost, $row['cost_micros'] );
		$this->assertSame( 0, $row['unpriced'] );
	}

	/**
	 * Asserts two requests, the second with cached tokens, are counted and priced as such: the
	 * cached tokens at the cached price, so below the same tokens uncached.
	 *
	 * @param string $model  The model.
	 * @param int[]  $first  The first request's counts (nothing cached).
	 * @param int[]  $second The second request's counts.
	 */
	private function assertCachedCounted( $model, array $first, array $second ) {
		$this->assertCounted( $model, $first, $second );
		$this->assertLessThan( self::cost( $model, array( $second[0], 0, $second[2] ) ), self::cost( $model, $second ), 'cached tokens cost less' );
		$logged = self::kg( 'requests' )->latest( 2 );
		$this->assertSame( array( (string) $second[1], '0' ), array( (string) $logged[0]['cached_tokens'], (string) $logged[1]['cached_tokens'] ) );
	}

	/**
	 * What the price table says a request costs.
	 *
	 * @param string $model  The model.
	 * @param int[]  $counts Input, cached and output tokens.
	 * @return int|null
	 */
	private static function cost( $model, array $counts ) {
		return self::kg( 'prices' )->cost_micros(
			$model,
			null,
			array(
				'input_tokens'  => $counts[0],
				'cached_tokens' => $counts[1],
				'output_tokens' => $counts[2],
			)
		);
	}

	/**
	 * Input, cached, output and reasoning tokens of a Responses usage object.
	 *
	 * @param array $usage The usage.
	 * @return int[]
	 */
	private static function responses_counts( array $usage ) {
		return array( $usage['input_tokens'], $usage['input_tokens_details']['cached_tokens'], $usage['output_tokens'], $usage['output_tokens_details']['reasoning_tokens'] );
	}

	/**
	 * Input, cached, output and reasoning tokens of a Chat Completions usage object.
	 *
	 * @param array $usage The usage.
	 * @return int[]
	 */
	private static function chat_counts( array $usage ) {
		return array( $usage['prompt_tokens'], $usage['prompt_tokens_details']['cached_tokens'], $usage['completion_tokens'], $usage['completion_tokens_details']['reasoning_tokens'] );
	}

	/**
	 * A streamed chat request, with or without the usage chunk.
	 *
	 * @param bool $include_usage Whether to ask for the usage chunk.
	 * @return array
	 */
	private static function chat_stream( $include_usage ) {
		return array(
			'model'                 => 'gpt-4o-mini',
			'messages'              => array(
				array(
					'role'    => 'user',
					'content' => 'Stream a short hello.',
				),
			),
			'max_completion_tokens' => 10,
			'stream'                => true,
		) + ( $include_usage ? array( 'stream_options' => array( 'include_usage' => true ) ) : array() );
	}

	/**
	 * A prompt long enough to be cached (OpenAI caches from 1024 tokens): 5,000 characters.
	 *
	 * @return string
	 */
	private static function long_prompt() {
		return substr( str_repeat( 'The same long instructions, again and again. ', 112 ), 0, 5000 );
	}

	/**
	 * The frames of a streamed answer, in order: each its event name ('' when the frame has
	 * none) and its data, decoded ('[DONE]' as it is).
	 *
	 * @param array|\WP_Error $answer The answer.
	 * @return array<int, array{event: string, data: mixed}>
	 */
	private static function events( $answer ) {
		$events = array();
		foreach ( explode( "\n\n", trim( wp_remote_retrieve_body( $answer ) ) ) as $frame ) {
			$event = array(
				'event' => '',
				'data'  => null,
			);
			foreach ( explode( "\n", $frame ) as $line ) {
				if ( 0 === strpos( $line, 'event: ' ) ) {
					$event['event'] = substr( $line, 7 );
				} elseif ( 0 === strpos( $line, 'data: ' ) ) {
					$data          = substr( $line, 6 );
					$event['data'] = '[DONE]' === $data ? $data : json_decode( $data, true );
				}
			}
			$events[] = $event;
		}
		return $events;
	}

	/**
	 * The first embedding model in the simulator's model list (its data, not this test's).
	 *
	 * @return string
	 * @throws \RuntimeException When the list has none.
	 */
	private static function embedding_model() {
		if ( null === self::$embedding_model ) {
			$list = wp_remote_get(
				self::simulator_url() . '/models',
				array(
					'headers' => array( 'Authorization' => 'Bearer ' . Sim_Keys::key( 'ok', 'usage' ) ),
					'timeout' => 10,
				)
			);
			$ids  = array_column( json_decode( wp_remote_retrieve_body( $list ), true )['data'] ?? array(), 'id' );
			$ids  = preg_grep( '/^text-embedding-/', $ids );
			if ( ! $ids ) {
				throw new \RuntimeException( 'The simulator lists no embedding model.' );
			}
			self::$embedding_model = reset( $ids );
		}
		return self::$embedding_model;
	}
}
