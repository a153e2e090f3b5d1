import { speak } from '@wordpress/a11y';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import SetupGuide from '../../../../src/settings/components/SetupGuide';
import { calls, serve, setupServer } from '../../rest';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

async function renderGuide(
	...args: Parameters< typeof setupServer >
): Promise< ReturnType< typeof userEvent.setup > > {
	const user = userEvent.setup();
	serve( { SETUP: setupServer( ...args ) } );
	render( <SetupGuide version="1" /> );
	await screen.findByRole( 'button', { name: /^Set-up guide/ } );
	return user;
}

describe( 'SetupGuide', () => {
	it( 'lists the steps in order, each with its platform page, open while not done', async () => {
		await renderGuide( [ 'paste_key' ] );
		const toggle = screen.getByRole( 'button', {
			name: 'Set-up guide (1 of 8 done)',
		} );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'true' );
		const items = within( screen.getByRole( 'list' ) ).getAllByRole(
			'listitem'
		);
		expect( items ).toHaveLength( 9 );
		expect( items[ 0 ] ).toHaveTextContent( 'Open the OpenAI platform' );
		expect(
			screen.getByRole( 'link', { name: /Open API keys/ } )
		).toHaveAttribute( 'href', 'https://platform.openai.com/api-keys' );
		// Automatic steps have no checkbox: they say whether they are done.
		expect( items[ 4 ] ).toHaveTextContent(
			'Paste the key on this screen (done)'
		);
		expect( items[ 5 ] ).toHaveTextContent(
			'Test the connection (not yet)'
		);
		expect( within( items[ 4 ] ).queryByRole( 'checkbox' ) ).toBeNull();
		expect( screen.getAllByRole( 'checkbox' ) ).toHaveLength( 6 );
	} );

	it( 'ticks a hand step, says so, and closes once every required step is done', async () => {
		const user = await renderGuide( [ 'paste_key', 'test', 'our_budget' ] );
		for ( const label of [
			'Open the OpenAI platform',
			'Create a project for this site',
			'Check billing, credits and auto recharge',
			'Create a secret key in that project',
		] ) {
			await user.click( screen.getByRole( 'checkbox', { name: label } ) );
			await waitFor( () =>
				expect(
					screen.getByRole( 'checkbox', { name: label } )
				).toBeChecked()
			);
		}
		expect( speak ).toHaveBeenLastCalledWith( 'Step ticked.' );
		expect( calls( '/key-guard/v1/setup', 'POST' ).at( -1 )?.data ).toEqual(
			{ step: 'create_key', done: true }
		);
		await user.click(
			screen.getByRole( 'checkbox', {
				name: "Set a budget, alerts, model access and rate limits on OpenAI's side",
			} )
		);
		const toggle = await screen.findByRole( 'button', {
			name: 'Set-up guide (8 of 8 done)',
		} );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'false' );
		expect( speak ).toHaveBeenLastCalledWith(
			'Step ticked. The set-up guide is done.'
		);
	} );

	it( 'names the permissions the traffic used and a permission the key lacks', async () => {
		await renderGuide( [], {
			permissions: [
				{
					id: 'responses',
					label: 'Responses API',
					access: [ 'Write' ],
					last_seen: '2026-11-27',
				},
			],
			models: [ 'gpt-4o-mini' ],
			missing: [
				{
					scope: 'api.responses.write',
					label: 'Responses API: Write',
					last_seen: '2026-11-27',
				},
			],
		} );
		expect(
			screen.getByText( 'Responses API: Write', { selector: 'li' } )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Models used: gpt-4o-mini.' )
		).toBeInTheDocument();
		expect(
			screen.getByText(
				/OpenAI refused requests because the key lacks: Responses API: Write/
			)
		).toBeInTheDocument();
	} );

	it( 'takes a tick back and says why when the server refuses it', async () => {
		const user = userEvent.setup();
		const guide = setupServer();
		serve( {
			SETUP: ( options ) => {
				if ( options.method === 'POST' ) {
					throw { code: 'rest_forbidden', message: 'Sorry, no.' };
				}
				return guide( options );
			},
		} );
		render( <SetupGuide version="1" /> );
		const box = await screen.findByRole( 'checkbox', {
			name: 'Open the OpenAI platform',
		} );
		await user.click( box );
		expect( await screen.findByText( 'Sorry, no.' ) ).toBeInTheDocument();
		expect( box ).not.toBeChecked();
	} );

	it( 'lists paths no known permission covers, rather than saying nothing was sent', async () => {
		await renderGuide( [], { unknown: [ 'videos' ] } );
		expect(
			screen.getByText(
				'Also used, with no permission we know of: /v1/videos.'
			)
		).toBeInTheDocument();
		expect( screen.queryByText( /sent no request/ ) ).toBeNull();
	} );

	it( 'says when no traffic tells yet what the key needs', async () => {
		await renderGuide();
		expect(
			screen.getByText( /sent no request to OpenAI in the last 30 days/ )
		).toBeInTheDocument();
	} );
} );
