import { describe, expect, it } from 'vitest';

import { formatAbsolute, formatRelative } from '../../../src/shared/time';

const NOW = Date.parse( '2025-06-01T12:00:00Z' );

describe( 'formatRelative', () => {
	it.each( [
		[ '2025-06-01T11:55:00Z', '5 minutes ago' ],
		[ '2025-06-01T11:59:30Z', '30 seconds ago' ],
		[ '2025-06-01T12:00:00Z', 'now' ],
		[ '2025-06-01T09:00:00Z', '3 hours ago' ],
		[ '2025-05-31T12:00:00Z', 'yesterday' ],
		[ '2025-05-18T12:00:00Z', '2 weeks ago' ],
		[ '2024-05-01T12:00:00Z', 'last year' ],
	] )( '%s is %s', ( iso, words ) => {
		expect( formatRelative( iso, NOW, 'en' ) ).toBe( words );
	} );
} );

describe( 'formatAbsolute', () => {
	it( 'gives date and time in the page language', () => {
		const text = formatAbsolute( '2025-06-01T12:00:00Z', 'en' );
		expect( text ).toMatch( /Jun 1, 2025/ );
		expect( text ).toMatch( /\d{1,2}:\d{2}/ );
	} );
} );

describe( 'unreadable dates', () => {
	it( 'are shown as given instead of breaking the screen', () => {
		expect( formatAbsolute( 'soon', 'en' ) ).toBe( 'soon' );
		expect( formatRelative( '', NOW, 'en' ) ).toBe( '' );
	} );
} );
