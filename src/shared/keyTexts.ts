/**
 * The sentences about a pasted key, in the server's words.
 *
 * php/Key/Key_Texts.php holds every template; the page passes them, in the site's language, as
 * window.keyGuardSettings.keyTexts, and the server fills in the same templates when it answers a
 * save. The screen holds no copy of them: the server's words are the one source. The text keys are
 * those of data/key-texts.json.
 */
import { __, sprintf } from '@wordpress/i18n';

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

/**
 * The sentence for a text the page did not give: never the case on a page the plugin printed, whose
 * settings hold every template; only a page stitched together from two versions lacks one.
 */
const missing = () =>
	__(
		'This page lacks the words for a note about the key. Reload the page to read it.',
		'key-guard-for-openai'
	);

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
 * The template for a text key: the page's when it gave a non-empty string.
 *
 * @param code A text key with one form.
 */
export function keyTextTemplate( code: PlainKeyTextCode ): string {
	const template = given( code );
	return typeof template === 'string' && template !== ''
		? template
		: missing();
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
	return missing();
}

/**
 * The sentence for a text holding several keys.
 *
 * @param count How many keys the text holds.
 */
export function severalKeysText( count: number ): string {
	return fill( severalKeysTemplate( count ), count );
}
