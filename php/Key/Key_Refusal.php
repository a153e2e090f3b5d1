<?php
/**
 * Why a normalised key cannot be saved or tested, in words.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use Key_Guard\Connection\Advice;
use WP_Error;

/**
 * The refusals behind Key_Shape::refusal(), first reason first: each a 400 with a code and a
 * sentence that says what to do (Key_Texts' words, which the screen shows too), never echoing the key.
 *
 * @since 0.4.0
 */
final class Key_Refusal {

	/**
	 * Returns why a normalised key cannot be saved or tested, or null when it can.
	 *
	 * @since 0.4.0
	 *
	 * @param string $key        A normalised key.
	 * @param bool   $openai_own Whether the base URL is OpenAI's own API: then only OpenAI keys are taken.
	 * @return WP_Error|null
	 */
	public static function of( $key, $openai_own ) {
		if ( '' === $key ) {
			return self::error( 'key_guard_empty', Key_Texts::message( 'key_guard_empty' ) );
		}
		$keys = Key_Shape::count_keys( $key );
		if ( $keys > 1 ) {
			return self::error( 'key_guard_several_keys', Key_Texts::several_keys( $keys ) );
		}
		if ( preg_match( Key_Shape::MASK_PATTERN, $key ) ) {
			return self::error( 'key_guard_masked', Key_Texts::message( 'key_guard_masked' ) );
		}
		$length = strlen( $key );
		if ( $length > Key_Shape::MAX_LENGTH ) {
			return self::error( 'key_guard_too_long', Key_Texts::message( 'key_guard_too_long', $length, Key_Shape::MAX_LENGTH ) );
		}
		if ( preg_match( '/[^A-Za-z0-9_-]/u', $key, $m, PREG_OFFSET_CAPTURE ) || ! preg_match( '//u', $key ) ) {
			return self::invalid_character( $key, $m );
		}
		$provider = Key_Shape::provider( $key );
		if ( $openai_own && null !== $provider ) {
			return self::error( 'key_guard_foreign_key', Key_Texts::message( 'key_guard_foreign_key', $provider, Advice::LINKS['api_keys'] ) );
		}
		if ( 0 === strpos( $key, 'sk-admin-' ) ) {
			return self::error( 'key_guard_admin_key', Key_Texts::message( 'key_guard_admin_key' ) );
		}
		if ( $openai_own && 0 !== strpos( $key, 'sk-' ) ) {
			return self::error( 'key_guard_not_openai_key', Key_Texts::message( 'key_guard_not_openai_key', Advice::LINKS['api_keys'] ) );
		}
		if ( $length < Key_Shape::MIN_LENGTH ) {
			return self::error( 'key_guard_too_short', Key_Texts::message( 'key_guard_too_short', $length, Key_Shape::MIN_LENGTH ) );
		}
		return null;
	}

	/**
	 * A refusal: the code, the sentence, and HTTP 400.
	 *
	 * @param string $code    Error code.
	 * @param string $message What is wrong and what to do.
	 * @return WP_Error
	 */
	private static function error( $code, $message ) {
		return new WP_Error( $code, $message, array( 'status' => 400 ) );
	}

	/**
	 * Describes the first character outside the key alphabet by position and code point, never echoing the key.
	 *
	 * @param string                               $key   The key.
	 * @param array<int, array{0: string, 1: int}> $match preg_match() capture (with offsets) of the first offending byte sequence.
	 * @return WP_Error
	 */
	private static function invalid_character( $key, $match ) {
		$detail = Key_Texts::message( 'key_guard_invalid_characters.bytes' );
		if ( ! empty( $match[0] ) && preg_match( '//u', $key ) ) {
			$char     = $match[0][0];
			$position = mb_strlen( substr( $key, 0, $match[0][1] ), 'UTF-8' ) + 1;
			$name     = ' ' === $char ? Key_Texts::message( 'key_guard_invalid_characters.space' ) : sprintf( 'U+%04X', self::code_point( $char ) );
			$detail   = Key_Texts::message( 'key_guard_invalid_characters.at', $name, $position );
		}
		return self::error( 'key_guard_invalid_characters', Key_Texts::message( 'key_guard_invalid_characters', $detail ) );
	}

	/**
	 * The Unicode code point of one UTF-8 character, without needing mbstring's mb_ord().
	 *
	 * @param string $char One valid UTF-8 character.
	 * @return int
	 */
	private static function code_point( $char ) {
		$bytes = array_values( (array) unpack( 'C*', $char ) );
		$count = count( $bytes );
		if ( 1 === $count ) {
			return $bytes[0];
		}
		$point = $bytes[0] & ( 0xFF >> ( $count + 1 ) );
		for ( $i = 1; $i < $count; $i++ ) {
			$point = ( $point << 6 ) | ( $bytes[ $i ] & 0x3F );
		}
		return $point;
	}

	/**
	 * The refusal of a site's own key on a network that gives every site its key.
	 *
	 * @since 0.5.0
	 *
	 * @return WP_Error
	 */
	public static function site_keys_off() {
		return new WP_Error(
			'key_guard_site_keys_off',
			__( 'Sites of this network use the network key. A network administrator can allow sites to use a key of their own under Network Admin, Settings, OpenAI key.', 'key-guard-for-openai' ),
			array( 'status' => 403 )
		);
	}

	/**
	 * The refusal given when the key comes from env or a constant.
	 *
	 * @since 0.4.0 In Key_Store as read_only_error().
	 * @since 0.5.0 Here.
	 *
	 * @return WP_Error
	 */
	public static function read_only() {
		return new WP_Error(
			'key_guard_read_only',
			__( 'The key is set by OPENAI_API_KEY in the server environment or wp-config.php, so it cannot be changed or removed here. Change it where it is defined.', 'key-guard-for-openai' ),
			array( 'status' => 409 )
		);
	}
}
