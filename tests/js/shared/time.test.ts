import { describe, expect, it } from 'vitest';

import { formatAbsolute, formatRelative } from '../../../src/shared/time';
import { addDays, formatDay, toDay } from '../../../src/shared/days';

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

describe( 'days', () => {
	it( 'are named as the REST API names them, in the browser’s time zone', () => {
		expect( toDay( new Date( 2026, 0, 5, 23, 59 ) ) ).toBe( '2026-01-05' );
	} );

	it( 'are counted across months, years and leap days', () => {
		expect( addDays( '2026-11-20', -29 ) ).toBe( '2026-10-22' );
		expect( addDays( '2026-12-31', 1 ) ).toBe( '2027-01-01' );
		expect( addDays( '2028-03-01', -1 ) ).toBe( '2028-02-29' );
		expect( addDays( 'soon', 1 ) ).toBe( 'soon' );
	} );

	it( 'are written for people, as the local day they name', () => {
		expect( formatDay( '2026-11-01', undefined, 'en-US' ) ).toBe(
			'Nov 1, 2026'
		);
		expect(
			formatDay(
				'2026-11-20',
				{ weekday: 'short', month: 'short', day: 'numeric' },
				'en-US'
			)
		).toBe( 'Fri, Nov 20' );
		expect( formatDay( '', undefined, 'en-US' ) ).toBe( '' );
	} );
} );
