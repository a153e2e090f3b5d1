/**
 * No code-like string reaches the screen: what the server records or answers as a machine word
 * (typed_insufficient_quota, key_guard_invalid_characters…) is shown in words, in every state of
 * the screen, with every disclosure open, the Usage tab's too. Two places may hold such words:
 * <code> (the masked key, a model name, a request id, a wp-config.php line or constant) and
 * "Technical details", which quote OpenAI's and the network's own text.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import App from '../../../src/settings/components/App';
import type {
	AuditEvent,
	KeyStatus,
	TestResult,
} from '../../../src/shared/types';
import {
	EMPTY_STATUS,
	FAILED_QUOTA,
	TODAY,
	TRAFFIC,
	USAGE_NAMES,
	makeEnvironments,
	makeLimits,
	makeResult,
	makeSaveResult,
	makeStatus,
	openDisclosure,
	openEveryDisclosure,
	renderWithRegistry,
	simKey,
} from '../fixtures';
import { limitsServer, refuse, serve, usageServer, type Routes } from '../rest';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );
// jsdom draws no canvas: the chart chunk is a stand-in that shows its summary and its series.
vi.mock(
	'../../../src/settings/components/StackedBarChart',
	() => import( '../chart-stand-in' )
);

afterEach( () => {
	vi.useRealTimers();
} );

/**
 * Opens the Usage tab on TODAY, the day the seeded traffic is counted to.
 *
 * @param user The user-event instance.
 */
async function openUsage( user: UserEvent ) {
	vi.setSystemTime( TODAY );
	await user.click( screen.getByRole( 'tab', { name: 'Usage' } ) );
	await screen.findByRole( 'heading', { name: 'This month' } );
	await screen.findByRole( 'heading', { name: 'Limits' } );
}

/** A word of snake_case: how codes, outcomes and option names are spelled. */
const CODE_LIKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;

/** What OpenAI says when the account has no credit, as the failing step quotes it. */
const QUOTA_TOLD =
	'HTTP 429 insufficient_quota: You exceeded your current quota, please check your plan and billing details.';

const FAILED_WITH_UPSTREAM: TestResult = {
	...FAILED_QUOTA,
	checks: FAILED_QUOTA.checks.map( ( check ) =>
		check.status === 'fail' ? { ...check, detail: QUOTA_TOLD } : check
	),
};

const OUTCOMES: Array< [ AuditEvent[ 'event' ], string ] > = [
	[ 'tested', 'typed_insufficient_quota' ],
	[ 'refused_save', 'key_guard_invalid_characters' ],
	[ 'refused_save', 'development_key_guard_same_key' ],
	[ 'tested', 'staging_model_not_found' ],
	[ 'tested', 'rate_limited' ],
	[ 'saved', 'service_account' ],
	[ 'saved', 'local_project' ],
	[ 'removed', 'staging' ],
	[ 'confirmed', 'production' ],
	[ 'failed_decrypt', '' ],
	[ 'refused_save', 'key_guard_not_openai_key' ],
	[ 'refused_save', 'invalid_key' ],
	[ 'tested', 'some_future_code' ],
];

const EVENTS: AuditEvent[] = OUTCOMES.map( ( [ event, outcome ], index ) => ( {
	event,
	outcome,
	user: { id: 1, name: 'Ada Admin' },
	time: new Date( Date.now() - index * 60_000 ).toISOString(),
	ip_hash: 'abcdef012345',
} ) );

const PREPARED = makeEnvironments( {
	staging: {
		configured: true,
		readable: true,
		masked: 'sk-proj-…St4g',
		saved_at: new Date().toISOString(),
		saved_by_name: 'Ada Admin',
		site: 'https://example.com',
	},
	local: { configured: true, readable: false },
} );

/** Attributes whose words a person sees (a tooltip, a placeholder) or hears (an accessible name). */
const READ_ATTRIBUTES = [ 'aria-label', 'title', 'placeholder', 'alt' ];

/**
 * The words a person meets: the page's text and its read attributes, without <code> and without
 * what "Technical details" holds (its title stays).
 */
function wordsOnScreen(): string {
	const copy = document.body.cloneNode( true ) as HTMLElement;
	copy.querySelectorAll( 'code, script, style, [id^="a11y-speak"]' ).forEach(
		( node ) => node.remove()
	);
	copy.querySelectorAll( '.key-guard-disclosure' ).forEach(
		( disclosure ) => {
			const toggle = disclosure.querySelector(
				':scope > .key-guard-disclosure__title > button, :scope > button'
			);
			if ( toggle?.textContent === 'Technical details' ) {
				disclosure
					.querySelector( ':scope > .key-guard-disclosure__body' )
					?.remove();
			}
		}
	);
	const words: string[] = [];
	const walker = document.createTreeWalker( copy, NodeFilter.SHOW_TEXT );
	while ( walker.nextNode() ) {
		words.push( walker.currentNode.textContent ?? '' );
	}
	copy.querySelectorAll( '*' ).forEach( ( element ) => {
		for ( const name of READ_ATTRIBUTES ) {
			words.push( element.getAttribute( name ) ?? '' );
		}
	} );
	return words.join( ' ' );
}

type State = {
	status: KeyStatus;
	routes?: Routes;
	/** What a person does to reach the state, after the first paint. */
	reach?: ( user: UserEvent ) => Promise< void >;
};

const STATES: Record< string, State > = {
	'the usage tab: budgets, cost by caller, callers waiting, an approval, refused limits':
		{
			status: makeStatus(),
			routes: {
				USAGE: usageServer( TRAFFIC, USAGE_NAMES ),
				LIMITS: ( () => {
					const server = limitsServer( makeLimits() );
					let posts = 0;
					return ( options ) =>
						options.method === 'POST' && ++posts > 1
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
							: server( options );
				} )(),
			},
			reach: async ( user ) => {
				await openUsage( user );
				await user.selectOptions(
					screen.getByLabelText( 'Show' ),
					'cost'
				);
				await user.selectOptions(
					screen.getByLabelText( 'Split' ),
					'caller'
				);
				await screen.findByRole( 'img', { name: /by caller/ } );
				await user.click(
					screen.getByRole( 'button', { name: 'Approve New Plugin' } )
				);
				await screen.findByText( 'New Plugin can use OpenAI now.' );
				await user.type(
					screen.getByLabelText( 'Requests per minute' ),
					'.5'
				);
				await user.type(
					screen.getByLabelText( 'Daily budget (US dollars)' ),
					'9'
				);
				const save = screen.getByRole( 'button', {
					name: 'Save limits',
				} );
				await user.click( save );
				await screen.findByText( /Enter a whole number of requests/ );
				await user.clear(
					screen.getByLabelText( 'Requests per minute' )
				);
				await user.click( save );
				await screen.findByText(
					'The daily budget cannot be more than the monthly budget.'
				);
			},
		},
	'the usage tab: nothing used, no budget, limits set in wp-config.php': {
		status: makeStatus(),
		routes: {
			USAGE: usageServer( [], USAGE_NAMES ),
			LIMITS: limitsServer(
				makeLimits( {
					monthly_budget_usd: null,
					requests_per_minute: null,
					unknown_callers: 'allow',
					editable: false,
					locked_by: 'KEY_GUARD_LIMITS',
				} )
			),
		},
		reach: openUsage,
	},
	'the usage tab when it cannot be read': {
		status: makeStatus(),
		routes: {
			USAGE: () =>
				refuse(
					'rest_forbidden',
					'Sorry, you are not allowed to do that.',
					{
						status: 403,
					}
				),
			LIMITS: () =>
				refuse(
					'rest_forbidden',
					'Sorry, you are not allowed to do that.',
					{
						status: 403,
					}
				),
		},
		reach: async ( user ) => {
			await user.click( screen.getByRole( 'tab', { name: 'Usage' } ) );
			await waitFor( () =>
				expect(
					screen.getAllByText(
						'Sorry, you are not allowed to do that.'
					)
				).toHaveLength( 2 )
			);
		},
	},
	'no key': { status: EMPTY_STATUS },
	'a saved key, not tested': { status: makeStatus() },
	'a tested key that connected': {
		status: makeStatus( { last_test: makeResult() } ),
	},
	'a tested key that failed, with OpenAI’s own words': {
		status: makeStatus( { last_test: FAILED_WITH_UPSTREAM } ),
	},
	'a typed key that failed by the field, then a refused test': {
		status: EMPTY_STATUS,
		routes: {
			TEST: ( () => {
				let tests = 0;
				return () =>
					++tests === 1
						? { ...FAILED_WITH_UPSTREAM, key_source: 'candidate' }
						: refuse(
								'key_guard_rate_limited',
								'Too many connection tests: 10 per minute are allowed.',
								{ status: 429, retry_after: 30 }
							);
			} )(),
		},
		reach: async ( user ) => {
			await user.type(
				screen.getByLabelText( 'OpenAI API key' ),
				'sk-proj-typed'
			);
			const test = screen.getByRole( 'button', {
				name: 'Test this key',
			} );
			await user.click( test );
			await screen.findByText( /Tested the key typed above/ );
			await user.click( test );
			await screen.findByText( /You can test again in/ );
		},
	},
	'a key replaced, with the server’s clean-ups and warnings': {
		status: makeStatus(),
		routes: {
			POST: () =>
				makeSaveResult( {
					notices: [
						{
							code: 'removed_bearer',
							message: 'Removed “Bearer ” in front of the key.',
						},
						{
							code: 'unexpected_prefix',
							message:
								'This key does not start with "sk-" as OpenAI keys do.',
						},
					],
				} ),
		},
		reach: async ( user ) => {
			await openDisclosure( user, 'Replace the key' );
			await user.click( screen.getByLabelText( 'OpenAI API key' ) );
			await user.paste( `Bearer ${ simKey() }` );
			await user.click(
				screen.getByRole( 'button', { name: 'Save key' } )
			);
			await screen.findByText( 'Removed “Bearer ” in front of the key.' );
		},
	},
	'a key from wp-config.php': {
		status: makeStatus( {
			source: 'constant',
			editable: false,
			saved_at: null,
			saved_by: null,
			saved_by_name: null,
		} ),
	},
	'keys for copies, one tested with OpenAI’s own words': {
		status: makeStatus( {
			environments: PREPARED,
			shared_secret: false,
		} ),
		routes: {
			TEST: () => ( {
				...FAILED_WITH_UPSTREAM,
				key_source: 'environment',
				environment: 'staging',
			} ),
		},
		reach: async ( user ) => {
			await openEveryDisclosure( user );
			const staging = within(
				screen.getByRole( 'region', { name: 'Staging' } )
			);
			await user.click(
				staging.getByRole( 'button', { name: 'Test the staging key' } )
			);
			await staging.findByRole( 'heading', {
				level: 4,
				name: /^Failed/,
			} );
		},
	},
	'a site running on the key prepared for its type': {
		status: makeStatus( {
			environment: 'staging',
			environments: makeEnvironments( {
				production: { current: false },
				staging: {
					current: true,
					configured: true,
					readable: true,
					masked: 'sk-proj-…St4g',
					site: 'https://example.com',
				},
			} ),
		} ),
	},
	'the events, all of them': {
		status: makeStatus(),
		routes: { AUDIT: () => EVENTS },
		reach: async ( user ) => {
			await user.click( screen.getByRole( 'tab', { name: 'Events' } ) );
			await user.click(
				await screen.findByRole( 'button', { name: /older event/ } )
			);
			expect( screen.getAllByRole( 'row' ) ).toHaveLength(
				EVENTS.length + 1
			);
		},
	},
};

describe( 'No code-like string on the screen', () => {
	it.each( Object.entries( STATES ) )(
		'in the state: %s',
		async ( _name, { status, routes = {}, reach } ) => {
			const user = userEvent.setup();
			serve( { GET: () => status, ...routes } );
			renderWithRegistry( <App /> );
			await screen.findByRole( 'tab', { name: 'API key' } );
			await reach?.( user );
			await openEveryDisclosure( user );

			const text = wordsOnScreen();
			expect( text ).not.toBe( '' );
			expect( text.match( CODE_LIKE ) ?? [] ).toEqual( [] );
			expect( text ).not.toContain( 'key_guard_' );
		}
	);

	it( 'finds a code when one is shown, and lets <code> and Technical details hold them', async () => {
		const user = userEvent.setup();
		serve( {
			GET: () => makeStatus( { last_test: FAILED_WITH_UPSTREAM } ),
		} );
		renderWithRegistry( <App /> );
		await screen.findByRole( 'tab', { name: 'API key' } );
		await openEveryDisclosure( user );
		// The request id (req_quota42, in <code>) and OpenAI's words are on the page…
		expect( document.body.textContent ).toContain( 'req_quota42' );
		expect( document.body.textContent ).toContain( 'insufficient_quota' );
		// …and a code shown anywhere else would be found.
		const leak = document.createElement( 'p' );
		leak.textContent = 'Outcome: typed_insufficient_quota';
		document.body.append( leak );
		expect( wordsOnScreen().match( CODE_LIKE ) ).toEqual( [
			'typed_insufficient_quota',
		] );
		leak.remove();
	} );
} );
