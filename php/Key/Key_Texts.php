<?php
/**
 * Every sentence about a pasted key's shape, as translatable templates.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Key;

/**
 * The one source of the words for what normalisation removed, why a key is refused and what looks
 * wrong with it: the server builds its notices and refusals from these templates, and the settings
 * page hands the same templates to the screen (window.keyGuardSettings.keyTexts), whose live hints
 * fill them in. The text keys are those of data/key-texts.json: a code, or a code, a dot and a
 * variant where one code has several sentences or a sentence has parts.
 *
 * @since 0.5.0
 */
final class Key_Texts {

	/** The one sentence whose wording depends on a count. */
	const SEVERAL_KEYS = 'key_guard_several_keys';

	/**
	 * Counts below this have their plural form looked up one by one; from 100 up, gettext plural
	 * rules depend only on n % 100 (no rule compares n itself with a number above 99).
	 */
	const COUNTS = 200;

	/**
	 * Every template with a single form, by text key, translated now (never cached: the locale may
	 * change between calls).
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, string>
	 */
	public static function templates() {
		return array(
			'removed_invisible'                  => __( 'Removed invisible zero-width characters.', 'key-guard-for-openai' ),
			'removed_line_breaks'                => __( 'Removed line breaks inside the key.', 'key-guard-for-openai' ),
			'removed_nbsp'                       => __( 'Removed non-breaking spaces.', 'key-guard-for-openai' ),
			'removed_whitespace'                 => __( 'Removed spaces around the key.', 'key-guard-for-openai' ),
			'removed_quotes'                     => __( 'Removed the quotes around the key.', 'key-guard-for-openai' ),
			'removed_bearer'                     => __( 'Removed the "Bearer " prefix: only the key itself is needed.', 'key-guard-for-openai' ),
			'key_guard_empty'                    => __( 'Enter an API key: the field is empty.', 'key-guard-for-openai' ),
			'key_guard_masked'                   => __( 'This is the masked key shown on screen, not the key itself. Paste the full key from the OpenAI dashboard.', 'key-guard-for-openai' ),
			/* translators: 1: length of the pasted text, 2: maximum length. */
			'key_guard_too_long'                 => __( 'This text is %1$d characters long; OpenAI keys are at most %2$d. Copy only the key.', 'key-guard-for-openai' ),
			/* translators: %s: which character was found where, a sentence such as "It contains U+0430 at position 9." */
			'key_guard_invalid_characters'       => __( 'OpenAI keys contain only letters, digits, "-" and "_". %s Copy the key again from the OpenAI dashboard rather than typing it.', 'key-guard-for-openai' ),
			/* translators: 1: a character description such as "U+0430" or "a space", 2: its position in the key. */
			'key_guard_invalid_characters.at'    => __( 'It contains %1$s at position %2$d.', 'key-guard-for-openai' ),
			'key_guard_invalid_characters.space' => __( 'a space', 'key-guard-for-openai' ),
			'key_guard_invalid_characters.bytes' => __( 'It contains bytes that are not valid text.', 'key-guard-for-openai' ),
			/* translators: 1: a provider's name, such as Anthropic or Groq, 2: the address of OpenAI's API keys page. */
			'key_guard_foreign_key'              => __( 'This is a key from %1$s, not an OpenAI key, and this site sends its key to OpenAI. Create a key on the API keys page of your OpenAI dashboard (%2$s) and paste that instead.', 'key-guard-for-openai' ),
			'key_guard_admin_key'                => __( 'This is an admin key: it only works for OpenAI\'s Admin API, not for generating text. Create a project key on the API keys page and paste that instead.', 'key-guard-for-openai' ),
			/* translators: %s: the address of OpenAI's API keys page. */
			'key_guard_not_openai_key'           => __( 'OpenAI keys start with "sk-", and this one does not. Copy a key from the API keys page of your OpenAI dashboard (%s). If this site uses an OpenAI-compatible service instead, set OPENAI_BASE_URL to its address first.', 'key-guard-for-openai' ),
			/* translators: 1: length of the pasted key, 2: minimum length. */
			'key_guard_too_short'                => __( 'This key is only %1$d characters long; OpenAI keys have at least %2$d. Copy the whole key again.', 'key-guard-for-openai' ),
			/* translators: %s: a provider's name, such as Anthropic or Groq. */
			'foreign_key'                        => __( 'This looks like a key from %s, not an OpenAI key. It is accepted because OPENAI_BASE_URL points to another service; note that WordPress’s own AI client still sends the saved key to api.openai.com.', 'key-guard-for-openai' ),
			'unexpected_prefix'                  => __( 'OpenAI keys start with "sk-". Check that you copied an OpenAI API key.', 'key-guard-for-openai' ),
			'unexpected_prefix.other_service'    => __( 'This key does not start with "sk-" as OpenAI keys do. It is accepted because OPENAI_BASE_URL points to another service, which may issue keys of another shape.', 'key-guard-for-openai' ),
			'looks_truncated'                    => __( 'This key looks cut short: part of it may be missing. Copy the whole key again if the connection test fails.', 'key-guard-for-openai' ),
			'looks_truncated.unusual_shape'      => __( 'This key does not have the usual shape of an OpenAI key; it may be incomplete. Copy it again if the connection test fails.', 'key-guard-for-openai' ),
		);
	}

	/**
	 * The template for a text holding several keys, in the form the count takes.
	 *
	 * @since 0.5.0
	 *
	 * @param int $count How many keys the pasted text holds (2 or more).
	 * @return string
	 */
	public static function several_keys_template( $count ) {
		/* translators: %d: how many keys the pasted text holds (2 or more). */
		return _n( 'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.', 'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.', $count, 'key-guard-for-openai' );
	}

	/**
	 * One sentence: its template filled with the values, in the template's order.
	 *
	 * @since 0.5.0
	 *
	 * @param string     $key     A text key of templates().
	 * @param string|int ...$args What fills the placeholders.
	 * @return string
	 * @throws \InvalidArgumentException For a text key without a template: a typo, never a visitor's input.
	 */
	public static function message( $key, ...$args ) {
		$templates = self::templates();
		if ( ! isset( $templates[ $key ] ) ) {
			throw new \InvalidArgumentException( esc_html( "No key text named $key." ) );
		}
		return vsprintf( $templates[ $key ], $args );
	}

	/**
	 * The sentence for a text holding several keys.
	 *
	 * @since 0.5.0
	 *
	 * @param int $count How many keys the text holds.
	 * @return string
	 */
	public static function several_keys( $count ) {
		return sprintf( self::several_keys_template( $count ), $count );
	}

	/**
	 * What the screen needs to say everything the server says, in the site's language: every
	 * template by text key, and for the count-dependent sentence its distinct forms with, for each
	 * count below COUNTS, the index of the form the server would use (a larger count n takes the
	 * form of 100 + n % 100). So the screen never evaluates a plural rule of its own.
	 *
	 * @since 0.5.0
	 *
	 * @return array<string, string|array{forms: string[], form_of_count: int[]}>
	 */
	public static function export() {
		$forms         = array();
		$form_of_count = array();
		for ( $count = 0; $count < self::COUNTS; $count++ ) {
			$template = self::several_keys_template( $count );
			$index    = array_search( $template, $forms, true );
			if ( false === $index ) {
				$index   = count( $forms );
				$forms[] = $template;
			}
			$form_of_count[] = $index;
		}
		return array_merge( self::templates(), array( self::SEVERAL_KEYS => compact( 'forms', 'form_of_count' ) ) );
	}
}
