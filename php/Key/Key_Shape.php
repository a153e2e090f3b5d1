<?php
/**
 * Pure functions on the text of an OpenAI key: paste-hazard normalisation, refusals, kind, shape warnings, mask.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

use WP_Error;

/**
 * Knows what an OpenAI key looks like, and what other providers' keys look like, without ever
 * talking to OpenAI. The screen's live feedback (src/shared/normalise.ts) mirrors it; both are held
 * to the same cases by tests/fixtures/key-shapes.json, and both speak in Key_Texts' words.
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

	/** OpenAI's prefixes, longest first, mapped to the kind they denote. */
	const PREFIXES = array(
		'sk-admin-'   => 'admin',
		'sk-svcacct-' => 'service_account',
		'sk-proj-'    => 'project',
		'sk-None-'    => 'user',
	);

	/** Other providers' key prefixes, mapped to the provider's name (a proper name: not translated). */
	const FOREIGN_PREFIXES = array(
		'sk-ant-' => 'Anthropic',
		'sk-or-'  => 'OpenRouter',
		'AIza'    => 'Google',
		'gsk_'    => 'Groq',
		'xai-'    => 'xAI',
		'pplx-'   => 'Perplexity',
		'hf_'     => 'Hugging Face',
	);

	/** What separates keys pasted together: line breaks, spaces and tabs, non-breaking spaces, commas, semicolons. */
	const SEPARATORS = '/[ \t\r\n\f\v,;\x{00A0}\x{202F}\x{2007}\x{2028}\x{2029}]+/u';

	/** A whole key of any provider, once the quotes or brackets around it are peeled. */
	const KEY_TOKEN = '/^(?:sk-|AIza|gsk_|xai-|pplx-|hf_)[A-Za-z0-9_-]{16,}$/';

	/**
	 * Removes the paste hazards around and inside a key and says what was removed. Several keys
	 * pasted together are left apart (only trimmed), for refusal() to refuse: joined, they would
	 * make one key that is none of them.
	 *
	 * @since 0.1.0
	 *
	 * @param string $raw What the admin pasted.
	 * @return array{key: string, removed: string[]} The cleaned text and codes of what was removed.
	 */
	public static function normalise( $raw ) {
		$removed = array();
		$key     = (string) $raw;

		$steps = array(
			'invisible'   => '/[\x{200B}-\x{200D}\x{2060}\x{FEFF}]/u',
			'line_breaks' => '/[\r\n]+/',
			'nbsp'        => '/[\x{00A0}\x{202F}\x{2007}]/u',
		);
		foreach ( $steps as $code => $pattern ) {
			if ( 'line_breaks' === $code && self::count_keys( $key ) > 1 ) {
				$trim = trim( $key );
				return array(
					'key'     => $trim,
					'removed' => $trim === $key ? $removed : array_merge( $removed, array( 'whitespace' ) ),
				);
			}
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
	 * How many whole keys (of any provider) a pasted text holds, between separators.
	 *
	 * @since 0.4.0
	 *
	 * @param string $text Pasted text.
	 * @return int
	 */
	public static function count_keys( $text ) {
		$count = 0;
		foreach ( (array) preg_split( self::SEPARATORS, (string) $text, -1, PREG_SPLIT_NO_EMPTY ) as $token ) {
			$token  = trim( (string) $token, "\"'`()[]{}<>" );
			$count += preg_match( self::KEY_TOKEN, $token );
		}
		return $count;
	}

	/**
	 * Human sentences for the codes normalise() returns, as the notices' codes (removed_{code}).
	 *
	 * @since 0.1.0
	 * @since 0.5.0 The sentences are Key_Texts' templates, which the screen shows too.
	 *
	 * @param string[] $removed Codes from normalise().
	 * @return array<int, array{code: string, message: string}>
	 */
	public static function removal_messages( array $removed ) {
		$templates = Key_Texts::templates();
		$out       = array();
		foreach ( $removed as $code ) {
			if ( isset( $templates[ 'removed_' . $code ] ) ) {
				$out[] = array(
					'code'    => 'removed_' . $code,
					'message' => $templates[ 'removed_' . $code ],
				);
			}
		}
		return $out;
	}

	/**
	 * Returns why a normalised key cannot be saved or tested, or null when it can.
	 *
	 * @since 0.1.0
	 * @since 0.4.0 Refuses several keys, other providers' keys and keys without "sk-" (the last two
	 *              only while the base URL is OpenAI's own).
	 *
	 * @param string $key        A normalised key.
	 * @param bool   $openai_own Whether the base URL is OpenAI's own API (Endpoint::is_openai_own()).
	 * @return WP_Error|null
	 */
	public static function refusal( $key, $openai_own = true ) {
		return Key_Refusal::of( (string) $key, (bool) $openai_own );
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
	 * Names the provider whose key this is, when it is not OpenAI's.
	 *
	 * @since 0.4.0
	 *
	 * @param string $key A normalised key.
	 * @return string|null The provider's name, or null for an OpenAI key or an unknown shape.
	 */
	public static function provider( $key ) {
		foreach ( self::FOREIGN_PREFIXES as $prefix => $provider ) {
			if ( 0 === strpos( $key, $prefix ) ) {
				return $provider;
			}
		}
		return null;
	}

	/**
	 * Warns about shapes that often mean a wrong or cut-short key; never a reason to refuse.
	 *
	 * @since 0.1.0
	 * @since 0.4.0 Names another provider's key, and says why a key without "sk-" is accepted
	 *              when the base URL is not OpenAI's.
	 *
	 * @param string $key        A normalised key that passed refusal().
	 * @param bool   $openai_own Whether the base URL is OpenAI's own API (Endpoint::is_openai_own()).
	 * @return array<int, array{code: string, message: string}>
	 */
	public static function warnings( $key, $openai_own = true ) {
		$provider = self::provider( $key );
		if ( null !== $provider ) {
			return array(
				array(
					'code'    => 'foreign_key',
					'message' => Key_Texts::message( 'foreign_key', $provider ),
				),
			);
		}
		if ( 0 !== strpos( $key, 'sk-' ) ) {
			return array(
				array(
					'code'    => 'unexpected_prefix',
					'message' => Key_Texts::message( $openai_own ? 'unexpected_prefix' : 'unexpected_prefix.other_service' ),
				),
			);
		}
		$kind   = self::kind( $key );
		$prefix = array_search( $kind, self::PREFIXES, true );
		$parts  = explode( self::MARKER, substr( $key, is_string( $prefix ) ? strlen( $prefix ) : 3 ) );
		if ( 2 !== count( $parts ) && 'legacy' !== $kind ) {
			return array(
				array(
					'code'    => 'looks_truncated',
					'message' => Key_Texts::message( 'looks_truncated.unusual_shape' ),
				),
			);
		}
		if ( 2 === count( $parts ) && strlen( $parts[0] ) !== strlen( $parts[1] ) ) {
			return array(
				array(
					'code'    => 'looks_truncated',
					'message' => Key_Texts::message( 'looks_truncated' ),
				),
			);
		}
		return array();
	}

	/**
	 * Masks a key as its prefix, an ellipsis and the last four characters, e.g. "sk-proj-…Ab3d";
	 * the last four only when they are at most a quarter of the secret part (what follows the
	 * prefix), so a short key such as "sk-1234" shows as "sk-…".
	 *
	 * @since 0.1.0
	 * @since 0.4.0 Never reveals more than a quarter of the secret part.
	 *
	 * @param string $key The key.
	 * @return string
	 */
	public static function mask( $key ) {
		$key = (string) $key;
		if ( '' === $key ) {
			return '';
		}
		$prefix = '';
		foreach ( array_merge( array_keys( self::PREFIXES ), array_keys( self::FOREIGN_PREFIXES ), array( 'sk-' ) ) as $candidate ) {
			if ( 0 === strpos( $key, $candidate ) && strlen( $candidate ) > strlen( $prefix ) ) {
				$prefix = $candidate;
			}
		}
		$secret = strlen( $key ) - strlen( $prefix );
		return $prefix . "\u{2026}" . ( $secret >= 16 ? substr( $key, -4 ) : '' );
	}
}
