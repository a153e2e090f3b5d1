<?php
/**
 * Reads the token usage out of an OpenAI answer.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

/**
 * What one answer used, whatever its shape: Responses (input/output tokens), Chat Completions
 * (prompt/completion tokens), Embeddings (prompt tokens), and streamed bodies (the Responses API's
 * response.completed, response.incomplete or response.failed event; Chat's last chunk with usage).
 * An answer without usage (an error, a stream without its usage chunk) used zero tokens. Only
 * numbers and the model's name are kept: never the body.
 *
 * @since 0.5.0
 */
final class Usage_Reader {

	/** Events of a Responses stream that carry the whole response, usage included. */
	const FINAL_EVENTS = array( 'response.completed', 'response.incomplete', 'response.failed' );

	/** Streamed-to-file answers longer than this are not read back for their usage. */
	const FILE_LIMIT = 8388608;

	/**
	 * The usage of one answer body.
	 *
	 * @since 0.5.0
	 *
	 * @param string $body         The answer's body.
	 * @param string $content_type Its Content-Type header ('' when unknown).
	 * @return array{input_tokens: int, cached_tokens: int, cache_write_tokens: int, output_tokens: int, reasoning_tokens: int, model: string, service_tier: string}
	 */
	public static function read( $body, $content_type = '' ) {
		$body   = (string) $body;
		$stream = false !== stripos( (string) $content_type, 'text/event-stream' ) || 0 === strpos( ltrim( $body ), 'data:' ) || 0 === strpos( ltrim( $body ), 'event:' );
		$answer = $stream ? self::last_usage_event( $body ) : json_decode( $body, true );
		return self::from_answer( is_array( $answer ) ? $answer : array() );
	}

	/**
	 * The usage of a decoded answer (or a streamed response object).
	 *
	 * @param array<mixed> $answer The decoded JSON.
	 * @return array{input_tokens: int, cached_tokens: int, cache_write_tokens: int, output_tokens: int, reasoning_tokens: int, model: string, service_tier: string}
	 */
	private static function from_answer( array $answer ) {
		$usage  = isset( $answer['usage'] ) && is_array( $answer['usage'] ) ? $answer['usage'] : array();
		$input  = self::count( $usage, array( 'input_tokens' ) ) ?? self::count( $usage, array( 'prompt_tokens' ) ) ?? 0;
		$output = self::count( $usage, array( 'output_tokens' ) ) ?? self::count( $usage, array( 'completion_tokens' ) ) ?? 0;
		$cached = self::count( $usage, array( 'input_tokens_details', 'cached_tokens' ) ) ?? self::count( $usage, array( 'prompt_tokens_details', 'cached_tokens' ) ) ?? 0;
		$reason = self::count( $usage, array( 'output_tokens_details', 'reasoning_tokens' ) ) ?? self::count( $usage, array( 'completion_tokens_details', 'reasoning_tokens' ) ) ?? 0;
		$writes = self::count( $usage, array( 'input_tokens_details', 'cache_write_tokens' ) ) ?? self::count( $usage, array( 'prompt_tokens_details', 'cache_write_tokens' ) ) ?? 0;
		return array(
			'input_tokens'       => $input,
			// Cached and reasoning tokens are parts of the input and output counts, never more.
			'cached_tokens'      => min( $cached, $input ),
			// Tokens written to the prompt cache: part of the input too, billed at their own price.
			'cache_write_tokens' => min( $writes, $input - min( $cached, $input ) ),
			'output_tokens'      => $output,
			'reasoning_tokens'   => min( $reason, $output ),
			'model'              => self::word( $answer['model'] ?? '' ),
			'service_tier'       => self::word( $answer['service_tier'] ?? '' ),
		);
	}

	/**
	 * The last event of a stream that carries usage: a Responses final event's response, or a Chat
	 * chunk whose usage is set.
	 *
	 * @param string $body The streamed body (server-sent events).
	 * @return array<mixed>|null
	 */
	private static function last_usage_event( $body ) {
		$found = null;
		foreach ( preg_split( '/\r\n|\r|\n/', $body ) as $line ) {
			if ( 0 !== strpos( $line, 'data:' ) ) {
				continue;
			}
			$event = json_decode( trim( substr( $line, 5 ) ), true );
			if ( ! is_array( $event ) ) {
				continue;
			}
			if ( in_array( $event['type'] ?? '', self::FINAL_EVENTS, true ) && isset( $event['response'] ) && is_array( $event['response'] ) ) {
				$found = $event['response'];
			} elseif ( isset( $event['usage'] ) && is_array( $event['usage'] ) ) {
				$found = $event;
			}
		}
		return $found;
	}

	/**
	 * A whole, non-negative token count at a path in the usage object; null when absent or wrong.
	 *
	 * @param array<mixed> $usage The usage object.
	 * @param string[]     $path  Keys to follow.
	 * @return int|null
	 */
	private static function count( array $usage, array $path ) {
		$value = $usage;
		foreach ( $path as $key ) {
			if ( ! is_array( $value ) || ! array_key_exists( $key, $value ) ) {
				return null;
			}
			$value = $value[ $key ];
		}
		return is_int( $value ) && $value >= 0 ? $value : null;
	}

	/**
	 * A model or tier name as the answer (or a request) gives it, if it looks like one; '' otherwise.
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $value The value.
	 * @return string
	 */
	public static function word( $value ) {
		return is_string( $value ) && preg_match( '/^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,127}$/', $value ) ? $value : '';
	}

	/**
	 * An answer's body: the response's, or the file it was streamed to when not too long.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $response The answer.
	 * @param array<string, mixed> $args     The HTTP API's arguments.
	 * @return string
	 */
	public static function body( array $response, array $args ) {
		$body = wp_remote_retrieve_body( $response );
		$file = $args['filename'] ?? '';
		if ( '' !== $body || empty( $args['stream'] ) || ! is_string( $file ) || ! is_readable( $file ) || filesize( $file ) > self::FILE_LIMIT ) {
			return $body;
		}
		$read = file_get_contents( $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- A local file the HTTP API just wrote.
		return is_string( $read ) ? $read : '';
	}

	/**
	 * Whether an answer leaves a billable request's cost unknown, so its reservation stands as
	 * its cost: an answer not waited for, a success without usage (a stream without its usage
	 * chunk, an answer too long to read back), or a timeout (OpenAI may have done the work).
	 *
	 * @since 0.5.0
	 *
	 * @param mixed $response The answer.
	 * @param mixed $args     The HTTP API's arguments.
	 * @param int   $status   Its status (0 without an answer).
	 * @param int   $tokens   The tokens read from it.
	 * @return bool
	 */
	public static function cost_unread( $response, $args, $status, $tokens ) {
		if ( is_wp_error( $response ) ) {
			return (bool) preg_match( '/cURL error 28|timed? ?out/i', $response->get_error_message() );
		}
		$blind = is_array( $args ) && isset( $args['blocking'] ) && false === $args['blocking'];
		return $blind || ( $status >= 200 && $status < 300 && 0 === $tokens );
	}
}
