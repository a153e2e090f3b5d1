import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
	KEY_MARKER,
	countKeys,
	describeCharacter,
	kindOf,
	normaliseKey,
} from '../../../src/shared/normalise';
import { simKey } from '../fixtures';

/** One case of tests/fixtures/key-shapes.json, shared with tests/php/Key/Key_Shape_Test.php. */
interface ShapeCase {
	name: string;
	input: string;
	openai_own?: boolean;
	key: string;
	removed: string[];
	refusal: string | null;
	kind?: string;
	warnings: string[];
	message_contains?: string[];
}

interface ShapeFixture {
	define: Record< string, string >;
	cases: ShapeCase[];
}

function loadFixture(): ShapeFixture {
	const path = resolve( __dirname, '../../fixtures/key-shapes.json' );
	const data = JSON.parse( readFileSync( path, 'utf8' ) ) as ShapeFixture;
	if ( ! Array.isArray( data.cases ) || data.cases.length === 0 ) {
		throw new Error( `The key-shape fixture ${ path } has no cases.` );
	}
	return data;
}

const FIXTURE = loadFixture();

/**
 * Expands the fixture's templates as the PHP test does: {NAME} from define (or MARKER), {text*N} repeated.
 *
 * @param text A template.
 */
function expand( text: string ): string {
	const define: Record< string, string > = {
		...FIXTURE.define,
		MARKER: KEY_MARKER,
	};
	let current = text;
	for ( let pass = 0; pass < 10 && current.includes( '{' ); pass++ ) {
		current = current.replace(
			/\{([^{}]+)\}/g,
			( _match, inner: string ) => {
				const repeat = /^(.+)\*(\d+)$/s.exec( inner );
				if ( repeat ) {
					return repeat[ 1 ].repeat( Number( repeat[ 2 ] ) );
				}
				if ( ! ( inner in define ) ) {
					throw new Error(
						`The key-shape fixture does not define ${ inner }.`
					);
				}
				return define[ inner ];
			}
		);
	}
	return current;
}

const sorted = ( list: string[] ) => [ ...list ].sort();
const codes = ( list: Array< { code: string } > ) =>
	list.map( ( item ) => item.code );

describe( 'normaliseKey, on the cases the server is tested with', () => {
	it.each( FIXTURE.cases.map( ( shape ) => [ shape.name, shape ] as const ) )(
		'%s',
		( _name, shape ) => {
			const result = normaliseKey(
				expand( shape.input ),
				shape.openai_own ?? true
			);
			expect( result.value ).toBe( expand( shape.key ) );
			expect( sorted( codes( result.removed ) ) ).toEqual(
				sorted( shape.removed.map( ( code ) => `removed_${ code }` ) )
			);
			// The screen says nothing about an empty field, and shows the refusal as its one warning.
			let expected = shape.warnings;
			if ( shape.refusal === 'key_guard_empty' ) {
				expected = [];
			} else if ( shape.refusal !== null ) {
				expected = [ shape.refusal ];
			}
			expect( codes( result.warnings ) ).toEqual( expected );
			for ( const words of shape.message_contains ?? [] ) {
				expect( result.warnings[ 0 ].message ).toContain( words );
			}
			if ( shape.kind !== undefined ) {
				// Like the status, the screen calls an admin key unknown: it is refused, not a kind.
				expect( result.kind ).toBe(
					shape.kind === 'admin' ? 'unknown' : shape.kind
				);
			}
		}
	);
} );

describe( 'normaliseKey', () => {
	const KEY = simKey();

	afterEach( () => {
		delete window.keyGuardSettings;
	} );

	it( 'says what it removed in the server’s words', () => {
		const result = normaliseKey( `\u200B\u200B${ KEY }\u200B` );
		expect( result.removed[ 0 ].message ).toBe(
			'Removed invisible zero-width characters.'
		);
		expect( normaliseKey( `${ KEY }\n` ).removed[ 0 ].message ).toBe(
			'Removed line breaks inside the key.'
		);
	} );

	it( 'tells a cut-short key from one of an unusual shape', () => {
		expect(
			normaliseKey( KEY.slice( 0, -10 ) ).warnings[ 0 ].message
		).toBe(
			'This key looks cut short: part of it may be missing. Copy the whole key again if the connection test fails.'
		);
		expect(
			normaliseKey( `sk-proj-${ 'a'.repeat( 60 ) }` ).warnings[ 0 ]
				.message
		).toContain( 'does not have the usual shape' );
	} );

	it( 'names an invisible or look-alike character by code point and position, as the server does', () => {
		expect(
			normaliseKey( `${ KEY.slice( 0, 20 ) } ${ KEY.slice( 20 ) }` )
				.warnings[ 0 ].message
		).toContain( 'It contains a space at position 21.' );
		expect(
			normaliseKey( `sk-proj-\u0430${ 'a'.repeat( 40 ) }` ).warnings[ 0 ]
				.message
		).toContain( 'It contains U+0430 at position 9.' );
		expect( describeCharacter( '\t' ) ).toBe( 'U+0009' );
		expect( describeCharacter( '.' ) ).toBe( 'U+002E' );
		expect( describeCharacter( '\u{1F511}' ) ).toBe( 'U+1F511' );
	} );

	it( 'counts a long text in bytes, as the server does', () => {
		// 300 two-byte characters: 300 characters, 600 bytes.
		const warning = normaliseKey( 'é'.repeat( 300 ) ).warnings[ 0 ];
		expect( warning.code ).toBe( 'key_guard_too_long' );
		expect( warning.message ).toContain( '600 characters long' );
	} );

	it( 'has nothing to say about an empty field', () => {
		expect( normaliseKey( '' ) ).toEqual( {
			value: '',
			removed: [],
			warnings: [],
			kind: null,
		} );
	} );

	it( 'takes the base URL fact from the page, OpenAI’s when the page says nothing', () => {
		const gateway = 'my-gateway-token-0123456789';
		expect( codes( normaliseKey( gateway ).warnings ) ).toEqual( [
			'key_guard_not_openai_key',
		] );
		window.keyGuardSettings = { openaiOwnBaseUrl: false };
		expect( codes( normaliseKey( gateway ).warnings ) ).toEqual( [
			'unexpected_prefix',
		] );
		window.keyGuardSettings = { openaiOwnBaseUrl: true };
		expect( codes( normaliseKey( gateway ).warnings ) ).toEqual( [
			'key_guard_not_openai_key',
		] );
	} );

	it( 'points a foreign key to the API keys page the page gives', () => {
		window.keyGuardSettings = {
			...window.keyGuardSettings,
			dashboardLinks: { api_keys: 'https://example.test/api-keys' },
		};
		const message = normaliseKey( `gsk_${ 'Qq'.repeat( 26 ) }` )
			.warnings[ 0 ].message;
		expect( message ).toContain( 'Groq' );
		expect( message ).toContain( 'https://example.test/api-keys' );
	} );
} );

describe( 'countKeys', () => {
	it.each( [
		[ 'one key', simKey(), 1 ],
		[
			'a key wrapped over two lines',
			`${ simKey().slice( 0, 80 ) }\n${ simKey().slice( 80 ) }`,
			1,
		],
		[
			'two keys on two lines',
			`${ simKey() }\n${ simKey( 'ok', '2' ) }`,
			2,
		],
		[ 'words only', 'define ( OPENAI_API_KEY )', 0 ],
	] )( '%s', ( _name, text, expected ) => {
		expect( countKeys( text ) ).toBe( expected );
	} );
} );

describe( 'kindOf', () => {
	const body = `${ 'a'.repeat( 20 ) }${ KEY_MARKER }${ 'b'.repeat( 20 ) }`;
	it.each( [
		[ `sk-proj-${ body }`, 'project' ],
		[ `sk-svcacct-${ body }`, 'service_account' ],
		[ `sk-None-${ body }`, 'user' ],
		[ `sk-${ body }`, 'legacy' ],
		[ `sk-${ body }x`, 'unknown' ],
		[ `sk-admin-${ body }`, 'unknown' ],
		[ 'not-a-key', 'unknown' ],
		[ '', null ],
	] )( '%s is %s', ( key, kind ) => {
		expect( kindOf( key ) ).toBe( kind );
	} );
} );
