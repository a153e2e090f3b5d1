import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import App from '../../../../src/settings/components/App';
import type { KeyStatus, TestResult } from '../../../../src/shared/types';
import {
	EMPTY_STATUS,
	FAILED_QUOTA,
	deferred,
	findDisclosure,
	isInClosedDisclosure,
	makeEnvironments,
	makeResult,
	makeSaveResult,
	makeStatus,
	openDisclosure,
	renderWithRegistry,
	simKey,
	isOpen,
} from '../../fixtures';
import { calls, refuse, serve, type Routes } from '../../rest';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

async function renderApp( status: KeyStatus, routes: Routes = {} ) {
	const user = userEvent.setup();
	serve( { GET: () => status, ...routes } );
	const view = renderWithRegistry( <App /> );
	await screen.findByRole( 'tab', { name: 'API key' } );
	return { user, ...view };
}

function fact( term: string ): HTMLElement {
	return screen.getByText( term, { selector: 'dt' } )
		.nextElementSibling as HTMLElement;
}

/** The status area's headline: the page's first heading, where things stand. */
function headline(): HTMLElement {
	return screen.getAllByRole( 'heading', { level: 2 } )[ 0 ];
}

/** The saved key's last test, in the status area. */
function lastTest(): HTMLElement {
	return screen.getByRole( 'region', {
		name: 'Last test of the saved key',
	} );
}

/**
 * The key form's section, where a typed key's test answers.
 *
 * @param name "Add a key" on a first visit, else "Replace the key".
 */
function keyForm( name = 'Replace the key' ): HTMLElement {
	// Found open or closed: a test opens "Replace the key" before it types into it.
	return screen.getByRole( 'region', { name, hidden: true } );
}

/** What the live progress regions say now (empty ones left out). */
function progress(): string[] {
	return screen
		.getAllByRole( 'status' )
		.map( ( region ) => region.textContent ?? '' )
		.filter( Boolean );
}

/** What the server says it cleaned up in a pasted key, and what it warns about. */
const NOTICES = [
	{
		code: 'removed_bearer',
		message: 'Removed “Bearer ” in front of the key.',
	},
	{
		code: 'unexpected_prefix',
		message: 'This key does not start with "sk-" as OpenAI keys do.',
	},
];

describe( 'App', () => {
	it( 'paints the saved state from one GET, with the now-and-then sections closed', async () => {
		const { user } = await renderApp( makeStatus() );
		expect( screen.queryByRole( 'heading', { level: 1 } ) ).toBeNull();
		expect(
			screen.getByRole( 'tab', { name: 'API key' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect( headline() ).toHaveTextContent(
			'A key is saved: test it next'
		);
		expect( fact( 'Source' ) ).toHaveTextContent( 'Saved in the database' );
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		// Nothing tested yet: the sentence says so, and there is no last test to show.
		expect(
			screen.getByText( /^The key has not been tested yet\./ )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'region', {
				name: 'Last test of the saved key',
			} )
		).toBeNull();

		for ( const title of [
			'Replace the key',
			'Test settings',
			'Keys for copies of this site',
		] ) {
			expect( isOpen( findDisclosure( title ) ) ).toBe( false );
		}
		expect(
			isInClosedDisclosure( screen.getByLabelText( 'OpenAI API key' ) )
		).toBe( true );

		await openDisclosure( user, 'Test settings' );
		expect( screen.getByLabelText( 'Model' ) ).toHaveValue( 'gpt-4o-mini' );
		await openDisclosure( user, 'Replace the key' );
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveValue( '' );
		expect( calls( '/key-guard/v1/key', 'GET' ) ).toHaveLength( 1 );
	} );

	it( 'saves a key: field emptied, new mask shown, "API key saved", focus on the test, key nowhere in the page', async () => {
		const key = simKey();
		const { user } = await renderApp( makeStatus(), {
			POST: () => makeSaveResult(),
		} );
		await openDisclosure( user, 'Replace the key' );
		await user.click( screen.getByLabelText( 'OpenAI API key' ) );
		await user.paste( key );
		await user.click( screen.getByRole( 'button', { name: 'Show key' } ) );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		expect(
			await screen.findByText( 'API key saved' )
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/key', 'POST' )[ 0 ].data ).toEqual( {
			key,
		} );
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveValue( '' );
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveAttribute(
			'type',
			'password'
		);
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Zz99' );
		expect(
			screen.getByRole( 'button', { name: 'Test connection' } )
		).toHaveFocus();
		expect( document.documentElement.outerHTML ).not.toContain( key );
		expect( document.documentElement.outerHTML ).not.toContain(
			key.slice( 8, 40 )
		);
	} );

	it( 'shows what the server cleaned up in a replaced key, by the field', async () => {
		const { user } = await renderApp( makeStatus(), {
			POST: () => makeSaveResult( { notices: NOTICES } ),
		} );
		await openDisclosure( user, 'Replace the key' );
		await user.click( screen.getByLabelText( 'OpenAI API key' ) );
		await user.paste( `Bearer ${ simKey() }` );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		const form = within( keyForm() );
		expect(
			await form.findByText( 'Removed “Bearer ” in front of the key.' )
		).toBeInTheDocument();
		expect(
			form.getByText( /This key does not start with "sk-"/ )
		).toBeInTheDocument();
	} );

	// The first key's form leaves with the save: the status area shows what the server said.
	it( 'shows what the server cleaned up or warns about after the first save', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			POST: () => makeSaveResult( { notices: NOTICES } ),
		} );
		await user.click( screen.getByLabelText( 'OpenAI API key' ) );
		await user.paste( `Bearer ${ simKey() }` );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		expect(
			await screen.findByText( 'Removed “Bearer ” in front of the key.' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /This key does not start with "sk-"/ )
		).toBeInTheDocument();
	} );

	it( 'shows a refusal next to the field and keeps the saved state', async () => {
		const { user } = await renderApp( makeStatus(), {
			POST: () =>
				refuse(
					'key_guard_masked',
					'This is the masked key, not the key itself.'
				),
		} );
		await openDisclosure( user, 'Replace the key' );
		const field = screen.getByLabelText( 'OpenAI API key' );
		await user.type( field, 'sk-proj-…Ab3d' );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		expect(
			await within( keyForm() ).findByText(
				'This is the masked key, not the key itself.'
			)
		).toBeInTheDocument();
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( field ).toHaveAccessibleDescription(
			expect.stringContaining(
				'This is the masked key, not the key itself.'
			)
		);
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		expect( screen.queryByText( 'API key saved' ) ).not.toBeInTheDocument();
	} );

	it( 'removes the key only after confirmation, then offers key entry first', async () => {
		const { user } = await renderApp( makeStatus(), {
			DELETE: () => EMPTY_STATUS,
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Remove key' } )
		);
		expect( calls( '/key-guard/v1/key', 'DELETE' ) ).toHaveLength( 0 );
		await user.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Remove key',
			} )
		);

		expect(
			await screen.findByText( 'API key removed' )
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/key', 'DELETE' ) ).toHaveLength( 1 );
		expect( headline() ).toHaveTextContent( 'Connect this site to OpenAI' );
		expect(
			screen.getByText( /^No OpenAI key is set yet\./ )
		).toBeInTheDocument();
		expect(
			isInClosedDisclosure(
				within( keyForm( 'Add a key' ) ).getByLabelText(
					'OpenAI API key'
				)
			)
		).toBe( false );
		// Remove is gone with the key: focus is on the field for a new one, not lost.
		expect(
			within( keyForm( 'Add a key' ) ).getByLabelText( 'OpenAI API key' )
		).toHaveFocus();
		expect(
			screen.queryByRole( 'button', { name: 'Remove key' } )
		).not.toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Test connection' } )
		).not.toBeInTheDocument();
	} );

	it( 'reports a failed removal and keeps the key', async () => {
		const { user } = await renderApp( makeStatus(), {
			DELETE: () =>
				refuse(
					'key_guard_read_only',
					'The key cannot be removed here.'
				),
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Remove key' } )
		);
		await user.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Remove key',
			} )
		);

		expect(
			await screen.findByText( 'The key cannot be removed here.' )
		).toBeInTheDocument();
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		expect( screen.queryByText( 'API key removed' ) ).toBeNull();
	} );

	it( 'is read-only for a key from wp-config.php: no field, no Remove, the define() snippet', async () => {
		const { user } = await renderApp(
			makeStatus( {
				source: 'constant',
				editable: false,
				saved_at: null,
				saved_by: null,
				saved_by_name: null,
			} )
		);
		expect(
			screen.queryByLabelText( 'OpenAI API key' )
		).not.toBeInTheDocument();
		expect( findDisclosure( 'Replace the key' ) ).toBeNull();
		expect(
			screen.queryByRole( 'button', { name: 'Remove key' } )
		).not.toBeInTheDocument();
		expect( fact( 'Source' ) ).toHaveTextContent(
			'From the OPENAI_API_KEY constant in wp-config.php'
		);
		expect(
			screen.getByRole( 'button', { name: 'Test connection' } )
		).toBeInTheDocument();

		// The explanation is a chunk of its own, fetched when the key cannot be edited.
		await screen.findByRole( 'button', { name: 'How to change this key' } );
		await openDisclosure( user, 'How to change this key' );
		expect(
			screen.getByText( "define( 'OPENAI_API_KEY', 'sk-…' );" )
		).toBeInTheDocument();
	} );

	it( 'tests the stored key: busy in the status area, then the result, focused, announced and kept as last test', async () => {
		const answer = deferred< TestResult >();
		const { user } = await renderApp( makeStatus(), {
			TEST: () => answer.promise,
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);

		expect(
			screen.getByRole( 'button', { name: 'Test connection' } )
		).toHaveAttribute( 'aria-disabled', 'true' );
		expect( progress() ).toEqual( [ 'Testing connection…' ] );
		expect(
			within( keyForm() ).getByRole( 'status', { hidden: true } )
		).toBeEmptyDOMElement();
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {
			model: 'gpt-4o-mini',
		} );

		answer.resolve( FAILED_QUOTA );
		const region = await screen.findByRole( 'region', {
			name: 'Last test of the saved key',
		} );
		const result = await within( region ).findByRole( 'heading', {
			level: 4,
			name: /^Failed/,
		} );
		expect( result ).toHaveTextContent(
			'Failed: The OpenAI account has no credit left.'
		);
		expect( result ).toHaveFocus();
		expect( progress() ).toEqual( [] );
		expect( headline() ).toHaveTextContent( 'The key needs attention' );
		expect( speak ).toHaveBeenCalledWith(
			'Failed: The OpenAI account has no credit left.',
			'assertive'
		);

		const last = within( lastTest() );
		expect(
			last.getByText( /Add credit or raise the monthly budget/ )
		).toBeInTheDocument();
		expect(
			last.getByRole( 'link', { name: /Billing overview/ } )
		).toBeInTheDocument();
		const request = within(
			last.getByRole( 'list', { name: 'Checks' } )
		).getAllByRole( 'listitem' )[ 2 ];
		expect( request ).toHaveTextContent( 'Test request: Failed' );
		expect( request ).not.toHaveTextContent( 'insufficient_quota' );

		const details = await openDisclosure(
			user,
			'Technical details',
			lastTest()
		);
		expect( within( details ).getByText( 'req_quota42' ) ).toBeVisible();
		expect(
			within( details ).getByText( 'Requests: 0/500 (resets in 20s)' )
		).toBeInTheDocument();
		expect(
			within( details ).getByText( 'HTTP 429 insufficient_quota.' )
		).toBeInTheDocument();
	} );

	it( 'tests a typed key with the chosen model by the field, without saving it', async () => {
		const { user } = await renderApp( makeStatus(), {
			TEST: () =>
				makeResult( {
					key_source: 'candidate',
					model: 'gpt-4.1-mini',
				} ),
		} );
		await openDisclosure( user, 'Test settings' );
		const model = screen.getByLabelText( 'Model' );
		await user.clear( model );
		await user.type( model, 'gpt-4.1-mini' );
		await openDisclosure( user, 'Replace the key' );
		await user.type(
			screen.getByLabelText( 'OpenAI API key' ),
			'sk-typed-key'
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Test this key' } )
		);

		const result = await within( keyForm() ).findByRole( 'heading', {
			level: 3,
			name: /^Connected/,
		} );
		expect( result ).toHaveFocus();
		expect(
			within( keyForm() ).getByText(
				/Tested the key typed above; it is not saved\./
			)
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {
			key: 'sk-typed-key',
			model: 'gpt-4.1-mini',
		} );
		expect( calls( '/key-guard/v1/key', 'POST' ) ).toHaveLength( 0 );
		// Nothing tested yet: the sentence says so, and there is no last test to show.
		expect(
			screen.getByText( /^The key has not been tested yet\./ )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'region', {
				name: 'Last test of the saved key',
			} )
		).toBeNull();
		expect( headline() ).toHaveTextContent(
			'A key is saved: test it next'
		);
	} );

	it( 'on a first visit tests a typed key by the field, and drops the result once the field is edited', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			TEST: () => makeResult( { key_source: 'candidate' } ),
		} );
		const form = keyForm( 'Add a key' );
		const field = within( form ).getByLabelText( 'OpenAI API key' );
		await user.type( field, 'sk-typed-key' );
		await user.click(
			within( form ).getByRole( 'button', { name: 'Test this key' } )
		);
		expect(
			await within( form ).findByText( /Tested the key typed above/ )
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {
			key: 'sk-typed-key',
			model: 'gpt-4o-mini',
		} );
		expect( headline() ).toHaveTextContent( 'Connect this site to OpenAI' );

		await user.type( field, 'x' );
		expect(
			screen.queryByText( /Tested the key typed above/ )
		).not.toBeInTheDocument();
	} );

	it( 'drops a refusal of a typed key once the field is edited', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			TEST: () =>
				refuse(
					'rest_forbidden',
					'Sorry, you are not allowed to do that.'
				),
		} );
		const form = keyForm( 'Add a key' );
		const field = within( form ).getByLabelText( 'OpenAI API key' );
		await user.type( field, 'sk-typed-key' );
		await user.click(
			within( form ).getByRole( 'button', { name: 'Test this key' } )
		);
		expect(
			await within( form ).findByText(
				'Sorry, you are not allowed to do that.'
			)
		).toBeInTheDocument();
		await user.type( field, 'x' );
		expect(
			screen.queryByText( 'Sorry, you are not allowed to do that.' )
		).not.toBeInTheDocument();
	} );

	it( 'leads a first visit from key entry to the test to the next step', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			POST: () => makeSaveResult(),
			TEST: () => makeResult(),
		} );
		expect( headline() ).toHaveTextContent( 'Connect this site to OpenAI' );
		expect(
			screen.queryByRole( 'region', {
				name: 'Last test of the saved key',
			} )
		).toBeNull();
		await user.click( screen.getByLabelText( 'OpenAI API key' ) );
		await user.paste( simKey() );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		const test = await screen.findByRole( 'button', {
			name: 'Test connection',
		} );
		expect( test ).toHaveFocus();
		expect( headline() ).toHaveTextContent(
			'A key is saved: test it next'
		);
		expect( screen.queryByText( /^Next step:/ ) ).toBeNull();

		await user.click( test );
		expect(
			await within( lastTest() ).findByRole( 'heading', {
				level: 4,
				name: /^Connected/,
			} )
		).toHaveFocus();
		expect( headline() ).toHaveTextContent( 'Connected to OpenAI' );
		expect(
			screen.getByText( 'Next step:' ).parentElement
		).toHaveTextContent( /set a monthly budget and usage alerts/ );
		expect(
			screen.getByRole( 'link', { name: /OpenAI limits and budgets/ } )
		).toBeInTheDocument();
	} );

	it( 'reaches the test before any destructive action with the keyboard', async () => {
		const { user } = await renderApp( makeStatus() );
		const test = screen.getByRole( 'button', { name: 'Test connection' } );
		const remove = screen.getByRole( 'button', { name: 'Remove key' } );
		const reached: Element[] = [];
		for (
			let step = 0;
			step < 10 && ! reached.includes( remove );
			step++
		) {
			await user.tab();
			const focused = test.ownerDocument.activeElement;
			if ( focused ) {
				reached.push( focused );
			}
		}
		expect( reached ).toContain( test );
		expect( reached.indexOf( test ) ).toBeLessThan(
			reached.indexOf( remove )
		);
	} );

	it( 'lets an admin use a held production key on this copy of the site', async () => {
		const held = makeStatus( {
			configured: false,
			source: 'none',
			masked: '',
			kind: null,
			held: true,
			warnings: [
				{
					code: 'held_copy',
					message: 'The saved key comes from the production site.',
				},
			],
		} );
		const { user } = await renderApp( held, {
			POST: ( options ) =>
				options.path === '/key-guard/v1/key/confirm'
					? makeStatus()
					: refuse( 'unexpected', 'unexpected' ),
		} );
		expect( headline() ).toHaveTextContent( 'The key needs attention' );
		expect(
			screen.getByText( /comes from the production site/ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Remove key' } )
		).toBeInTheDocument();
		await user.click(
			screen.getByRole( 'button', {
				name: 'Use the production key on this site',
			} )
		);
		await waitFor( () =>
			expect( headline() ).toHaveTextContent(
				'A key is saved: test it next'
			)
		);
		expect(
			screen.queryByRole( 'button', {
				name: 'Use the production key on this site',
			} )
		).not.toBeInTheDocument();
		expect( calls( '/key-guard/v1/key/confirm', 'POST' ) ).toHaveLength(
			1
		);
		// The confirm button is gone: focus is on the next step, the test.
		await waitFor( () =>
			expect(
				screen.getByRole( 'button', { name: 'Test connection' } )
			).toHaveFocus()
		);
	} );

	it( 'lets the server pick the model when the field is emptied', async () => {
		const { user } = await renderApp( makeStatus(), {
			TEST: () => makeResult(),
		} );
		await openDisclosure( user, 'Test settings' );
		await user.clear( screen.getByLabelText( 'Model' ) );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);
		await within( lastTest() ).findByRole( 'heading', {
			level: 4,
			name: /^Connected/,
		} );
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {} );
	} );

	it( 'shows a rate-limit refusal with a countdown, keeps the previous result, and gives the test back', async () => {
		await renderApp( makeStatus( { last_test: makeResult() } ), {
			TEST: () =>
				refuse(
					'key_guard_rate_limited',
					'Too many connection tests: 10 per minute are allowed.',
					{ status: 429, retry_after: 3 }
				),
		} );
		// Testing Library's user-event waits on real timers: the click is a plain event here.
		vi.useFakeTimers();
		try {
			const button = screen.getByRole( 'button', {
				name: 'Test connection',
			} );
			fireEvent.click( button );
			await act( async () => {} );

			expect(
				screen.getByText(
					'Too many connection tests: 10 per minute are allowed.'
				)
			).toBeInTheDocument();
			expect(
				screen.getByText( 'You can test again in 3 seconds.' )
			).toBeInTheDocument();
			expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
			expect(
				within( lastTest() ).getByRole( 'heading', {
					level: 4,
					name: /^Connected/,
				} )
			).toHaveTextContent( 'Connected: Connected to OpenAI.' );

			await act( async () => {
				vi.advanceTimersByTime( 1000 );
			} );
			expect(
				screen.getByText( 'You can test again in 2 seconds.' )
			).toBeInTheDocument();
			await act( async () => {
				vi.advanceTimersByTime( 1000 );
			} );
			expect(
				screen.getByText( 'You can test again in 1 second.' )
			).toBeInTheDocument();
			await act( async () => {
				vi.advanceTimersByTime( 1000 );
			} );
			expect(
				screen.queryByText( /Too many connection tests/ )
			).toBeNull();
			expect( button ).not.toHaveAttribute( 'aria-disabled' );
			expect(
				within( lastTest() ).getByRole( 'heading', {
					level: 4,
					name: /^Connected/,
				} )
			).toHaveTextContent( 'Connected: Connected to OpenAI.' );
		} finally {
			vi.useRealTimers();
		}
	} );

	it( 'keeps the typed key’s result by the field when the next test is refused', async () => {
		let tests = 0;
		const { user } = await renderApp( EMPTY_STATUS, {
			TEST: () => {
				tests++;
				return tests === 1
					? makeResult( { key_source: 'candidate' } )
					: refuse(
							'key_guard_rate_limited',
							'Too many connection tests: 10 per minute are allowed.',
							{ status: 429 }
						);
			},
		} );
		const form = keyForm( 'Add a key' );
		await user.type(
			within( form ).getByLabelText( 'OpenAI API key' ),
			'sk-typed-key'
		);
		const test = within( form ).getByRole( 'button', {
			name: 'Test this key',
		} );
		await user.click( test );
		await within( form ).findByText( /Tested the key typed above/ );
		await user.click( test );

		expect(
			await within( form ).findByText(
				'Too many connection tests: 10 per minute are allowed.'
			)
		).toBeInTheDocument();
		expect(
			within( form ).getByText( /Tested the key typed above/ )
		).toBeInTheDocument();
	} );

	it( 'offers a retry when the status cannot be loaded', async () => {
		let attempts = 0;
		serve( {
			GET: () => {
				attempts++;
				if ( attempts === 1 ) {
					throw {
						code: 'fetch_error',
						message: 'You are probably offline.',
					};
				}
				return makeStatus();
			},
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		expect(
			await screen.findByText( 'You are probably offline.' )
		).toBeInTheDocument();
		await user.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		await waitFor( () =>
			expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' )
		);
		expect(
			screen.queryByText( 'You are probably offline.' )
		).not.toBeInTheDocument();
	} );

	it( 'says when this site runs on the key prepared for its environment type', async () => {
		await renderApp(
			makeStatus( {
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
			} )
		);
		expect(
			screen.getByText(
				'This site uses the key saved for staging sites on https://example.com. Saving a key below replaces it.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'region', { name: 'Staging' } )
		).toBeNull();
	} );

	it( 'saves a key for another environment type and shows the new state', async () => {
		const key = simKey( 'ok', 'staging' );
		const saved = makeSaveResult( {
			environments: makeEnvironments( {
				staging: {
					configured: true,
					readable: true,
					masked: 'sk-proj-…N3w1',
					saved_by_name: 'Ada Admin',
					saved_at: new Date().toISOString(),
				},
			} ),
		} );
		const { user } = await renderApp( makeStatus(), {
			POST: () => saved,
		} );
		await openDisclosure( user, 'Keys for copies of this site' );
		await user.click(
			await screen.findByRole( 'button', { name: 'Add a staging key' } )
		);
		await user.click(
			screen.getByLabelText( 'OpenAI API key for staging sites' )
		);
		await user.paste( key );
		await user.click(
			screen.getByRole( 'button', { name: 'Save the staging key' } )
		);

		expect(
			await screen.findByRole( 'button', {
				name: 'Replace the staging key',
			} )
		).toBeInTheDocument();
		expect(
			calls( '/key-guard/v1/environments/staging', 'POST' )[ 0 ].data
		).toEqual( { key } );
		expect(
			screen.getByRole( 'region', { name: 'Staging' } )
		).toHaveTextContent( 'sk-proj-…N3w1' );
		expect(
			screen.getByText( 'Key for staging sites saved' )
		).toBeInTheDocument();
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveValue( '' );
		expect( document.documentElement.outerHTML ).not.toContain(
			key.slice( 8, 40 )
		);
	} );

	it( 'lists the key events in a tab of their own, which the address can open', async () => {
		const events = [
			{
				event: 'saved',
				outcome: 'project',
				user: { id: 1, name: 'Ada Admin' },
				time: new Date().toISOString(),
				ip_hash: '',
			},
		];
		const { user, unmount } = await renderApp( makeStatus(), {
			AUDIT: () => events,
		} );
		expect( screen.queryByRole( 'table' ) ).toBeNull();
		await user.click( screen.getByRole( 'tab', { name: 'Events' } ) );
		const rows = await screen.findAllByRole( 'row' );
		expect( rows[ 1 ] ).toHaveTextContent( 'Key saved' );
		expect( window.location.hash ).toBe( '#events' );
		expect(
			screen.queryByRole( 'button', { name: 'Test connection' } )
		).toBeNull();

		unmount();
		renderWithRegistry( <App /> );
		expect(
			await screen.findByRole( 'tab', { name: 'Events' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect( await screen.findAllByRole( 'row' ) ).toHaveLength( 2 );
	} );
} );
