import { describe, expect, it } from 'vitest';

import {
	formatCount,
	formatPercent,
	formatUsd,
} from '../../../src/shared/numbers';

describe( 'formatUsd', () => {
	it.each( [
		[ 0, '$0.00' ],
		[ 12.3, '$12.30' ],
		[ 1234.5, '$1,234.50' ],
		[ 0.5, '$0.50' ],
		[ 0.012345, '$0.0123' ],
		[ 0.046000000000000006, '$0.046' ],
		[ 0.000456, '$0.000456' ],
		[ 0.0000001, '$0.00' ],
	] )( '%s dollars are %s', ( amount, words ) => {
		expect( formatUsd( amount, 'en-US' ) ).toBe( words );
	} );

	it( 'follows the page language', () => {
		expect( formatUsd( 1234.5, 'de-DE' ) ).toMatch( /^1\.234,50\s\$$/ );
	} );
} );

describe( 'formatCount and formatPercent', () => {
	it( 'group the digits and round shares to whole per cent', () => {
		expect( formatCount( 1234567, 'en-US' ) ).toBe( '1,234,567' );
		expect( formatPercent( 0.256, 'en-US' ) ).toBe( '26%' );
		expect( formatPercent( 1.41, 'en-US' ) ).toBe( '141%' );
	} );
} );
