<?php
/**
 * What an OpenAI request is about to ask for.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

use Key_Guard\Connection\Endpoint;

/**
 * Read from the HTTP API's arguments, never changed: the method, the endpoint below the API's
 * base URL (ids replaced, so no content is kept), the model, and the worst case it may use: the
 * input at most one token per byte of the body's text (an inline image at a fixed allowance),
 * and the output it declares
 * (max_output_tokens, max_completion_tokens or max_tokens, times n choices) or a default.
 *
 * @since 0.5.0
 */
final class Outgoing_Request {

	/** Bodies longer than this are not decoded; their model is found by a pattern. */
	const DECODE_LIMIT = 2097152;

	/** Endpoints that cost nothing (checking content, storing files) and report no usage. */
	const FREE = array( 'moderations', 'files', 'uploads' );

	/** Endpoints whose answers have no output tokens. */
	const INPUT_ONLY = array( 'embeddings', 'moderations' );

	/**
	 * GET, POST, …
	 *
	 * @var string
	 */
	public $method;

	/**
	 * The endpoint below the base URL, e.g. responses, chat/completions, models/{id}.
	 *
	 * @var string
	 */
	public $endpoint;

	/**
	 * The model asked for ('' when none).
	 *
	 * @var string
	 */
	public $model;

	/**
	 * The most input tokens the body can hold.
	 *
	 * @var int
	 */
	public $input_tokens;

	/**
	 * The most output tokens the answer may have.
	 *
	 * @var int
	 */
	public $output_tokens;

	/**
	 * Reads a request.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed> $args     The HTTP API's arguments.
	 * @param string               $url      The URL.
	 * @param string               $base_url The API's base URL it is below.
	 */
	public function __construct( array $args, $url, $base_url ) {
		$this->method        = strtoupper( is_string( $args['method'] ?? null ) ? $args['method'] : 'GET' );
		$this->endpoint      = self::endpoint( Endpoint::path( (string) wp_parse_url( $url, PHP_URL_PATH ) ), Endpoint::path( (string) wp_parse_url( $base_url, PHP_URL_PATH ) ) );
		$body                = $args['body'] ?? '';
		$fields              = self::fields( $body );
		$this->model         = Usage_Reader::word( $fields['model'] ?? '' );
		$this->input_tokens  = self::input_bound( is_string( $body ) ? $body : (string) wp_json_encode( $body ) );
		$this->output_tokens = $this->declared_output( $fields );
	}

	/**
	 * Whether the request can cost money: any request that sends something (POST, PUT…), with
	 * or without a model (a stored prompt, a batch), except moderation, file uploads and
	 * cancellations; reads (GET, HEAD) and deletions are free.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public function is_billable() {
		if ( in_array( $this->method, array( 'GET', 'HEAD', 'DELETE', 'OPTIONS' ), true ) ) {
			return false;
		}
		$first = strtok( $this->endpoint, '/' );
		return ! in_array( $first, self::FREE, true ) && '/cancel' !== substr( $this->endpoint, -7 );
	}

	/**
	 * The output tokens the request declares, or the default (filterable); 0 for an endpoint
	 * whose answers have none.
	 *
	 * @param array<mixed> $fields The body's top-level fields.
	 * @return int
	 */
	private function declared_output( array $fields ) {
		if ( in_array( $this->endpoint, self::INPUT_ONLY, true ) || ! $this->is_billable() ) {
			return 0;
		}
		foreach ( array( 'max_output_tokens', 'max_completion_tokens', 'max_tokens' ) as $name ) {
			if ( isset( $fields[ $name ] ) && is_int( $fields[ $name ] ) && $fields[ $name ] > 0 ) {
				$declared = $fields[ $name ];
				break;
			}
		}
		if ( ! isset( $declared ) ) {
			/**
			 * Filters the output tokens a request that declares no maximum is assumed to use at most,
			 * when a budget reserves its worst case before it is sent.
			 *
			 * @since 0.5.0
			 *
			 * @param int    $tokens   Output tokens; default 4096.
			 * @param string $endpoint The endpoint, e.g. responses.
			 * @param string $model    The model asked for.
			 */
			$declared = (int) apply_filters( 'key_guard_default_output_tokens', 4096, $this->endpoint, $this->model );
		}
		$choices = isset( $fields['n'] ) && is_int( $fields['n'] ) && $fields['n'] > 1 ? min( 128, $fields['n'] ) : 1;
		return max( 0, (int) $declared ) * $choices;
	}

	/**
	 * The most input tokens a body can hold: one per byte of its text, and for each image sent
	 * inline (a base64 data URL, whose bytes say nothing of its tokens) a fixed allowance, the
	 * key_guard_image_tokens filter. An image can cost more than its allowance: that is the
	 * overshoot the README describes.
	 *
	 * @param string $body The body as sent.
	 * @return int
	 */
	private static function input_bound( $body ) {
		$images = 0;
		$text   = preg_replace_callback(
			'#data:image\\\\?/[A-Za-z0-9.+-]{1,40};base64,[A-Za-z0-9+/=\\\\]+#',
			static function () use ( &$images ) {
				++$images;
				return '';
			},
			$body
		);
		if ( ! is_string( $text ) ) {
			return strlen( $body );
		}
		/**
		 * Filters the input tokens allowed for each image sent inline, when a budget reserves a
		 * request's worst case. The default covers the largest image at high detail on current
		 * models (whose smaller models count more tokens per image at a lower price).
		 *
		 * @since 0.5.0
		 *
		 * @param int $tokens Tokens per image; default 40,000.
		 */
		$per_image = (int) apply_filters( 'key_guard_image_tokens', 40000 );
		return strlen( $text ) + $images * max( 0, $per_image );
	}

	/**
	 * The endpoint path below the base path, with ids (segments holding digits and an
	 * underscore or a dash, or long ones) replaced by {id}.
	 *
	 * @param string $path      The URL's path.
	 * @param string $base_path The base URL's path.
	 * @return string
	 */
	private static function endpoint( $path, $base_path ) {
		$base = rtrim( $base_path, '/' );
		$rest = '' !== $base && 0 === strpos( $path, $base ) ? substr( $path, strlen( $base ) ) : $path;
		$out  = array();
		foreach ( array_diff( explode( '/', $rest ), array( '' ) ) as $segment ) {
			$plain = preg_match( '/^[a-z][a-z._-]{0,40}$/', $segment ) && ! preg_match( '/\d/', $segment );
			$out[] = $plain ? $segment : '{id}';
		}
		return substr( implode( '/', $out ), 0, 100 );
	}

	/**
	 * The body's top-level fields: decoded JSON, a form's array, or found by pattern in a body
	 * too long to decode.
	 *
	 * @param mixed $body The body.
	 * @return array<mixed>
	 */
	private static function fields( $body ) {
		if ( is_array( $body ) ) {
			return $body;
		}
		if ( ! is_string( $body ) || '' === $body ) {
			return array();
		}
		if ( strlen( $body ) <= self::DECODE_LIMIT ) {
			$decoded = json_decode( $body, true );
			if ( is_array( $decoded ) ) {
				return $decoded;
			}
		}
		$fields = array();
		if ( preg_match( '/"model"\s*:\s*"([^"\\\\]{1,128})"/', substr( $body, 0, 65536 ), $match ) ) {
			$fields['model'] = $match[1];
		}
		return $fields;
	}
}
