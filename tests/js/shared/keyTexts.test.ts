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
import { serverEnglish } from '../serverKeyTexts';

const CODES = Object.keys( keyTexts.texts ) as Array<
	keyof typeof keyTexts.texts
>;
const PLAIN = CODES.filter(
	( code ) => code !== 'key_guard_several_keys'
) as PlainKeyTextCode[];

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

const RELOAD = /Reload the page/;

describe( 'the server’s English, as a page of the plugin gives it', () => {
	it( 'is every text of data/key-texts.json, used word for word', () => {
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

	it( 'a page that gave none says to reload, in words, never a code', () => {
		delete window.keyGuardSettings;
		for ( const code of PLAIN ) {
			expect( keyTextTemplate( code ), code ).toMatch( RELOAD );
		}
		expect( severalKeysText( 2 ) ).toMatch( RELOAD );
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

	it( 'are checked: anything but a non-empty string, or forms that do not fit, says to reload', () => {
		window.keyGuardSettings = {
			keyTexts: {
				key_guard_masked: 42,
				key_guard_admin_key: '',
				removed_quotes: [ 'x' ],
				key_guard_several_keys: { forms: [ 'x' ], form_of_count: [] },
			},
		};
		expect( keyTextTemplate( 'key_guard_masked' ) ).toMatch( RELOAD );
		expect( keyTextTemplate( 'key_guard_admin_key' ) ).toMatch( RELOAD );
		expect( keyTextTemplate( 'removed_quotes' ) ).toMatch( RELOAD );
		expect( severalKeysText( 2 ) ).toMatch( RELOAD );
		window.keyGuardSettings = { keyTexts: 'nonsense' as never };
		expect( keyTextTemplate( 'removed_bearer' ) ).toMatch( RELOAD );
	} );
} );
