<?php
/**
 * Pure functions on the text of an OpenAI key: paste-hazard normalisation, refusals, kind, shape warnings, mask.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use WP_Error;

/**
 * Knows what an OpenAI key looks like, without ever talking to OpenAI.
 *
 * @since 0.1.0
 */
final class Key_Shape {

	/** Every observed key contains this base64 fragment ("OpenAI"). */
	const MARKER = 'T3BlbkFJ';

	const MIN_LENGTH = 20;
	const MAX_LENGTH = 400;

	/** What only masked values contain: bullets (core), an ellipsis (ours), a run of stars (OpenAI's echo). */
	const MASK_PATTERN = '/\x{2022}|\x{2026}|\*{3,}/u';

	/** Prefixes, longest first, mapped to the kind they denote. */
	const PREFIXES = array(
		'sk-admin-'   => 'admin',
		'sk-svcacct-' => 'service_account',
		'sk-proj-'    => 'project',
		'sk-None-'    => 'user',
	);

	/**
	 * Removes the paste hazards around and inside a key and says what was removed.
	 *
	 * @since 0.1.0
	 *
	 * @param string $raw What the admin pasted.
	 * @return array{key: string, removed: string[]} The cleaned key and codes of what was removed.
	 */
	public static function normalise( $raw ) {
		$removed = array();
		$key     = (string) $raw;

		$steps = array(
			'line_breaks' => '/[\r\n]+/',
			'invisible'   => '/[\x{200B}-\x{200D}\x{2060}\x{FEFF}]/u',
			'nbsp'        => '/[\x{00A0}\x{202F}\x{2007}]/u',
		);
		foreach ( $steps as $code => $pattern ) {
			$clean = preg_replace( $pattern, '', $key );
			if ( null !== $clean && $clean !== $key ) {
				$removed[] = $code;
				$key       = $clean;
			}
		}

		// Quotes and a "Bearer " prefix can nest with whitespace in any order, so peel until stable.
		do {
			$before = $key;
			$trim   = trim( $key );
			if ( $trim !== $key ) {
				$removed[] = 'whitespace';
				$key       = $trim;
			}
			if ( preg_match( '/^(["\'`\x{201C}\x{201D}\x{2018}\x{2019}])(.*)(["\'`\x{201C}\x{201D}\x{2018}\x{2019}])$/us', $key, $m ) ) {
				$removed[] = 'quotes';
				$key       = $m[2];
			}
			if ( preg_match( '/^bearer\s+/i', $key ) ) {
				$removed[] = 'bearer';
				$key       = (string) preg_replace( '/^bearer\s+/i', '', $key );
			}
		} while ( $before !== $key );

		return array(
			'key'     => $key,
			'removed' => array_values( array_unique( $removed ) ),
		);
	}

	/**
	 * Human sentences for the codes normalise() returns.
	 *
	 * @since 0.1.0
	 *
	 * @param string[] $removed Codes from normalise().
	 * @return array<int, array{code: string, message: string}>
	 */
	public static function removal_messages( array $removed ) {
		$messages = array(
			'whitespace'  => __( 'Removed spaces around the key.', 'key-guard-for-openai' ),
			'line_breaks' => __( 'Removed line breaks inside the key.', 'key-guard-for-openai' ),
			'invisible'   => __( 'Removed invisible zero-width characters.', 'key-guard-for-openai' ),
			'nbsp'        => __( 'Removed non-breaking spaces.', 'key-guard-for-openai' ),
			'quotes'      => __( 'Removed the quotes around the key.', 'key-guard-for-openai' ),
			'bearer'      => __( 'Removed the "Bearer " prefix: only the key itself is needed.', 'key-guard-for-openai' ),
		);
		$out      = array();
		foreach ( $removed as $code ) {
			if ( isset( $messages[ $code ] ) ) {
				$out[] = array(
					'code'    => 'removed_' . $code,
					'message' => $messages[ $code ],
				);
			}
		}
		return $out;
	}

	/**
	 * Returns why a normalised key cannot be saved or tested, or null when it can.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key A normalised key.
	 * @return WP_Error|null
	 */
	public static function refusal( $key ) {
		if ( '' === $key ) {
			return new WP_Error( 'key_guard_empty', __( 'Enter an API key: the field is empty.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		if ( preg_match( self::MASK_PATTERN, $key ) ) {
			return new WP_Error( 'key_guard_masked', __( 'This is the masked key shown on screen, not the key itself. Paste the full key from the OpenAI dashboard.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		$length = strlen( $key );
		if ( $length > self::MAX_LENGTH ) {
			/* translators: 1: length of the pasted text, 2: maximum length. */
			return new WP_Error( 'key_guard_too_long', sprintf( __( 'This text is %1$d characters long; OpenAI keys are at most %2$d. Copy only the key.', 'key-guard-for-openai' ), $length, self::MAX_LENGTH ), array( 'status' => 400 ) );
		}
		if ( preg_match( '/[^A-Za-z0-9_-]/u', $key, $m, PREG_OFFSET_CAPTURE ) || ! preg_match( '//u', $key ) ) {
			return self::invalid_character( $key, $m );
		}
		if ( 0 === strpos( $key, 'sk-admin-' ) ) {
			return new WP_Error( 'key_guard_admin_key', __( 'This is an admin key: it only works for OpenAI\'s Admin API, not for generating text. Create a project key on the API keys page and paste that instead.', 'key-guard-for-openai' ), array( 'status' => 400 ) );
		}
		if ( $length < self::MIN_LENGTH ) {
			/* translators: 1: length of the pasted key, 2: minimum length. */
			return new WP_Error( 'key_guard_too_short', sprintf( __( 'This key is only %1$d characters long; OpenAI keys have at least %2$d. Copy the whole key again.', 'key-guard-for-openai' ), $length, self::MIN_LENGTH ), array( 'status' => 400 ) );
		}
		return null;
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
		return new WP_Error(
			'key_guard_invalid_characters',
			/* translators: %s: which character was found where. */
			sprintf( __( 'OpenAI keys contain only letters, digits, "-" and "_". %s Copy the key again from the OpenAI dashboard rather than typing it.', 'key-guard-for-openai' ), $detail ),
			array( 'status' => 400 )
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

	/**
	 * Classifies a key by its prefix.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key A normalised key.
	 * @return string project|service_account|user|legacy|admin|unknown
	 */
	public static function kind( $key ) {
		foreach ( self::PREFIXES as $prefix => $kind ) {
			if ( 0 === strpos( $key, $prefix ) ) {
				return $kind;
			}
		}
		if ( preg_match( '/^sk-[A-Za-z0-9]{48}$/', $key ) ) {
			return 'legacy';
		}
		return 'unknown';
	}

	/**
	 * Warns about shapes that often mean a key was cut short while copying; never a reason to refuse.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key A normalised key that passed refusal().
	 * @return array<int, array{code: string, message: string}>
	 */
	public static function warnings( $key ) {
		$warnings = array();
		if ( 0 !== strpos( $key, 'sk-' ) ) {
			$warnings[] = array(
				'code'    => 'unexpected_prefix',
				'message' => __( 'OpenAI keys start with "sk-". Check that you copied an OpenAI API key.', 'key-guard-for-openai' ),
			);
			return $warnings;
		}
		$kind   = self::kind( $key );
		$prefix = array_search( $kind, self::PREFIXES, true );
		$body   = substr( $key, is_string( $prefix ) ? strlen( $prefix ) : 3 );
		$parts  = explode( self::MARKER, $body );
		if ( 2 !== count( $parts ) ) {
			if ( 'legacy' !== $kind ) {
				$warnings[] = array(
					'code'    => 'looks_truncated',
					'message' => __( 'This key does not have the usual shape of an OpenAI key; it may be incomplete. Copy it again if the connection test fails.', 'key-guard-for-openai' ),
				);
			}
		} elseif ( strlen( $parts[0] ) !== strlen( $parts[1] ) ) {
			$warnings[] = array(
				'code'    => 'looks_truncated',
				'message' => __( 'This key looks cut short: part of it may be missing. Copy the whole key again if the connection test fails.', 'key-guard-for-openai' ),
			);
		}
		return $warnings;
	}

	/**
	 * Masks a key as prefix, an ellipsis and the last four characters, e.g. "sk-proj-…Ab3d".
	 *
	 * @since 0.1.0
	 *
	 * @param string $key The key.
	 * @return string
	 */
	public static function mask( $key ) {
		if ( '' === $key ) {
			return '';
		}
		$prefix = 'sk-';
		foreach ( array_keys( self::PREFIXES ) as $candidate ) {
			if ( 0 === strpos( $key, $candidate ) ) {
				$prefix = $candidate;
				break;
			}
		}
		if ( 0 !== strpos( $key, $prefix ) || strlen( $key ) < strlen( $prefix ) + 12 ) {
			$prefix = '';
		}
		return $prefix . "\u{2026}" . substr( $key, -4 );
	}
}
