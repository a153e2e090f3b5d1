import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import keyTexts from '../../../data/key-texts.json';
import {
	keyText,
	keyTextTemplate,
	severalKeysTemplate,
	severalKeysText,
	type PlainKeyTextCode,
} from '../../../src/shared/keyTexts';
import { normaliseKey } from '../../../src/shared/normalise';
import { simKey } from '../fixtures';

const CODES = Object.keys( keyTexts.texts ) as Array<
	keyof typeof keyTexts.texts
>;
const PLAIN = CODES.filter(
	( code ) => code !== 'key_guard_several_keys'
) as PlainKeyTextCode[];

const unquote = ( literal: string ) => literal.replace( /\\(['\\])/g, '$1' );

/**
 * The English templates of php/Key/Key_Texts.php, read from its source: `'key' => __( '…'` and the
 * one `_n( '…', '…'`.
 */
function serverEnglish() {
	const php = readFileSync(
		resolve( __dirname, '../../../php/Key/Key_Texts.php' ),
		'utf8'
	);
	const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'`;
	const plain: Record< string, string > = {};
	for ( const match of php.matchAll(
		new RegExp( String.raw`'([a-z_.]+)'\s*=>\s*__\(\s*${ LITERAL }`, 'g' )
	) ) {
		plain[ match[ 1 ] ] = unquote( match[ 2 ] );
	}
	const plural = new RegExp(
		String.raw`_n\(\s*${ LITERAL },\s*${ LITERAL }`
	).exec( php );
	if ( ! plural ) {
		throw new Error( 'No _n() in php/Key/Key_Texts.php.' );
	}
	return {
		plain,
		single: unquote( plural[ 1 ] ),
		plural: unquote( plural[ 2 ] ),
	};
}

/**
 * A Polish-like rule: one key, 2–4 (not 12–14) keys, every other count.
 * @param count
 */
function polishForm( count: number ): number {
	if ( count === 1 ) {
		return 0;
	}
	const few =
		count % 10 >= 2 &&
		count % 10 <= 4 &&
		( count % 100 < 12 || count % 100 > 14 );
	return few ? 1 : 2;
}

afterEach( () => {
	delete window.keyGuardSettings;
} );

describe( 'the screen’s own copy, for a page that gave no templates', () => {
	it( 'is the server’s English, word for word', () => {
		const english = serverEnglish();
		expect( Object.keys( english.plain ).sort() ).toEqual(
			[ ...PLAIN ].sort()
		);
		for ( const code of PLAIN ) {
			expect( keyTextTemplate( code ), code ).toBe(
				english.plain[ code ]
			);
		}
		expect( severalKeysTemplate( 1 ) ).toBe( english.single );
		expect( severalKeysTemplate( 2 ) ).toBe( english.plural );
	} );

	it.each( PLAIN )( 'says %s in words, not as a code', ( code ) => {
		const words = keyTextTemplate( code );
		expect( words ).toMatch( /^[A-Za-z"]/ );
		expect( words ).not.toContain( code.split( '.' )[ 0 ] );
		expect( words ).not.toMatch( /\b[a-z]+_[a-z_]+\b/ );
	} );

	it( 'fills in the values in the template’s order', () => {
		expect( keyText( 'key_guard_too_short', 4, 20 ) ).toBe(
			'This key is only 4 characters long; OpenAI keys have at least 20. Copy the whole key again.'
		);
		expect( severalKeysText( 3 ) ).toContain( 'holds 3 keys' );
	} );
} );

describe( 'the server’s templates, when the page gives them', () => {
	const SERVER = {
		key_guard_too_short:
			'[xx] Clé de %1$d caractères ; il en faut %2$d au moins.',
		key_guard_invalid_characters: '[xx] Caractère interdit. %s',
		'key_guard_invalid_characters.at': 'Il contient %1$s en position %2$d.',
		'key_guard_invalid_characters.space': '[xx] une espace',
		removed_whitespace: '[xx] Espaces retirées.',
		foreign_key: '[xx] Clé de %s.',
		key_guard_several_keys: {
			forms: [ '[one] %d', '[few] %d', '[many] %d' ],
			form_of_count: Array.from( { length: 200 }, ( _v, count ) =>
				polishForm( count )
			),
		},
	};

	it( 'are what the live hint says, exactly', () => {
		window.keyGuardSettings = { keyTexts: SERVER };
		const key = simKey();
		expect( normaliseKey( 'sk-a' ).warnings ).toEqual( [
			{
				code: 'key_guard_too_short',
				message: '[xx] Clé de 4 caractères ; il en faut 20 au moins.',
			},
		] );
		expect(
			normaliseKey( ` ${ key.slice( 0, 20 ) } ${ key.slice( 20 ) }` )
		).toMatchObject( {
			removed: [
				{
					code: 'removed_whitespace',
					message: '[xx] Espaces retirées.',
				},
			],
			warnings: [
				{
					code: 'key_guard_invalid_characters',
					message:
						'[xx] Caractère interdit. Il contient [xx] une espace en position 21.',
				},
			],
		} );
		expect(
			normaliseKey( `gsk_${ 'Qq'.repeat( 26 ) }`, false ).warnings[ 0 ]
				.message
		).toBe( '[xx] Clé de Groq.' );
	} );

	it( 'pick the count’s form as the server does, beyond the counts it listed too', () => {
		window.keyGuardSettings = { keyTexts: SERVER };
		const keys = ( count: number ) =>
			Array.from( { length: count }, ( _v, i ) =>
				simKey( 'ok', String( i ) )
			).join( '\n' );
		expect( normaliseKey( keys( 3 ) ).warnings[ 0 ].message ).toBe(
			'[few] 3'
		);
		expect( normaliseKey( keys( 5 ) ).warnings[ 0 ].message ).toBe(
			'[many] 5'
		);
		expect( severalKeysText( 22 ) ).toBe( '[few] 22' );
		expect( severalKeysText( 212 ) ).toBe( '[many] 212' );
		expect( severalKeysText( 1022 ) ).toBe( '[few] 1022' );
	} );

	it( 'are checked: anything but a non-empty string, or forms that do not fit, gives the screen’s own words', () => {
		window.keyGuardSettings = {
			keyTexts: {
				key_guard_masked: 42,
				key_guard_admin_key: '',
				removed_quotes: [ 'x' ],
				key_guard_several_keys: { forms: [ 'x' ], form_of_count: [] },
			},
		};
		expect( keyTextTemplate( 'key_guard_masked' ) ).toContain(
			'masked key'
		);
		expect( keyTextTemplate( 'key_guard_admin_key' ) ).toContain(
			'admin key'
		);
		expect( keyTextTemplate( 'removed_quotes' ) ).toBe(
			'Removed the quotes around the key.'
		);
		expect( severalKeysText( 2 ) ).toContain( 'holds 2 keys' );
		window.keyGuardSettings = { keyTexts: 'nonsense' as never };
		expect( keyTextTemplate( 'removed_bearer' ) ).toContain( 'Bearer' );
	} );
} );
