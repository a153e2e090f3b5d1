<?php
/**
 * What the WP-CLI commands print and read.
 *
 * @package Key_Guard
 */

namespace Key_Guard\CLI;

use WP_CLI;
use WP_Error;

/**
 * Prints one record or a list in the format asked for (table, json, yaml, csv), an error in
 * words, and reads a secret without echoing it.
 *
 * @since 0.5.0
 */
final class Output {

	/**
	 * The longest key text read (far longer than any key: the key's own checks say what is wrong).
	 */
	const MAX_SECRET = 8192;

	/**
	 * Prints one record: a field/value table, or the record itself as JSON or YAML.
	 *
	 * @since 0.5.0
	 *
	 * @param array<string, mixed>       $record     Field => value.
	 * @param array<string, string|bool> $assoc_args The command's named arguments (format).
	 * @return void
	 */
	public static function record( array $record, array $assoc_args ) {
		$format = $assoc_args['format'] ?? 'table';
		if ( 'json' === $format ) {
			WP_CLI::line( (string) wp_json_encode( $record, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
			return;
		}
		$rows = array();
		foreach ( $record as $field => $value ) {
			$rows[] = array(
				'field' => $field,
				'value' => is_scalar( $value ) || null === $value ? self::scalar( $value ) : (string) wp_json_encode( $value ),
			);
		}
		WP_CLI\Utils\format_items( 'yaml' === $format ? 'yaml' : 'table', 'yaml' === $format ? array( $record ) : $rows, 'yaml' === $format ? array_keys( $record ) : array( 'field', 'value' ) );
	}

	/**
	 * Prints a list of records.
	 *
	 * @since 0.5.0
	 *
	 * @param array<int, array<string, mixed>> $items      The records.
	 * @param string[]                         $fields     The fields shown.
	 * @param array<string, string|bool>       $assoc_args The command's named arguments (format).
	 * @return void
	 */
	public static function items( array $items, array $fields, array $assoc_args ) {
		WP_CLI\Utils\format_items( $assoc_args['format'] ?? 'table', $items, $fields );
	}

	/**
	 * A WP_Error's message, with the field it names when it names one.
	 *
	 * @since 0.5.0
	 *
	 * @param WP_Error $error The error.
	 * @return string
	 */
	public static function words( WP_Error $error ) {
		$data    = $error->get_error_data();
		$message = $error->get_error_message();
		if ( is_array( $data ) && ! empty( $data['params'] ) && is_array( $data['params'] ) ) {
			$parts = array();
			foreach ( $data['params'] as $field => $why ) {
				$parts[] = $field . ': ' . ( is_string( $why ) ? $why : $message );
			}
			return implode( "\n", $parts );
		}
		return $message;
	}

	/**
	 * Reads a secret: from STDIN when it is piped in, else at a prompt that does not echo.
	 *
	 * @since 0.5.0
	 *
	 * @param string $question The prompt.
	 * @return string
	 */
	public static function secret( $question ) {
		if ( self::interactive() ) {
			try {
				return (string) \cli\prompt( $question, '', ': ', true );
			} catch ( \Exception $closed ) {
				// The input ended (Ctrl-D) before a key was typed.
				return '';
			}
		}
		$text = (string) stream_get_contents( STDIN, self::MAX_SECRET + 1 );
		if ( strlen( $text ) > self::MAX_SECRET ) {
			WP_CLI::error( __( 'What was piped in is far longer than any key: pipe in the key alone.', 'key-guard-for-openai' ) );
		}
		// The line end that echo and files add is the end of the input, not part of the key.
		return (string) preg_replace( '/\r?\n\z/', '', $text );
	}

	/**
	 * A value as a table shows it.
	 *
	 * @param mixed $value A scalar or null.
	 * @return string
	 */
	private static function scalar( $value ) {
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		return null === $value ? '' : (string) $value;
	}

	/**
	 * Whether someone types at the command (STDIN is a terminal), so a question can be asked.
	 *
	 * @since 0.5.0
	 *
	 * @return bool
	 */
	public static function interactive() {
		return function_exists( 'stream_isatty' ) && stream_isatty( STDIN );
	}
}
