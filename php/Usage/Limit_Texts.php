<?php
/**
 * The limits in words.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Usage;

/**
 * What a request held back by a limit is told: a sentence naming the limit (and the caller, for
 * a caller's own limits), never its code.
 *
 * @since 0.5.0
 */
final class Limit_Texts {

	/**
	 * A limit in words, for the error a blocked request gets.
	 *
	 * @since 0.5.0
	 *
	 * @param string $limit One of LIMITS.
	 * @param string $label The caller's name, for a caller's limits.
	 * @return string
	 */
	public static function sentence( $limit, $label ) {
		switch ( $limit ) {
			case 'requests_per_minute':
				return __( 'This site reached its limit of OpenAI requests per minute.', 'key-guard-for-openai' );
			case 'requests_per_day':
				return __( 'This site reached its limit of OpenAI requests per day.', 'key-guard-for-openai' );
			case 'daily_budget':
				return __( 'This site reached its daily OpenAI budget.', 'key-guard-for-openai' );
			case 'monthly_budget':
				return __( 'This site reached its monthly OpenAI budget.', 'key-guard-for-openai' );
			case 'network_monthly_budget':
				return __( 'This network reached its monthly OpenAI budget, which all its sites share.', 'key-guard-for-openai' );
			case 'caller_requests_per_day':
				/* translators: %s: a plugin's or theme's name. */
				return sprintf( __( '%s reached its limit of OpenAI requests per day on this site.', 'key-guard-for-openai' ), $label );
			case 'caller_monthly_budget':
				/* translators: %s: a plugin's or theme's name. */
				return sprintf( __( '%s reached its monthly OpenAI budget on this site.', 'key-guard-for-openai' ), $label );
			default:
				/* translators: %s: a plugin's or theme's name. */
				return sprintf( __( '%s may not use OpenAI on this site until an administrator approves it.', 'key-guard-for-openai' ), $label );
		}
	}

	/**
	 * The error of a request held back at a limit (key_guard_limit_reached), the limit in words,
	 * data { limit, retry_after }.
	 *
	 * @since 0.5.0
	 *
	 * @param string   $limit       The limit.
	 * @param int|null $retry_after Seconds until it may pass, or null.
	 * @param callable $label       Gives the caller's name (asked only for a caller's limit).
	 * @return \WP_Error
	 */
	public static function error( $limit, $retry_after, callable $label ) {
		return new \WP_Error(
			'key_guard_limit_reached',
			self::sentence( $limit, in_array( $limit, Usage_Guard::CALLER_LIMITS, true ) ? $label() : '' ),
			array(
				'limit'       => $limit,
				'retry_after' => $retry_after,
			)
		);
	}
}
