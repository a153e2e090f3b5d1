import { describe, expect, it } from 'vitest';

import {
	describeCharacter,
	kindOf,
	normaliseKey,
} from '../../../src/shared/normalise';
import { simKey } from '../fixtures';

const KEY = simKey();
const codes = ( list: Array< { code: string } > ) =>
	list.map( ( item ) => item.code );

describe( 'normaliseKey', () => {
	it.each( [
		[ 'a clean key', KEY, [] ],
		[
			'surrounding spaces and tabs',
			`  \t${ KEY }\t `,
			[ 'removed_whitespace' ],
		],
		[ 'a trailing line break', `${ KEY }\r\n`, [ 'removed_line_breaks' ] ],
		[
			'a key wrapped over two lines',
			`${ KEY.slice( 0, 80 ) }\n${ KEY.slice( 80 ) }`,
			[ 'removed_line_breaks' ],
		],
		[
			'zero-width characters',
			`\u200B${ KEY.slice( 0, 10 ) }\u200D${ KEY.slice( 10 ) }\uFEFF\u2060`,
			[ 'removed_invisible' ],
		],
		[ 'non-breaking spaces', `\u00A0${ KEY }\u202F`, [ 'removed_nbsp' ] ],
		[ 'double quotes', `"${ KEY }"`, [ 'removed_quotes' ] ],
		[ 'single quotes', `'${ KEY }'`, [ 'removed_quotes' ] ],
		[ 'smart quotes', `\u201C${ KEY }\u201D`, [ 'removed_quotes' ] ],
		[ 'backticks', `\`${ KEY }\``, [ 'removed_quotes' ] ],
		[ 'a Bearer prefix', `Bearer ${ KEY }`, [ 'removed_bearer' ] ],
		[
			'a lower-case bearer prefix',
			`bearer   ${ KEY }`,
			[ 'removed_bearer' ],
		],
		[
			'a quoted Bearer header value',
			` "Bearer ${ KEY }"\n`,
			[
				'removed_line_breaks',
				'removed_whitespace',
				'removed_quotes',
				'removed_bearer',
			],
		],
		[
			'Bearer before quotes',
			`Bearer '${ KEY }'`,
			[ 'removed_quotes', 'removed_bearer' ],
		],
	] )( 'cleans %s', ( _name, raw, removed ) => {
		const result = normaliseKey( raw );
		expect( result.value ).toBe( KEY );
		expect( codes( result.removed ) ).toEqual( removed );
		expect( result.warnings ).toEqual( [] );
		expect( result.kind ).toBe( 'project' );
	} );

	it( 'counts what it removed in words', () => {
		const result = normaliseKey( `\u200B\u200B${ KEY }\u200B` );
		expect( result.removed[ 0 ].message ).toBe(
			'Removed 3 invisible characters.'
		);
		expect( normaliseKey( `${ KEY }\n` ).removed[ 0 ].message ).toBe(
			'Removed 1 line break.'
		);
	} );

	it.each( [
		[
			'an admin key',
			`sk-admin-${ 'a'.repeat( 20 ) }`,
			'key_guard_admin_key',
		],
		[ 'a bullet mask', 'sk-proj-••••••••Ab3d', 'key_guard_masked' ],
		[ 'an ellipsis mask', 'sk-proj-…Ab3d', 'key_guard_masked' ],
		[ 'an asterisk mask', 'sk-proj-****Ab3d', 'key_guard_masked' ],
		[
			'an inner space',
			`${ KEY.slice( 0, 30 ) } ${ KEY.slice( 30 ) }`,
			'key_guard_invalid_characters',
		],
		[
			'a dot',
			KEY.replace( 'AAAA', 'AA.A' ),
			'key_guard_invalid_characters',
		],
		[
			'a line separator',
			`${ KEY }\u2028`,
			'key_guard_invalid_characters',
		],
		[
			'a quote on one side only',
			`"${ KEY }`,
			'key_guard_invalid_characters',
		],
		[ 'a short key', 'sk-proj-abc', 'key_guard_too_short' ],
		[ 'a long paste', `${ KEY }${ KEY }${ KEY }`, 'key_guard_too_long' ],
		[ 'a truncated key', KEY.slice( 0, -10 ), 'looks_truncated' ],
		[
			'a key cut before the marker',
			KEY.slice( 0, 60 ),
			'looks_truncated',
		],
		[
			'a key pasted twice',
			`${ KEY }${ KEY.slice( 8 ) }`,
			'looks_truncated',
		],
		[
			'something that is not an OpenAI key',
			'hello-world-of-keys-123',
			'unexpected_prefix',
		],
	] )( 'warns about %s, once, as the server would', ( _name, raw, code ) => {
		expect( codes( normaliseKey( raw ).warnings ) ).toEqual( [ code ] );
	} );

	it( 'does not ask for the marker in a legacy key', () => {
		const legacy = `sk-${ 'a'.repeat( 48 ) }`;
		expect( normaliseKey( legacy ) ).toMatchObject( {
			kind: 'legacy',
			warnings: [],
		} );
	} );

	it( 'says which lengths differ when a key looks truncated', () => {
		const warning = normaliseKey( KEY.slice( 0, -10 ) ).warnings[ 0 ];
		expect( warning.message ).toContain( '74 and 64 characters' );
	} );

	it( 'names invisible and look-alike characters', () => {
		expect(
			normaliseKey( `${ KEY.slice( 0, 20 ) } ${ KEY.slice( 20 ) }` )
				.warnings[ 0 ].message
		).toContain( ': space.' );
		expect( describeCharacter( '\t' ) ).toBe( 'U+0009' );
		expect( describeCharacter( '.' ) ).toBe( '“.”' );
	} );

	it( 'has nothing to say about an empty or blank field', () => {
		expect( normaliseKey( '' ) ).toEqual( {
			value: '',
			removed: [],
			warnings: [],
			kind: null,
		} );
		const blank = normaliseKey( ' \u200B\n' );
		expect( blank.value ).toBe( '' );
		expect( blank.warnings ).toEqual( [] );
		expect( blank.kind ).toBeNull();
	} );
} );

describe( 'kindOf', () => {
	const body = `${ 'a'.repeat( 20 ) }T3BlbkFJ${ 'b'.repeat( 20 ) }`;
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
