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
 * sentence that says what to do, never echoing the key.
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
			return self::error( 'key_guard_empty', __( 'Enter an API key: the field is empty.', 'key-guard-for-openai' ) );
		}
		$keys = Key_Shape::count_keys( $key );
		if ( $keys > 1 ) {
			/* translators: %d: how many keys the pasted text holds (2 or more). */
			return self::error( 'key_guard_several_keys', sprintf( _n( 'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.', 'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.', $keys, 'key-guard-for-openai' ), $keys ) );
		}
		if ( preg_match( Key_Shape::MASK_PATTERN, $key ) ) {
			return self::error( 'key_guard_masked', __( 'This is the masked key shown on screen, not the key itself. Paste the full key from the OpenAI dashboard.', 'key-guard-for-openai' ) );
		}
		$length = strlen( $key );
		if ( $length > Key_Shape::MAX_LENGTH ) {
			/* translators: 1: length of the pasted text, 2: maximum length. */
			return self::error( 'key_guard_too_long', sprintf( __( 'This text is %1$d characters long; OpenAI keys are at most %2$d. Copy only the key.', 'key-guard-for-openai' ), $length, Key_Shape::MAX_LENGTH ) );
		}
		if ( preg_match( '/[^A-Za-z0-9_-]/u', $key, $m, PREG_OFFSET_CAPTURE ) || ! preg_match( '//u', $key ) ) {
			return self::invalid_character( $key, $m );
		}
		$provider = Key_Shape::provider( $key );
		if ( $openai_own && null !== $provider ) {
			/* translators: 1: a provider's name, such as Anthropic or Groq, 2: the address of OpenAI's API keys page. */
			return self::error( 'key_guard_foreign_key', sprintf( __( 'This is a key from %1$s, not an OpenAI key, and this site sends its key to OpenAI. Create a key on the API keys page of your OpenAI dashboard (%2$s) and paste that instead.', 'key-guard-for-openai' ), $provider, Advice::LINKS['api_keys'] ) );
		}
		if ( 0 === strpos( $key, 'sk-admin-' ) ) {
			return self::error( 'key_guard_admin_key', __( 'This is an admin key: it only works for OpenAI\'s Admin API, not for generating text. Create a project key on the API keys page and paste that instead.', 'key-guard-for-openai' ) );
		}
		if ( $openai_own && 0 !== strpos( $key, 'sk-' ) ) {
			/* translators: %s: the address of OpenAI's API keys page. */
			return self::error( 'key_guard_not_openai_key', sprintf( __( 'OpenAI keys start with "sk-", and this one does not. Copy a key from the API keys page of your OpenAI dashboard (%s). If this site uses an OpenAI-compatible service instead, set OPENAI_BASE_URL to its address first.', 'key-guard-for-openai' ), Advice::LINKS['api_keys'] ) );
		}
		if ( $length < Key_Shape::MIN_LENGTH ) {
			/* translators: 1: length of the pasted key, 2: minimum length. */
			return self::error( 'key_guard_too_short', sprintf( __( 'This key is only %1$d characters long; OpenAI keys have at least %2$d. Copy the whole key again.', 'key-guard-for-openai' ), $length, Key_Shape::MIN_LENGTH ) );
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
	 * @param string $key   The key.
	 * @param array  $match preg_match() capture of the first offending byte sequence.
	 * @return WP_Error
	 */
	private static function invalid_character( $key, $match ) {
		$detail = __( 'It contains bytes that are not valid text.', 'key-guard-for-openai' );
		if ( ! empty( $match[0] ) && preg_match( '//u', $key ) ) {
			$char     = $match[0][0];
			$position = mb_strlen( substr( $key, 0, $match[0][1] ), 'UTF-8' ) + 1;
			$name     = ' ' === $char ? __( 'a space', 'key-guard-for-openai' ) : sprintf( 'U+%04X', self::code_point( $char ) );
			/* translators: 1: a character description such as "U+0430" or "a space", 2: its position in the key. */
			$detail = sprintf( __( 'It contains %1$s at position %2$d.', 'key-guard-for-openai' ), $name, $position );
		}
		return self::error(
			'key_guard_invalid_characters',
			/* translators: %s: which character was found where. */
			sprintf( __( 'OpenAI keys contain only letters, digits, "-" and "_". %s Copy the key again from the OpenAI dashboard rather than typing it.', 'key-guard-for-openai' ), $detail )
		);
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
}
