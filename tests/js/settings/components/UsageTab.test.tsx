/**
 * The Usage tab on the whole screen, against the fake usage and limits routes: what it reads and
 * when, the budget, the chart's table, the callers, approvals and the limits form.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import App from '../../../../src/settings/components/App';
import type { Limits } from '../../../../src/shared/types';
import {
	TODAY,
	makeLimits,
	openDisclosure,
	renderWithRegistry,
	serveUsageSite,
} from '../../fixtures';
import {
	calls,
	limitsServer,
	parsePath,
	refuse,
	type Routes,
} from '../../rest';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );
// jsdom draws no canvas: the chart chunk is a stand-in that shows what it was given.
vi.mock(
	'../../../../src/settings/components/StackedBarChart',
	() => import( '../../chart-stand-in' )
);

beforeEach( () => {
	vi.setSystemTime( TODAY );
} );
afterEach( () => {
	vi.useRealTimers();
} );

/**
 * Renders the screen, opens the Usage tab and waits for its figures.
 *
 * @param limits The limits the server holds.
 * @param routes Other handlers.
 */
async function openUsage( limits: Limits = makeLimits(), routes: Routes = {} ) {
	const user = userEvent.setup();
	serveUsageSite( limits, routes );
	renderWithRegistry( <App /> );
	await user.click( await screen.findByRole( 'tab', { name: 'Usage' } ) );
	await screen.findByRole( 'heading', { name: 'This month' } );
	return user;
}

/**
 * The chart's table, opened.
 * @param user
 */
async function chartTable( user: ReturnType< typeof userEvent.setup > ) {
	// The days are read once the month said which day is the site's today.
	await screen.findByRole( 'button', { name: 'Show as table' } );
	const disclosure = await openDisclosure( user, 'Show as table' );
	return within( disclosure ).getByRole( 'table' );
}

/**
 * The cells of a table row, as text.
 *
 * @param row The row.
 */
function cells( row: HTMLElement ): string[] {
	return Array.from( row.querySelectorAll( 'th, td' ) ).map(
		( cell ) => cell.textContent ?? ''
	);
}

/**
 * The fact after a term of a description list.
 *
 * @param term The term.
 */
function fact( term: string ): HTMLElement {
	return screen.getByText( term, { selector: 'dt' } )
		.nextElementSibling as HTMLElement;
}

describe( 'The Usage tab', () => {
	it( 'reads nothing until it is shown, then this month by caller and the last 30 days by model', async () => {
		const user = userEvent.setup();
		serveUsageSite();
		renderWithRegistry( <App /> );
		await screen.findByRole( 'tab', { name: 'API key' } );
		await user.click( screen.getByRole( 'tab', { name: 'Events' } ) );
		expect( calls( '/key-guard/v1/usage', 'GET' ) ).toEqual( [] );
		expect( calls( '/key-guard/v1/limits', 'GET' ) ).toEqual( [] );

		await user.click( screen.getByRole( 'tab', { name: 'Usage' } ) );
		await screen.findByRole( 'heading', { name: 'This month' } );
		expect( window.location.hash ).toBe( '#usage' );
		expect(
			calls( '/key-guard/v1/usage', 'GET' ).map(
				( request ) => parsePath( request ).query
			)
		).toEqual( [
			{ group: 'caller' },
			{
				from: '2026-10-22',
				to: '2026-11-20',
				group: 'day',
				series: 'model',
			},
		] );
		expect( calls( '/key-guard/v1/limits', 'GET' ) ).toHaveLength( 1 );
	} );

	it( 'opens from the address', async () => {
		window.history.replaceState( null, '', '/#usage' );
		serveUsageSite();
		renderWithRegistry( <App /> );
		expect(
			await screen.findByRole( 'tab', { name: 'Usage' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect(
			await screen.findByRole( 'heading', { name: 'This month' } )
		).toBeInTheDocument();
	} );

	it( 'shows this month and today against the budgets, as estimates, with the unpriced request', async () => {
		await openUsage();
		expect( fact( 'Spent this month' ) ).toHaveTextContent(
			'$0.0282 of $5.00 (1%)'
		);
		expect(
			screen.getByRole( 'meter', {
				name: 'Share of the monthly budget spent',
			} )
		).toHaveAttribute( 'value', String( 0.0282 ) );
		expect( fact( 'Spent today' ) ).toHaveTextContent( /^\$0\.0261$/ );
		expect( fact( 'Requests this month' ) ).toHaveTextContent( '21' );
		expect( fact( 'Requests today' ) ).toHaveTextContent( '15' );
		expect(
			screen.getByText( 'No daily budget is set.', { exact: false } )
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'Costs are estimates from OpenAI’s prices as of Nov 1, 2026; OpenAI’s own bill is the final word.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'The cost of 1 request this month could not be estimated exactly: a model without a known price is left out of the estimate, an answer that did not say what it used is counted at the most it could have cost.'
			)
		).toBeInTheDocument();
	} );

	it( 'says when no budget is set and takes the person to the limits', async () => {
		const user = await openUsage(
			makeLimits( { monthly_budget_usd: null } )
		);
		expect( fact( 'Spent this month' ) ).toHaveTextContent( /^\$0\.0282$/ );
		expect( screen.queryByRole( 'meter' ) ).toBeNull();
		expect(
			screen.getByText( /No budget is set, so nothing stops/ )
		).toBeInTheDocument();
		await user.click(
			screen.getByRole( 'button', {
				name: 'Set a budget in the limit settings below',
			} )
		);
		expect(
			screen.getByRole( 'heading', { name: 'Limits' } )
		).toHaveFocus();
	} );

	it( 'says when this month is over the budget', async () => {
		await openUsage( makeLimits( { monthly_budget_usd: 0.02 } ) );
		expect( fact( 'Spent this month' ) ).toHaveTextContent(
			'$0.0282, over the budget of $0.02 (141%)'
		);
	} );

	it( 'puts the seeded numbers in the chart’s table: a row per day, a column per model, the totals', async () => {
		const user = await openUsage();
		expect(
			await screen.findByRole( 'img', {
				name: 'Requests per day by model, Oct 22, 2026 to Nov 20, 2026. In all: 28. Highest on Nov 20, 2026: 15.',
			} )
		).toHaveTextContent( 'gpt-4o-mini, gpt-4.1, Unknown model' );
		const table = await chartTable( user );
		expect( table ).toHaveAccessibleName(
			'Requests per day by model, Oct 22, 2026 to Nov 20, 2026'
		);
		const rows = within( table ).getAllByRole( 'row' );
		expect( rows ).toHaveLength( 32 );
		expect( cells( rows[ 0 ] ) ).toEqual( [
			'Day',
			'gpt-4o-mini',
			'gpt-4.1',
			'Unknown model',
			'Total',
		] );
		expect( cells( rows[ 1 ] ) ).toEqual( [
			'Thu, Oct 22',
			'0',
			'0',
			'0',
			'0',
		] );
		expect( cells( rows[ 4 ] ) ).toEqual( [
			'Sun, Oct 25',
			'0',
			'7',
			'0',
			'7',
		] );
		expect( cells( rows[ 28 ] ) ).toEqual( [
			'Wed, Nov 18',
			'5',
			'0',
			'1',
			'6',
		] );
		expect( cells( rows[ 30 ] ) ).toEqual( [
			'Fri, Nov 20',
			'12',
			'3',
			'0',
			'15',
		] );
		expect( cells( rows[ 31 ] ) ).toEqual( [
			'Total',
			'17',
			'10',
			'1',
			'28',
		] );
	} );

	it( 'changes the table with the metric and the split, reading each split once', async () => {
		const user = await openUsage();
		const table = await chartTable( user );
		await user.selectOptions( screen.getByLabelText( 'Show' ), 'tokens' );
		let rows = within( table ).getAllByRole( 'row' );
		// gpt-4.1 used more tokens in the 30 days: its column comes first now.
		expect( cells( rows[ 0 ] ) ).toEqual( [
			'Day',
			'gpt-4.1',
			'gpt-4o-mini',
			'Unknown model',
			'Total',
		] );
		expect( cells( rows[ 30 ] ) ).toEqual( [
			'Fri, Nov 20',
			'3,900',
			'1,500',
			'0',
			'5,400',
		] );
		expect( cells( rows[ 31 ] ) ).toEqual( [
			'Total',
			'13,000',
			'2,100',
			'150',
			'15,250',
		] );

		await user.selectOptions( screen.getByLabelText( 'Show' ), 'cost' );
		rows = within( table ).getAllByRole( 'row' );
		// The unknown model has no cost: no column for it.
		expect( cells( rows[ 0 ] ) ).toEqual( [
			'Day',
			'gpt-4.1',
			'gpt-4o-mini',
			'Total',
		] );
		expect( cells( rows[ 30 ] ) ).toEqual( [
			'Fri, Nov 20',
			'$0.0138',
			'$0.0123',
			'$0.0261',
		] );
		expect( table ).toHaveAccessibleName(
			'Estimated cost in US dollars per day by model, Oct 22, 2026 to Nov 20, 2026'
		);

		await user.selectOptions( screen.getByLabelText( 'Split' ), 'caller' );
		const byCaller = await within(
			await openDisclosure( user, 'Show as table' )
		).findByRole( 'table', { name: /by caller/ } );
		rows = within( byCaller ).getAllByRole( 'row' );
		expect( cells( rows[ 0 ] ) ).toEqual( [
			'Day',
			'WordPress core',
			'AI Engine',
			'Twenty Twenty-Five',
			'Total',
		] );
		expect( cells( rows[ 31 ] ) ).toEqual( [
			'Total',
			'$0.046',
			'$0.0123',
			'$0.0021',
			'$0.0604',
		] );
		expect(
			calls( '/key-guard/v1/usage', 'GET' ).map(
				( request ) => parsePath( request ).query.series
			)
		).toEqual( [ undefined, 'model', 'caller' ] );

		await user.selectOptions( screen.getByLabelText( 'Split' ), 'model' );
		await within(
			await openDisclosure( user, 'Show as table' )
		).findByRole( 'table', { name: /by model/ } );
		expect( calls( '/key-guard/v1/usage', 'GET' ) ).toHaveLength( 3 );
	} );

	it( 'lists the busiest callers of the month and the blocked requests', async () => {
		await openUsage();
		expect(
			screen.getByText( 'The limits blocked 6 requests this month.' )
		).toBeInTheDocument();
		const table = screen.getByRole( 'table', {
			name: 'The busiest callers this month',
		} );
		expect( within( table ).getAllByRole( 'row' ).map( cells ) ).toEqual( [
			[ 'Caller', 'Requests', 'Blocked', 'Estimated cost' ],
			[ 'AI Engine', '13', '0', '$0.0123' ],
			[ 'Twenty Twenty-Five', '5', '2', '$0.0021' ],
			[ 'WordPress core', '3', '0', '$0.0138' ],
			[ 'New Plugin', '0', '4', '$0.00' ],
		] );
	} );

	it( 'approves a waiting caller with exactly its approval, and it leaves the list', async () => {
		const user = await openUsage();
		const approvals = screen
			.getByRole( 'heading', { name: 'Callers waiting for approval' } )
			.closest( '.key-guard-card' ) as HTMLElement;
		expect(
			within( approvals ).getByText(
				/First seen Nov 19, 2026; 4 requests blocked\./
			)
		).toBeInTheDocument();
		expect(
			within( approvals ).getByText(
				/First seen Nov 10, 2026; 1 request blocked\./
			)
		).toBeInTheDocument();

		await user.click(
			within( approvals ).getByRole( 'button', {
				name: 'Approve New Plugin',
			} )
		);
		expect(
			await within( approvals ).findByText(
				'New Plugin can use OpenAI now.'
			)
		).toBeInTheDocument();
		expect(
			calls( '/key-guard/v1/limits', 'POST' ).map(
				( request ) => request.data
			)
		).toEqual( [ { callers: { 'new-plugin': { approved: true } } } ] );
		expect(
			within( approvals ).queryByRole( 'button', {
				name: 'Approve New Plugin',
			} )
		).toBeNull();
		expect(
			within( approvals ).getByRole( 'button', {
				name: 'Approve SEO Helper',
			} )
		).toBeInTheDocument();
		expect(
			within( approvals ).getByRole( 'button', {
				name: 'Revoke the approval of New Plugin',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'heading', {
				name: 'Callers waiting for approval',
			} )
		).toHaveFocus();
	} );

	it( 'revokes an approval and says so; a refusal is shown and changes nothing', async () => {
		let refused = false;
		const server = limitsServer( makeLimits() );
		const user = await openUsage( makeLimits(), {
			LIMITS: ( options ) =>
				options.method === 'POST' && ! refused
					? ( ( refused = true ),
						refuse(
							'key_guard_limits_locked',
							'The limits are locked.',
							{
								status: 403,
							}
						) )
					: server( options ),
		} );
		const revoke = screen.getByRole( 'button', {
			name: 'Revoke the approval of AI Engine',
		} );
		await user.click( revoke );
		expect(
			await screen.findByText( 'The limits are locked.' )
		).toBeInTheDocument();
		expect( revoke ).toBeInTheDocument();

		await user.click( revoke );
		expect(
			await screen.findByText(
				'AI Engine must be approved again before it can use OpenAI.'
			)
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/limits', 'POST' )[ 1 ].data ).toEqual( {
			callers: { 'ai-engine': { approved: false } },
		} );
		expect(
			screen.queryByRole( 'button', {
				name: 'Revoke the approval of AI Engine',
			} )
		).toBeNull();
	} );
} );

describe( 'The limits form', () => {
	it( 'shows the saved limits, posts only what changed, an emptied field as no limit', async () => {
		const user = await openUsage();
		const monthly = screen.getByLabelText( 'Monthly budget (US dollars)' );
		expect( monthly ).toHaveValue( '5' );
		expect(
			screen.getByLabelText( 'Daily budget (US dollars)' )
		).toHaveValue( '' );
		expect( screen.getByLabelText( 'Requests per minute' ) ).toHaveValue(
			'60'
		);
		expect(
			screen.getByLabelText( 'Requests per day for AI Engine' )
		).toHaveValue( '500' );
		expect(
			screen.getByRole( 'radio', {
				name: 'Ask me before a new plugin or theme can use OpenAI',
			} )
		).toBeChecked();
		const save = screen.getByRole( 'button', { name: 'Save limits' } );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );

		await user.clear( monthly );
		await user.type(
			screen.getByLabelText( 'Daily budget (US dollars)' ),
			'1,50'
		);
		// Typed as saved: not a change.
		await user.clear( screen.getByLabelText( 'Requests per minute' ) );
		await user.type( screen.getByLabelText( 'Requests per minute' ), '60' );
		await user.clear(
			screen.getByLabelText( 'Requests per day for AI Engine' )
		);
		await user.type(
			screen.getByLabelText(
				'Monthly budget in US dollars for WordPress core'
			),
			'2'
		);
		await user.click(
			screen.getByRole( 'radio', { name: 'Allow any plugin' } )
		);
		await user.click( save );

		expect( await screen.findByText( 'Limits saved' ) ).toBeInTheDocument();
		expect(
			calls( '/key-guard/v1/limits', 'POST' ).map(
				( request ) => request.data
			)
		).toEqual( [
			{
				monthly_budget_usd: null,
				daily_budget_usd: 1.5,
				unknown_callers: 'allow',
				callers: {
					'ai-engine': { requests_per_day: null },
					core: { monthly_budget_usd: 2 },
				},
			},
		] );
		expect( monthly ).toHaveValue( '' );
		expect(
			screen.getByLabelText( 'Daily budget (US dollars)' )
		).toHaveValue( '1.5' );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );
		// The budget summary follows the saved budgets.
		expect( fact( 'Spent this month' ) ).toHaveTextContent( /^\$0\.0282$/ );
		expect( fact( 'Spent today' ) ).toHaveTextContent(
			'$0.0261 of $1.50 (2%)'
		);
	} );

	it( 'refuses what is not a limit, in words, and posts nothing', async () => {
		const user = await openUsage();
		const perMinute = screen.getByLabelText( 'Requests per minute' );
		await user.clear( perMinute );
		await user.type( perMinute, '2.5' );
		await user.clear(
			screen.getByLabelText( 'Monthly budget (US dollars)' )
		);
		await user.type(
			screen.getByLabelText( 'Monthly budget (US dollars)' ),
			'-3'
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Save limits' } )
		);

		expect( perMinute ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( perMinute ).toHaveAccessibleDescription(
			'Enter a whole number of requests of zero or more, such as 500, or leave the field empty for no limit.'
		);
		expect(
			screen.getByLabelText( 'Monthly budget (US dollars)' )
		).toHaveAccessibleDescription(
			'Enter an amount in US dollars of zero or more, such as 25 or 12.50, or leave the field empty for no limit.'
		);
		expect(
			screen.getByLabelText( 'Monthly budget (US dollars)' )
		).toHaveFocus();
		expect( calls( '/key-guard/v1/limits', 'POST' ) ).toEqual( [] );

		await user.type( perMinute, '0' );
		expect( perMinute ).not.toHaveAttribute( 'aria-invalid' );
	} );

	it( 'shows the server’s refusal by its field and keeps everything typed', async () => {
		const server = limitsServer( makeLimits() );
		const user = await openUsage( makeLimits(), {
			LIMITS: ( options ) =>
				options.method === 'POST'
					? refuse(
							'rest_invalid_param',
							'Invalid parameter(s): daily_budget_usd',
							{
								status: 400,
								params: {
									daily_budget_usd:
										'The daily budget cannot be more than the monthly budget.',
								},
							}
						)
					: server( options ),
		} );
		await user.type(
			screen.getByLabelText( 'Daily budget (US dollars)' ),
			'9'
		);
		await user.type( screen.getByLabelText( 'Requests per day' ), '1000' );
		await user.click(
			screen.getByRole( 'button', { name: 'Save limits' } )
		);

		const daily = screen.getByLabelText( 'Daily budget (US dollars)' );
		await waitFor( () =>
			expect( daily ).toHaveAccessibleDescription(
				'The daily budget cannot be more than the monthly budget.'
			)
		);
		expect( screen.queryByText( /Invalid parameter/ ) ).toBeNull();
		expect( daily ).toHaveValue( '9' );
		expect( screen.getByLabelText( 'Requests per day' ) ).toHaveValue(
			'1000'
		);
		expect( screen.queryByText( 'Limits saved' ) ).toBeNull();
		expect( calls( '/key-guard/v1/limits', 'POST' )[ 0 ].data ).toEqual( {
			daily_budget_usd: 9,
			requests_per_day: 1000,
		} );
	} );

	it( 'shows limits set in wp-config.php read-only, with the constant that sets them', async () => {
		await openUsage(
			makeLimits( { editable: false, locked_by: 'KEY_GUARD_LIMITS' } )
		);
		expect( screen.queryByRole( 'textbox' ) ).toBeNull();
		expect(
			screen.queryByRole( 'button', { name: /Save|Approve|Revoke/ } )
		).toBeNull();
		const limits = screen
			.getByRole( 'heading', { name: 'Limits' } )
			.closest( '.key-guard-card' ) as HTMLElement;
		expect( limits ).toHaveTextContent(
			'These limits are set in wp-config.php by the constant KEY_GUARD_LIMITS, so they cannot be changed on this screen.'
		);
		expect( within( limits ).getByText( 'KEY_GUARD_LIMITS' ).tagName ).toBe(
			'CODE'
		);
		expect( fact( 'Monthly budget (US dollars)' ) ).toHaveTextContent(
			'$5.00'
		);
		expect( fact( 'Daily budget (US dollars)' ) ).toHaveTextContent(
			'No limit'
		);
		expect( fact( 'Requests per minute' ) ).toHaveTextContent( '60' );
		expect( fact( 'New plugins and themes' ) ).toHaveTextContent(
			'Ask me before a new plugin or theme can use OpenAI'
		);
		expect(
			cells( within( limits ).getByRole( 'row', { name: /AI Engine/ } ) )
		).toEqual( [ 'AI Engine', '500', 'No limit' ] );
		expect(
			screen.getByText(
				/Approvals are part of the limits set in wp-config\.php/
			)
		).toBeInTheDocument();
		expect( within( limits ).queryByText( /cannot be read/ ) ).toBeNull();
	} );

	it( 'says so when the constant cannot be read as limits', async () => {
		const problem =
			'The constant in wp-config.php is neither an array nor a JSON object of limits, so no limit applies.';
		await openUsage(
			makeLimits( {
				editable: false,
				locked_by: 'KEY_GUARD_LIMITS',
				locked_problem: problem,
			} )
		);
		const limits = screen
			.getByRole( 'heading', { name: 'Limits' } )
			.closest( '.key-guard-card' ) as HTMLElement;
		expect( within( limits ).getByText( problem ) ).toBeInTheDocument();
	} );
} );
