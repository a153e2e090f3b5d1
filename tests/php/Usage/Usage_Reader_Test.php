<?php
/**
 * Tests for reading usage out of OpenAI answers.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Usage_Reader;

/**
 * Each answer shape of the real API (see ../shared/openai-models.md): Responses, Chat Completions,
 * Embeddings, both kinds of stream, errors and broken bodies.
 */
final class Usage_Reader_Test extends TestCase {

	/**
	 * Encodes a value as JSON.
	 *
	 * @param mixed $value The value.
	 * @return string
	 */
	private static function json( $value ) {
		return (string) wp_json_encode( $value );
	}

	/**
	 * A server-sent events body from events.
	 *
	 * @param array $events Each event's data (arrays are JSON-encoded).
	 * @return string
	 */
	private static function sse( array $events ) {
		$body = '';
		foreach ( $events as $event ) {
			$type  = is_array( $event ) && isset( $event['type'] ) ? "event: {$event['type']}\n" : '';
			$body .= $type . 'data: ' . ( is_array( $event ) ? self::json( $event ) : $event ) . "\n\n";
		}
		return $body;
	}

	/**
	 * Cases: body, content type, expected [input, cached, output, reasoning, model, tier].
	 *
	 * @return array<string, array{0: string, 1: string, 2: array}>
	 */
	public function answers() {
		$response = array(
			'object'       => 'response',
			'model'        => 'gpt-5.4-nano-2026-03-17',
			'service_tier' => 'flex',
			'usage'        => array(
				'input_tokens'          => 1200,
				'input_tokens_details'  => array( 'cached_tokens' => 1024 ),
				'output_tokens'         => 300,
				'output_tokens_details' => array( 'reasoning_tokens' => 256 ),
				'total_tokens'          => 1500,
			),
		);
		$chat     = array(
			'object' => 'chat.completion',
			'model'  => 'gpt-4o-mini-2024-07-18',
			'usage'  => array(
				'prompt_tokens'             => 50,
				'completion_tokens'         => 20,
				'total_tokens'              => 70,
				'prompt_tokens_details'     => array(
					'cached_tokens' => 0,
					'audio_tokens'  => 0,
				),
				'completion_tokens_details' => array( 'reasoning_tokens' => 0 ),
			),
		);
		return array(
			'responses'                 => array( self::json( $response ), 'application/json', array( 1200, 1024, 300, 256, 'gpt-5.4-nano-2026-03-17', 'flex' ) ),
			'chat completions'          => array( self::json( $chat ), 'application/json; charset=utf-8', array( 50, 0, 20, 0, 'gpt-4o-mini-2024-07-18', '' ) ),
			'embeddings'                => array(
				self::json(
					array(
						'object' => 'list',
						'model'  => 'text-embedding-3-small',
						'usage'  => array(
							'prompt_tokens' => 8,
							'total_tokens'  => 8,
						),
					)
				),
				'application/json',
				array( 8, 0, 0, 0, 'text-embedding-3-small', '' ),
			),
			'responses stream'          => array(
				self::sse(
					array(
						array(
							'type'     => 'response.created',
							'response' => array( 'usage' => null ) + $response,
						),
						array(
							'type'  => 'response.output_text.delta',
							'delta' => 'Hi',
						),
						array(
							'type'     => 'response.completed',
							'response' => $response,
						),
					)
				),
				'text/event-stream',
				array( 1200, 1024, 300, 256, 'gpt-5.4-nano-2026-03-17', 'flex' ),
			),
			'responses stream, failed'  => array(
				self::sse(
					array(
						array(
							'type'     => 'response.failed',
							'response' => array(
								'model' => 'gpt-6-luna',
								'usage' => array(
									'input_tokens'  => 10,
									'output_tokens' => 0,
								),
							),
						),
					)
				),
				'text/event-stream',
				array( 10, 0, 0, 0, 'gpt-6-luna', '' ),
			),
			'chat stream with usage'    => array(
				self::sse(
					array(
						array(
							'object'  => 'chat.completion.chunk',
							'model'   => 'gpt-4o-mini',
							'choices' => array( array( 'delta' => array( 'content' => 'Hi' ) ) ),
							'usage'   => null,
						),
						array(
							'object'  => 'chat.completion.chunk',
							'model'   => 'gpt-4o-mini',
							'choices' => array(),
							'usage'   => $chat['usage'],
						),
						'[DONE]',
					)
				),
				'text/event-stream; charset=utf-8',
				array( 50, 0, 20, 0, 'gpt-4o-mini', '' ),
			),
			'chat stream without usage' => array(
				self::sse(
					array(
						array(
							'object'  => 'chat.completion.chunk',
							'model'   => 'gpt-4o-mini',
							'choices' => array( array( 'delta' => array( 'content' => 'Hi' ) ) ),
						),
						'[DONE]',
					)
				),
				'',
				array( 0, 0, 0, 0, '', '' ),
			),
			'an error'                  => array(
				self::json(
					array(
						'error' => array(
							'message' => 'You exceeded your current quota.',
							'type'    => 'insufficient_quota',
						),
					)
				),
				'application/json',
				array( 0, 0, 0, 0, '', '' ),
			),
			'html from a proxy'         => array( '<html><body>502 Bad Gateway</body></html>', 'text/html', array( 0, 0, 0, 0, '', '' ) ),
			'wrong types'               => array(
				self::json(
					array(
						'model' => array( 'x' ),
						'usage' => array(
							'input_tokens'         => '1000',
							'output_tokens'        => -4,
							'input_tokens_details' => array( 'cached_tokens' => 1.5 ),
						),
					)
				),
				'application/json',
				array( 0, 0, 0, 0, '', '' ),
			),
			'cached above input'        => array(
				self::json(
					array(
						'usage' => array(
							'input_tokens'         => 10,
							'input_tokens_details' => array( 'cached_tokens' => 99 ),
						),
					)
				),
				'application/json',
				array( 10, 10, 0, 0, '', '' ),
			),
		);
	}

	/**
	 * Each shape is read to the right numbers.
	 *
	 * @dataProvider answers
	 *
	 * @param string $body     Body.
	 * @param string $type     Content-Type.
	 * @param array  $expected Input, cached, output, reasoning, model, tier.
	 */
	public function test_reads( $body, $type, array $expected ) {
		$read = Usage_Reader::read( $body, $type );
		$this->assertSame( 0, $read['cache_write_tokens'], 'no cache writes in these answers' );
		unset( $read['cache_write_tokens'] );
		$this->assertSame(
			array_combine( array( 'input_tokens', 'cached_tokens', 'output_tokens', 'reasoning_tokens', 'model', 'service_tier' ), $expected ),
			$read
		);
	}

	/**
	 * Tokens written to the prompt cache are read (Responses' input_tokens_details), as part of
	 * the input beside the cached ones, never more than the rest of it.
	 */
	public function test_reads_cache_writes() {
		$read = Usage_Reader::read( '{"model":"gpt-6-luna","usage":{"input_tokens":1000,"input_tokens_details":{"cached_tokens":200,"cache_write_tokens":300},"output_tokens":100}}', 'application/json' );
		$this->assertSame( array( 1000, 200, 300 ), array( $read['input_tokens'], $read['cached_tokens'], $read['cache_write_tokens'] ) );
		$read = Usage_Reader::read( '{"usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":80,"cache_write_tokens":50}}}', 'application/json' );
		$this->assertSame( 20, $read['cache_write_tokens'] );
	}
}
