/**
 * Live feedback on a pasted key: a pure mirror of the server's paste-hazard normalisation.
 *
 * The server (php/Key/Key_Shape.php) is authoritative; this only tells the admin, while typing, what
 * will be cleaned up and what looks wrong. It never decides whether a key is saved. Both are held to
 * the same cases by tests/fixtures/key-shapes.json, and both say it in the server's words
 * (./keyTexts, from php/Key/Key_Texts.php).
 */
import { keyText, severalKeysText } from './keyTexts';
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
/** Half a surrogate pair: what a JavaScript string has where PHP would see bytes that are not valid UTF-8. */
const LONE_SURROGATE =
	/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
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

/**
 * Whether a pattern occurs in a text; unlike test(), search() ignores a global pattern's lastIndex.
 *
 * @param text    Any text.
 * @param pattern A pattern, global or not.
 */
function has( text: string, pattern: RegExp ): boolean {
	return text.search( pattern ) !== -1;
}

/**
 * Names a character as the server does, by code point (a space in words), so an invisible or
 * look-alike one can be told apart without echoing the key.
 *
 * @param char One character.
 */
export function describeCharacter( char: string ): string {
	if ( char === ' ' ) {
		return keyText( 'key_guard_invalid_characters.space' );
	}
	const code = char.codePointAt( 0 ) ?? 0;
	return `U+${ code.toString( 16 ).toUpperCase().padStart( 4, '0' ) }`;
}

/**
 * Says which character first falls outside the key alphabet, and where (Key_Refusal::invalid_character()).
 *
 * @param key A cleaned key.
 */
function invalidCharacter( key: string ): Message | null {
	const characters = Array.from( key );
	const position = characters.findIndex(
		( char ) => ! KEY_CHARACTER.test( char )
	);
	if ( position === -1 ) {
		return null;
	}
	const detail = LONE_SURROGATE.test( key )
		? keyText( 'key_guard_invalid_characters.bytes' )
		: keyText(
				'key_guard_invalid_characters.at',
				describeCharacter( characters[ position ] ),
				position + 1
			);
	return {
		code: 'key_guard_invalid_characters',
		message: keyText( 'key_guard_invalid_characters', detail ),
	};
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
			message: severalKeysText( keys ),
		};
	}
	if ( MASK_CHARACTERS.test( key ) ) {
		return {
			code: 'key_guard_masked',
			message: keyText( 'key_guard_masked' ),
		};
	}
	// The server counts bytes, as PHP's strlen() does.
	const length = new TextEncoder().encode( key ).length;
	if ( length > MAX_LENGTH ) {
		return {
			code: 'key_guard_too_long',
			message: keyText( 'key_guard_too_long', length, MAX_LENGTH ),
		};
	}
	const invalid = invalidCharacter( key );
	if ( invalid ) {
		return invalid;
	}
	const provider = providerOf( key );
	const apiKeysUrl = getDashboardLinks().apiKeys;
	if ( openaiOwn && provider !== null ) {
		return {
			code: 'key_guard_foreign_key',
			message: keyText( 'key_guard_foreign_key', provider, apiKeysUrl ),
		};
	}
	if ( key.startsWith( 'sk-admin-' ) ) {
		return {
			code: 'key_guard_admin_key',
			message: keyText( 'key_guard_admin_key' ),
		};
	}
	if ( openaiOwn && ! key.startsWith( 'sk-' ) ) {
		return {
			code: 'key_guard_not_openai_key',
			message: keyText( 'key_guard_not_openai_key', apiKeysUrl ),
		};
	}
	if ( length < MIN_LENGTH ) {
		return {
			code: 'key_guard_too_short',
			message: keyText( 'key_guard_too_short', length, MIN_LENGTH ),
		};
	}
	return null;
}

/**
 * Shapes that often mean a wrong or cut-short key; never a reason to refuse (Key_Shape::warnings()).
 *
 * @param key       A cleaned key the server would accept.
 * @param openaiOwn Whether the key goes to OpenAI's own API.
 */
function shapeWarning( key: string, openaiOwn: boolean ): Message | null {
	const provider = providerOf( key );
	if ( provider !== null ) {
		return {
			code: 'foreign_key',
			message: keyText( 'foreign_key', provider ),
		};
	}
	if ( ! key.startsWith( 'sk-' ) ) {
		// Off OpenAI's API only, in practice: there, refusal() refuses such a key first.
		return {
			code: 'unexpected_prefix',
			message: keyText(
				openaiOwn
					? 'unexpected_prefix'
					: 'unexpected_prefix.other_service'
			),
		};
	}
	const parts = key.slice( prefixLength( key ) ).split( KEY_MARKER );
	if ( parts.length !== 2 ) {
		return kindOf( key ) === 'legacy'
			? null
			: {
					code: 'looks_truncated',
					message: keyText( 'looks_truncated.unusual_shape' ),
				};
	}
	if ( parts[ 0 ].length !== parts[ 1 ].length ) {
		return {
			code: 'looks_truncated',
			message: keyText( 'looks_truncated' ),
		};
	}
	return null;
}

/** What was removed from the pasted text, by the server's code of it. */
type Removals = Record<
	'invisible' | 'line_breaks' | 'nbsp' | 'whitespace' | 'quotes' | 'bearer',
	boolean
>;

/**
 * Says, in the server's order and words, what was removed from the pasted text.
 *
 * @param found What was removed.
 */
function removalMessages( found: Removals ): Message[] {
	const order = [
		'invisible',
		'line_breaks',
		'nbsp',
		'whitespace',
		'quotes',
		'bearer',
	] as const;
	return order
		.filter( ( code ) => found[ code ] )
		.map( ( code ) => ( {
			code: `removed_${ code }`,
			message: keyText( `removed_${ code }` ),
		} ) );
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
	const invisible = has( raw, ZERO_WIDTH );
	const visible = raw.replace( ZERO_WIDTH, '' );
	const nothing = {
		line_breaks: false,
		nbsp: false,
		quotes: false,
		bearer: false,
	};
	if ( countKeys( visible ) > 1 ) {
		const value = visible.replace( SURROUNDING_SPACE, '' );
		return {
			value,
			removed: removalMessages( {
				...nothing,
				invisible,
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
			: ( refusal( value, openaiOwn ) ??
				shapeWarning( value, openaiOwn ) );
	return {
		value,
		removed: removalMessages( {
			...found,
			invisible,
			line_breaks: has( visible, LINE_BREAKS ),
			nbsp: has( visible, NO_BREAK_SPACES ),
		} ),
		warnings: problem ? [ problem ] : [],
		kind: kindOf( value ),
	};
}
