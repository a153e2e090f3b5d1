<?php
/**
 * OpenAI's rate-limit headers.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

/**
 * Turns the x-ratelimit-* headers of an answer into the test result's rate_limit facts, ignoring
 * values that are not what OpenAI sends (integers, Go-style durations).
 *
 * @since 0.4.0
 *
 * @phpstan-type RateLimit array{limit_requests: int|null, remaining_requests: int|null, reset_requests: string|null, limit_tokens: int|null, remaining_tokens: int|null, reset_tokens: string|null, retry_after: int|null}
 */
final class Rate_Limit_Headers {

	/**
	 * Reads the rate-limit headers; null when none came.
	 *
	 * @since 0.4.0
	 *
	 * @param array<string, string> $headers Lower-case names to values.
	 * @return RateLimit|null
	 */
	public static function parse( array $headers ) {
		$out = array();
		$any = false;
		foreach ( array( 'requests', 'tokens' ) as $what ) {
			foreach ( array( 'limit', 'remaining' ) as $field ) {
				$value                     = $headers[ "x-ratelimit-$field-$what" ] ?? '';
				$out[ "{$field}_{$what}" ] = ctype_digit( $value ) ? (int) $value : null;
				$any                       = $any || ctype_digit( $value );
			}
			$reset                = $headers[ "x-ratelimit-reset-$what" ] ?? '';
			$out[ "reset_$what" ] = preg_match( '/^[0-9.]+(ms|h|m|s)([0-9.]+(ms|h|m|s))*$/', $reset ) ? $reset : null;
		}
		$out['retry_after'] = null;
		return $any ? $out : null;
	}

	/**
	 * Adds the seconds to wait (from retry-after or the message) to the rate-limit facts.
	 *
	 * @since 0.4.0
	 *
	 * @param RateLimit|null $rate        The facts from parse(), or null.
	 * @param float|null     $retry_after Seconds to wait, or null.
	 * @return RateLimit|null
	 */
	public static function with_retry_after( $rate, $retry_after ) {
		if ( null === $retry_after ) {
			return $rate;
		}
		$rate                = $rate ? $rate : array_fill_keys( array( 'limit_requests', 'remaining_requests', 'reset_requests', 'limit_tokens', 'remaining_tokens', 'reset_tokens' ), null );
		$rate['retry_after'] = (int) ceil( $retry_after );
		return $rate;
	}
}
