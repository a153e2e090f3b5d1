/**
 * The sentences about a pasted key, in the server's words.
 *
 * php/Key/Key_Texts.php holds every template; the page passes them, in the site's language, as
 * window.keyGuardSettings.keyTexts, and the server fills in the same templates when it answers a
 * save. The screen's own copies below are only for a page that gave none (the unit tests, a page
 * cached from an older version); tests/js/shared/keyTexts.test.ts holds them to the server's
 * English word for word. The text keys are those of data/key-texts.json.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type { KeyTextCode } from './types';

/** The count-dependent sentence as the server exports it: its forms, and which form each count takes. */
export interface PluralKeyText {
	forms: string[];
	/** The index in forms of the form for 0, 1, 2… up to COUNTS - 1 keys. */
	form_of_count: number[];
}

export type PlainKeyTextCode = Exclude< KeyTextCode, 'key_guard_several_keys' >;

/** Key_Texts::COUNTS: from here on, a count takes the form of 100 + count % 100. */
const COUNTS = 200;

/**
 * sprintf for templates known only at run time: its types count placeholders in a literal format,
 * and the page's templates are no literals.
 */
const fill = sprintf as (
	format: string,
	...values: Array< string | number >
) => string;

/** The server's English, for a page that gave no templates. */
const FALLBACKS: Record< PlainKeyTextCode, () => string > = {
	removed_invisible: () =>
		__(
			'Removed invisible zero-width characters.',
			'key-guard-for-openai'
		),
	removed_line_breaks: () =>
		__( 'Removed line breaks inside the key.', 'key-guard-for-openai' ),
	removed_nbsp: () =>
		__( 'Removed non-breaking spaces.', 'key-guard-for-openai' ),
	removed_whitespace: () =>
		__( 'Removed spaces around the key.', 'key-guard-for-openai' ),
	removed_quotes: () =>
		__( 'Removed the quotes around the key.', 'key-guard-for-openai' ),
	removed_bearer: () =>
		__(
			'Removed the "Bearer " prefix: only the key itself is needed.',
			'key-guard-for-openai'
		),
	key_guard_empty: () =>
		__( 'Enter an API key: the field is empty.', 'key-guard-for-openai' ),
	key_guard_masked: () =>
		__(
			'This is the masked key shown on screen, not the key itself. Paste the full key from the OpenAI dashboard.',
			'key-guard-for-openai'
		),
	key_guard_too_long: () =>
		/* translators: 1: length of the pasted text, 2: maximum length. */
		__(
			'This text is %1$d characters long; OpenAI keys are at most %2$d. Copy only the key.',
			'key-guard-for-openai'
		),
	key_guard_invalid_characters: () =>
		/* translators: %s: which character was found where, a sentence such as "It contains U+0430 at position 9." */
		__(
			'OpenAI keys contain only letters, digits, "-" and "_". %s Copy the key again from the OpenAI dashboard rather than typing it.',
			'key-guard-for-openai'
		),
	'key_guard_invalid_characters.at': () =>
		/* translators: 1: a character description such as "U+0430" or "a space", 2: its position in the key. */
		__( 'It contains %1$s at position %2$d.', 'key-guard-for-openai' ),
	'key_guard_invalid_characters.space': () =>
		__( 'a space', 'key-guard-for-openai' ),
	'key_guard_invalid_characters.bytes': () =>
		__(
			'It contains bytes that are not valid text.',
			'key-guard-for-openai'
		),
	key_guard_foreign_key: () =>
		/* translators: 1: a provider's name, such as Anthropic or Groq, 2: the address of OpenAI's API keys page. */
		__(
			'This is a key from %1$s, not an OpenAI key, and this site sends its key to OpenAI. Create a key on the API keys page of your OpenAI dashboard (%2$s) and paste that instead.',
			'key-guard-for-openai'
		),
	key_guard_admin_key: () =>
		__(
			"This is an admin key: it only works for OpenAI's Admin API, not for generating text. Create a project key on the API keys page and paste that instead.",
			'key-guard-for-openai'
		),
	key_guard_not_openai_key: () =>
		/* translators: %s: the address of OpenAI's API keys page. */
		__(
			'OpenAI keys start with "sk-", and this one does not. Copy a key from the API keys page of your OpenAI dashboard (%s). If this site uses an OpenAI-compatible service instead, set OPENAI_BASE_URL to its address first.',
			'key-guard-for-openai'
		),
	key_guard_too_short: () =>
		/* translators: 1: length of the pasted key, 2: minimum length. */
		__(
			'This key is only %1$d characters long; OpenAI keys have at least %2$d. Copy the whole key again.',
			'key-guard-for-openai'
		),
	foreign_key: () =>
		/* translators: %s: a provider's name, such as Anthropic or Groq. */
		__(
			'This looks like a key from %s, not an OpenAI key. It is accepted because OPENAI_BASE_URL points to another service; note that WordPress’s own AI client still sends the saved key to api.openai.com.',
			'key-guard-for-openai'
		),
	unexpected_prefix: () =>
		__(
			'OpenAI keys start with "sk-". Check that you copied an OpenAI API key.',
			'key-guard-for-openai'
		),
	'unexpected_prefix.other_service': () =>
		__(
			'This key does not start with "sk-" as OpenAI keys do. It is accepted because OPENAI_BASE_URL points to another service, which may issue keys of another shape.',
			'key-guard-for-openai'
		),
	looks_truncated: () =>
		__(
			'This key looks cut short: part of it may be missing. Copy the whole key again if the connection test fails.',
			'key-guard-for-openai'
		),
	'looks_truncated.unusual_shape': () =>
		__(
			'This key does not have the usual shape of an OpenAI key; it may be incomplete. Copy it again if the connection test fails.',
			'key-guard-for-openai'
		),
};

/**
 * What the page gave for a text key, unchecked.
 *
 * @param code A text key.
 */
function given( code: KeyTextCode ): unknown {
	const texts = window.keyGuardSettings?.keyTexts;
	if ( typeof texts !== 'object' || texts === null ) {
		return undefined;
	}
	return Object.prototype.hasOwnProperty.call( texts, code )
		? texts[ code ]
		: undefined;
}

/**
 * The template for a text key: the page's when it gave a non-empty string, else the screen's own.
 *
 * @param code A text key with one form.
 */
export function keyTextTemplate( code: PlainKeyTextCode ): string {
	const template = given( code );
	return typeof template === 'string' && template !== ''
		? template
		: FALLBACKS[ code ]();
}

/**
 * One sentence: its template filled with the values, in the order data/key-texts.json lists them.
 *
 * @param code   A text key with one form.
 * @param values What fills the placeholders.
 */
export function keyText(
	code: PlainKeyTextCode,
	...values: Array< string | number >
): string {
	return fill( keyTextTemplate( code ), ...values );
}

/**
 * The template for a text holding several keys, in the form the server picks for the count.
 *
 * @param count How many keys the text holds.
 */
export function severalKeysTemplate( count: number ): string {
	const plural = given( 'key_guard_several_keys' ) as
		Partial< PluralKeyText > | undefined;
	if (
		Array.isArray( plural?.forms ) &&
		Array.isArray( plural?.form_of_count )
	) {
		const index =
			plural.form_of_count[
				count < COUNTS ? count : 100 + ( count % 100 )
			];
		const form: unknown = plural.forms[ index ];
		if ( typeof form === 'string' && form !== '' ) {
			return form;
		}
	}
	/* translators: %d: how many keys the pasted text holds (2 or more). */
	return _n(
		'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.',
		'This text holds %d keys, one after the other. Paste only one key: the one you created for this site.',
		count,
		'key-guard-for-openai'
	);
}

/**
 * The sentence for a text holding several keys.
 *
 * @param count How many keys the text holds.
 */
export function severalKeysText( count: number ): string {
	return fill( severalKeysTemplate( count ), count );
}
