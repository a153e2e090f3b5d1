/**
 * Live feedback on a pasted key: a pure mirror of the server's paste-hazard normalisation.
 *
 * The server (php/Key/Key_Shape.php) is authoritative; this only tells the admin, while typing, what
 * will be cleaned up and what looks wrong. It never decides whether a key is saved. Both are held to
 * the same cases by tests/fixtures/key-shapes.json.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import { keyShapeMessage } from './labels';
import { getDashboardLinks, isOpenaiOwnBaseUrl } from './settings';
import type { KeyKind, Message } from './types';

export interface NormalisedKey {
	/** The key as the server will most likely store it. */
	value: string;
	/** What was removed from the pasted text. */
	removed: Message[];
	/** What still looks wrong after clean-up. */
	warnings: Message[];
	/** Null while there is nothing to classify. */
	kind: KeyKind | null;
}

export const KEY_MARKER = 'T3BlbkFJ';
export const MIN_LENGTH = 20;
export const MAX_LENGTH = 400;

const LINE_BREAKS = /[\r\n]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const NO_BREAK_SPACES = /[\u00A0\u202F\u2007]/g;
/** PHP's trim() set, which the server uses; other spaces are refused, not trimmed. */
const SURROUNDING_SPACE = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
const QUOTED =
	/^["'`\u201C\u201D\u2018\u2019]([\s\S]*)["'`\u201C\u201D\u2018\u2019]$/;
const BEARER = /^bearer\s+/i;
const MASK_CHARACTERS = /\u2022|\u2026|\*{3,}/;
const KEY_CHARACTER = /^[A-Za-z0-9_-]$/;
/** What separates keys pasted together (Key_Shape::SEPARATORS). */
const SEPARATORS = /[ \t\r\n\f\v,;\u00A0\u202F\u2007\u2028\u2029]+/;
/** A whole key of any provider, once the quotes or brackets around it are peeled (Key_Shape::KEY_TOKEN). */
const KEY_TOKEN = /^(?:sk-|AIza|gsk_|xai-|pplx-|hf_)[A-Za-z0-9_-]{16,}$/;
const TOKEN_WRAPPING = /^["'`()[\]{}<>]+|["'`()[\]{}<>]+$/g;

/** Other providers' key prefixes and names (Key_Shape::FOREIGN_PREFIXES). */
const FOREIGN_PREFIXES: Array< [ string, string ] > = [
	[ 'sk-ant-', 'Anthropic' ],
	[ 'sk-or-', 'OpenRouter' ],
	[ 'AIza', 'Google' ],
	[ 'gsk_', 'Groq' ],
	[ 'xai-', 'xAI' ],
	[ 'pplx-', 'Perplexity' ],
	[ 'hf_', 'Hugging Face' ],
];

/** Prefixes in the order they must be tried: the longest first, bare `sk-` last. */
const PREFIXES: Array< [ string, KeyKind ] > = [
	[ 'sk-proj-', 'project' ],
	[ 'sk-svcacct-', 'service_account' ],
	[ 'sk-None-', 'user' ],
];

function count( text: string, pattern: RegExp ): number {
	return ( text.match( pattern ) ?? [] ).length;
}

/**
 * Names a character so an invisible or look-alike one can be told apart in a warning.
 *
 * @param char One character.
 */
export function describeCharacter( char: string ): string {
	if ( char === ' ' ) {
		return __( 'space', 'key-guard-for-openai' );
	}
	const code = char.codePointAt( 0 ) ?? 0;
	if (
		code < 0x21 ||
		( code >= 0x7f && code <= 0xa0 ) ||
		/\s/.test( char )
	) {
		return `U+${ code.toString( 16 ).toUpperCase().padStart( 4, '0' ) }`;
	}
	return `“${ char }”`;
}

/**
 * Tells the kind of a cleaned key from its prefix.
 *
 * @param key A normalised key.
 */
export function kindOf( key: string ): KeyKind | null {
	if ( key === '' ) {
		return null;
	}
	for ( const [ prefix, kind ] of PREFIXES ) {
		if ( key.startsWith( prefix ) ) {
			return kind;
		}
	}
	return /^sk-[A-Za-z0-9]{48}$/.test( key ) ? 'legacy' : 'unknown';
}

/**
 * Counts the whole keys, of any provider, in a pasted text (Key_Shape::count_keys()).
 *
 * @param text The pasted text.
 */
export function countKeys( text: string ): number {
	return text
		.split( SEPARATORS )
		.filter( ( token ) =>
			KEY_TOKEN.test( token.replace( TOKEN_WRAPPING, '' ) )
		).length;
}

/**
 * Names the provider whose key this is, when it is not OpenAI's (Key_Shape::provider()).
 *
 * @param key A cleaned key.
 */
export function providerOf( key: string ): string | null {
	const found = FOREIGN_PREFIXES.find( ( [ prefix ] ) =>
		key.startsWith( prefix )
	);
	return found ? found[ 1 ] : null;
}

function prefixLength( key: string ): number {
	const known = [
		...PREFIXES.map( ( [ prefix ] ) => prefix ),
		'sk-admin-',
		'sk-',
	];
	const prefix = known.find( ( candidate ) => key.startsWith( candidate ) );
	return prefix ? prefix.length : 0;
}

function stripSurroundings( text: string ): {
	text: string;
	whitespace: boolean;
	quotes: boolean;
	bearer: boolean;
} {
	const found = { whitespace: false, quotes: false, bearer: false };
	let current = text;
	let previous;
	do {
		previous = current;
		const trimmed = current.replace( SURROUNDING_SPACE, '' );
		found.whitespace ||= trimmed !== current;
		const quoted = QUOTED.exec( trimmed );
		found.quotes ||= quoted !== null;
		const unquoted = quoted ? quoted[ 1 ] : trimmed;
		current = unquoted.replace( BEARER, '' );
		found.bearer ||= current !== unquoted;
	} while ( current !== previous );
	return { text: current, ...found };
}

/**
 * The first reason the server will refuse the key, in its order (php/Key/Key_Refusal.php).
 *
 * @param key       A cleaned, non-empty key.
 * @param openaiOwn Whether the key goes to OpenAI's own API.
 */
function refusal( key: string, openaiOwn: boolean ): Message | null {
	const keys = countKeys( key );
	if ( keys > 1 ) {
		return {
			code: 'key_guard_several_keys',
			message: keyShapeMessage( 'key_guard_several_keys', {
				count: keys,
			} ),
		};
	}
	if ( MASK_CHARACTERS.test( key ) ) {
		return {
			code: 'key_guard_masked',
			message: __(
				'This looks like a masked key (it contains •, … or *), so it will be refused. Paste the full key: OpenAI shows it only once, when it is created.',
				'key-guard-for-openai'
			),
		};
	}
	if ( key.length > MAX_LENGTH ) {
		return {
			code: 'key_guard_too_long',
			message: sprintf(
				/* translators: 1: length of the pasted text, 2: maximum length. */
				__(
					'This text is %1$d characters long; OpenAI keys are at most %2$d. Copy only the key.',
					'key-guard-for-openai'
				),
				key.length,
				MAX_LENGTH
			),
		};
	}
	const strange = [ ...new Set( Array.from( key ) ) ].filter(
		( char ) => ! KEY_CHARACTER.test( char )
	);
	if ( strange.length > 0 ) {
		return {
			code: 'key_guard_invalid_characters',
			message: sprintf(
				/* translators: %s: comma-separated list of characters, e.g. “.”, space. */
				__(
					'The key contains characters OpenAI keys never have, so it will be refused: %s.',
					'key-guard-for-openai'
				),
				strange.slice( 0, 5 ).map( describeCharacter ).join( ', ' )
			),
		};
	}
	const provider = providerOf( key );
	const apiKeysUrl = getDashboardLinks().apiKeys;
	if ( openaiOwn && provider !== null ) {
		return {
			code: 'key_guard_foreign_key',
			message: keyShapeMessage( 'key_guard_foreign_key', {
				provider,
				apiKeysUrl,
			} ),
		};
	}
	if ( key.startsWith( 'sk-admin-' ) ) {
		return {
			code: 'key_guard_admin_key',
			message: __(
				'This is an admin key (sk-admin-…). Admin keys manage an organisation and cannot call models, so it will be refused. Use a project key instead.',
				'key-guard-for-openai'
			),
		};
	}
	if ( openaiOwn && ! key.startsWith( 'sk-' ) ) {
		return {
			code: 'key_guard_not_openai_key',
			message: keyShapeMessage( 'key_guard_not_openai_key', {
				apiKeysUrl,
			} ),
		};
	}
	if ( key.length < MIN_LENGTH ) {
		return {
			code: 'key_guard_too_short',
			message: sprintf(
				/* translators: 1: length of the key, 2: minimum length. */
				__(
					'This key is only %1$d characters long; OpenAI keys have at least %2$d.',
					'key-guard-for-openai'
				),
				key.length,
				MIN_LENGTH
			),
		};
	}
	return null;
}

/**
 * Shapes that often mean a wrong or cut-short key; never a reason to refuse (Key_Shape::warnings()).
 *
 * @param key A cleaned key the server would accept.
 */
function shapeWarning( key: string ): Message | null {
	const provider = providerOf( key );
	if ( provider !== null ) {
		return {
			code: 'foreign_key',
			message: keyShapeMessage( 'foreign_key', { provider } ),
		};
	}
	if ( ! key.startsWith( 'sk-' ) ) {
		// Only reachable off OpenAI's API: there, refusal() refuses such a key.
		return {
			code: 'unexpected_prefix',
			message: keyShapeMessage( 'unexpected_prefix' ),
		};
	}
	const kind = kindOf( key );
	const body = key.slice( prefixLength( key ) );
	const parts = body.split( KEY_MARKER );
	if ( parts.length !== 2 ) {
		return kind === 'legacy'
			? null
			: {
					code: 'looks_truncated',
					message: sprintf(
						/* translators: %s: the fixed fragment every OpenAI key contains. */
						__(
							'This does not look like a complete OpenAI key: keys contain “%s” once.',
							'key-guard-for-openai'
						),
						KEY_MARKER
					),
				};
	}
	if ( parts[ 0 ].length !== parts[ 1 ].length ) {
		return {
			code: 'looks_truncated',
			message: sprintf(
				/* translators: 1: the key marker, 2: characters before it, 3: characters after it. */
				__(
					'The key looks truncated: the parts before and after “%1$s” should be the same length, but have %2$d and %3$d characters.',
					'key-guard-for-openai'
				),
				KEY_MARKER,
				parts[ 0 ].length,
				parts[ 1 ].length
			),
		};
	}
	return null;
}

interface Removals {
	lineBreaks: number;
	zeroWidth: number;
	noBreak: number;
	whitespace: boolean;
	quotes: boolean;
	bearer: boolean;
}

/**
 * Says, in the server's order, what was removed from the pasted text.
 *
 * @param found What was removed.
 */
function removalMessages( found: Removals ): Message[] {
	const removed: Message[] = [];
	if ( found.lineBreaks > 0 ) {
		removed.push( {
			code: 'removed_line_breaks',
			message: sprintf(
				/* translators: %d: number of line breaks. */
				_n(
					'Removed %d line break.',
					'Removed %d line breaks.',
					found.lineBreaks,
					'key-guard-for-openai'
				),
				found.lineBreaks
			),
		} );
	}
	if ( found.zeroWidth > 0 ) {
		removed.push( {
			code: 'removed_invisible',
			message: sprintf(
				/* translators: %d: number of invisible (zero-width) characters. */
				_n(
					'Removed %d invisible character.',
					'Removed %d invisible characters.',
					found.zeroWidth,
					'key-guard-for-openai'
				),
				found.zeroWidth
			),
		} );
	}
	if ( found.noBreak > 0 ) {
		removed.push( {
			code: 'removed_nbsp',
			message: sprintf(
				/* translators: %d: number of non-breaking spaces. */
				_n(
					'Removed %d non-breaking space.',
					'Removed %d non-breaking spaces.',
					found.noBreak,
					'key-guard-for-openai'
				),
				found.noBreak
			),
		} );
	}
	if ( found.whitespace ) {
		removed.push( {
			code: 'removed_whitespace',
			message: __(
				'Removed spaces around the key.',
				'key-guard-for-openai'
			),
		} );
	}
	if ( found.quotes ) {
		removed.push( {
			code: 'removed_quotes',
			message: __(
				'Removed quotes around the key.',
				'key-guard-for-openai'
			),
		} );
	}
	if ( found.bearer ) {
		removed.push( {
			code: 'removed_bearer',
			message: __(
				'Removed the leading “Bearer ”.',
				'key-guard-for-openai'
			),
		} );
	}
	return removed;
}

/**
 * Cleans a pasted key the way the server will and says what was removed and what looks wrong.
 * Several keys pasted together are not joined: they are only trimmed, and refused.
 *
 * @param raw       The text as typed or pasted.
 * @param openaiOwn Whether the key goes to OpenAI's own API (the page says; OpenAI's when it does not).
 */
export function normaliseKey(
	raw: string,
	openaiOwn: boolean = isOpenaiOwnBaseUrl()
): NormalisedKey {
	const zeroWidth = count( raw, ZERO_WIDTH );
	const visible = raw.replace( ZERO_WIDTH, '' );
	const nothing = { lineBreaks: 0, noBreak: 0, quotes: false, bearer: false };
	if ( countKeys( visible ) > 1 ) {
		const value = visible.replace( SURROUNDING_SPACE, '' );
		return {
			value,
			removed: removalMessages( {
				...nothing,
				zeroWidth,
				whitespace: value !== visible,
			} ),
			warnings: [ refusal( value, openaiOwn ) as Message ],
			kind: kindOf( value ),
		};
	}
	const { text: value, ...found } = stripSurroundings(
		visible.replace( LINE_BREAKS, '' ).replace( NO_BREAK_SPACES, '' )
	);
	const problem =
		value === ''
			? null
			: ( refusal( value, openaiOwn ) ?? shapeWarning( value ) );
	return {
		value,
		removed: removalMessages( {
			...found,
			zeroWidth,
			lineBreaks: count( visible, LINE_BREAKS ),
			noBreak: count( visible, NO_BREAK_SPACES ),
		} ),
		warnings: problem ? [ problem ] : [],
		kind: kindOf( value ),
	};
}
