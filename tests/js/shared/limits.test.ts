import { describe, expect, it } from 'vitest';

import {
	NO_EDITS,
	alertText,
	atPlace,
	changesOf,
	parseLimit,
	serverErrors,
} from '../../../src/shared/limits';
import { makeLimits } from '../fixtures';

const MONEY_REFUSED =
	'Enter an amount in US dollars of zero or more, such as 25 or 12.50, or leave the field empty for no limit.';
const COUNT_REFUSED =
	'Enter a whole number of requests of zero or more, such as 500, or leave the field empty for no limit.';

const SEPARATOR_REFUSED =
	'Write the number without a thousands separator, such as 1000.';

describe( 'parseLimit', () => {
	it.each( [
		[ '', true, null ],
		[ '  ', false, null ],
		[ '25', true, 25 ],
		[ '12.50', true, 12.5 ],
		[ '12,5', true, 12.5 ],
		[ '$ 3', true, 3 ],
		[ '0', true, 0 ],
		[ '500', false, 500 ],
		[ ' 0 ', false, 0 ],
		[ '0.125', true, 0.125 ],
	] )( '“%s” (dollars: %s) is %s', ( text, money, value ) => {
		expect( parseLimit( text, money ) ).toEqual( { value } );
	} );

	it.each( [
		[ '-3', true, MONEY_REFUSED ],
		[ 'ten', true, MONEY_REFUSED ],
		[ '1.2.3', true, MONEY_REFUSED ],
		[ '2.5', false, COUNT_REFUSED ],
		[ '-1', false, COUNT_REFUSED ],
		[ '1e3', false, COUNT_REFUSED ],
		// A thousand in one language, one in another: never guessed.
		[ '1,000', true, SEPARATOR_REFUSED ],
		[ '1.000', true, SEPARATOR_REFUSED ],
		[ '2 500', false, SEPARATOR_REFUSED ],
		[ '1,000', false, SEPARATOR_REFUSED ],
	] )( '“%s” (dollars: %s) is refused in words', ( text, money, error ) => {
		expect( parseLimit( text, money ) ).toEqual( { error } );
	} );
} );

describe( 'changesOf', () => {
	it( 'posts nothing without edits, nor for a value typed as saved', () => {
		expect( changesOf( makeLimits(), NO_EDITS ) ).toEqual( {
			update: {},
			errors: null,
		} );
		expect(
			changesOf( makeLimits(), {
				fields: {
					monthly_budget_usd: '5.00',
					requests_per_minute: '60',
				},
				policy: 'approve',
				callers: { 'ai-engine': { requests_per_day: '500' } },
			} )
		).toEqual( { update: {}, errors: null } );
	} );

	it( 'posts only what changed, an emptied field as null, callers per id and field', () => {
		expect(
			changesOf( makeLimits(), {
				fields: { monthly_budget_usd: '', daily_budget_usd: '2' },
				policy: 'allow',
				callers: {
					'ai-engine': {
						requests_per_day: '',
						monthly_budget_usd: '',
					},
					'new-plugin': { monthly_budget_usd: '1.5' },
				},
			} )
		).toEqual( {
			update: {
				monthly_budget_usd: null,
				daily_budget_usd: 2,
				unknown_callers: 'allow',
				callers: {
					'ai-engine': { requests_per_day: null },
					'new-plugin': { monthly_budget_usd: 1.5 },
				},
			},
			errors: null,
		} );
	} );

	it( 'says which fields are refused', () => {
		expect(
			changesOf( makeLimits(), {
				fields: { requests_per_day: '1.5' },
				callers: { core: { monthly_budget_usd: 'lots' } },
			} ).errors
		).toEqual( {
			fields: { requests_per_day: COUNT_REFUSED },
			callers: { core: { monthly_budget_usd: MONEY_REFUSED } },
		} );
	} );
} );

describe( 'serverErrors', () => {
	it( 'puts each param’s message by its field and the rest above the form', () => {
		expect(
			serverErrors( {
				code: 'rest_invalid_param',
				message: 'Invalid parameter(s): daily_budget_usd, callers',
				data: {
					status: 400,
					params: {
						daily_budget_usd: 'The daily budget is too high.',
						callers: 'An unknown caller was named.',
					},
				},
			} )
		).toEqual( {
			fields: { daily_budget_usd: 'The daily budget is too high.' },
			callers: {},
			form: 'An unknown caller was named.',
		} );
	} );

	it( 'keeps WordPress’s summary of field codes off the screen', () => {
		expect(
			serverErrors( {
				code: 'rest_invalid_param',
				message: 'Invalid parameter(s): daily_budget_usd',
				data: { status: 400, params: {} },
			} ).form
		).toBe( 'The limits were not saved. Check the values and try again.' );
	} );

	it( 'shows the message of an error without params', () => {
		expect(
			serverErrors( {
				code: 'key_guard_limits_locked',
				message: 'The limits are set in wp-config.php.',
				data: { status: 403 },
			} )
		).toEqual( {
			fields: {},
			callers: {},
			form: 'The limits are set in wp-config.php.',
		} );
	} );
} );

describe( 'alertText', () => {
	it( 'lists the thresholds in words, or says nothing without them', () => {
		expect( alertText( [ 50, 80, 100 ] ) ).toBe(
			'You are alerted when spending reaches 50%, 80%, and 100% of a budget.'
		);
		expect( alertText( [] ) ).toBeNull();
	} );
} );

describe( 'atPlace', () => {
	it( 'sets one site-wide or caller text and leaves the others', () => {
		const typed = atPlace(
			atPlace( NO_EDITS, { field: 'requests_per_day' }, '10' ),
			{ caller: 'core', field: 'monthly_budget_usd' },
			'2'
		);
		expect( typed ).toEqual( {
			fields: { requests_per_day: '10' },
			callers: { core: { monthly_budget_usd: '2' } },
		} );
		expect(
			atPlace(
				typed,
				{ caller: 'core', field: 'monthly_budget_usd' },
				undefined
			).callers.core.monthly_budget_usd
		).toBeUndefined();
		expect( NO_EDITS ).toEqual( { fields: {}, callers: {} } );
	} );
} );
