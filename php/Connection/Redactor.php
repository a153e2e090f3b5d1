<?php
/**
 * Keeps a key out of text that came back from upstream.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Connection;

use Key_Guard\Key\Key_Shape;

/**
 * Cuts the tested key (or any 20-character piece of it) and anything shaped like a key out of
 * upstream text, and bounds its length: a proxy may echo what it was sent.
 *
 * @since 0.5.0
 */
final class Redactor {

	/**
	 * The text without the key or anything shaped like one, at most 500 characters.
	 *
	 * @since 0.5.0
	 *
	 * @param string $key  The tested key.
	 * @param string $text Upstream text.
	 * @return string
	 */
	public static function clean( $key, $text ) {
		$key    = (string) $key;
		$text   = (string) $text;
		$length = strlen( $key );
		for ( $at = 0; $length >= 20 && $at <= $length - 20; $at++ ) {
			$piece = substr( $key, $at, 20 );
			if ( false !== strpos( $text, $piece ) ) {
				$text = str_replace( $piece, "\u{2026}", $text );
			}
		}
		$text = (string) preg_replace_callback(
			'/sk-[A-Za-z0-9_-]{16,}/',
			static function ( $m ) {
				return Key_Shape::mask( $m[0] );
			},
			$text
		);
		return mb_substr( $text, 0, 500 );
	}
}
