import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import App from '../../../../src/settings/components/App';
import type {
	ApiError,
	KeyStatus,
	TestResult,
} from '../../../../src/shared/types';
import {
	EMPTY_STATUS,
	FAILED_QUOTA,
	deferred,
	makeResult,
	makeSaveResult,
	makeStatus,
	renderWithRegistry,
	simKey,
	makeEnvironments,
} from '../../fixtures';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );
const apiFetchMock = vi.mocked( apiFetch );

type Options = {
	path: string;
	method?: string;
	data?: Record< string, unknown >;
};
type Handler = ( options: Options ) => unknown;

/**
 * Answers apiFetch like the REST API would; a handler may return a promise or throw an ApiError.
 *
 * @param routes Handlers by method, and TEST for POST /test.
 */
function serve(
	routes: Partial< Record< 'GET' | 'POST' | 'DELETE' | 'TEST', Handler > >
) {
	apiFetchMock.mockImplementation( ( async ( options: Options ) => {
		const method = options.method ?? 'GET';
		const route = options.path === '/key-guard/v1/test' ? 'TEST' : method;
		const handler = routes[ route as keyof typeof routes ];
		if ( ! handler ) {
			throw {
				code: 'rest_no_route',
				message: `No route for ${ method } ${ options.path }`,
			};
		}
		return handler( options );
	} ) as unknown as typeof apiFetch );
}

function refuse( code: string, message: string ): never {
	throw { code, message, data: { status: 400 } } satisfies ApiError;
}

async function renderApp(
	status: KeyStatus,
	routes: Parameters< typeof serve >[ 0 ] = {}
) {
	serve( { GET: () => status, ...routes } );
	const view = renderWithRegistry( <App /> );
	await screen.findByRole( 'heading', { name: 'Current key' } );
	return { user: userEvent.setup(), ...view };
}

function fact( term: string ): HTMLElement {
	return screen.getByText( term, { selector: 'dt' } )
		.nextElementSibling as HTMLElement;
}

function calls( route: string, method: string ) {
	return apiFetchMock.mock.calls
		.map( ( [ options ] ) => options as Options )
		.filter(
			( options ) =>
				options.path === route && ( options.method ?? 'GET' ) === method
		);
}

describe( 'App', () => {
	it( 'paints the saved state from one GET', async () => {
		await renderApp( makeStatus() );
		expect( screen.queryByRole( 'heading', { level: 1 } ) ).toBeNull();
		expect( fact( 'Source' ) ).toHaveTextContent( 'Saved in the database' );
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		expect( screen.getByLabelText( 'Model' ) ).toHaveValue( 'gpt-4o-mini' );
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveValue( '' );
		expect( calls( '/key-guard/v1/key', 'GET' ) ).toHaveLength( 1 );
	} );

	it( 'saves a key: field emptied, new mask shown, snackbar, key nowhere in the page', async () => {
		const key = simKey();
		const { user } = await renderApp( makeStatus(), {
			POST: () => makeSaveResult(),
		} );
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
		expect( document.documentElement.outerHTML ).not.toContain( key );
		expect( document.documentElement.outerHTML ).not.toContain(
			key.slice( 8, 40 )
		);
	} );

	it( 'shows a refusal next to the field and keeps the saved state', async () => {
		const { user } = await renderApp( makeStatus(), {
			POST: () =>
				refuse(
					'key_guard_masked',
					'This is the masked key, not the key itself.'
				),
		} );
		await user.type(
			screen.getByLabelText( 'OpenAI API key' ),
			'sk-proj-…Ab3d'
		);
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		expect(
			await screen.findByText(
				'This is the masked key, not the key itself.'
			)
		).toBeInTheDocument();
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		expect( screen.queryByText( 'API key saved' ) ).not.toBeInTheDocument();
	} );

	it( 'removes the key only after confirmation', async () => {
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
		expect(
			screen.getByText( 'No OpenAI key is set yet.' )
		).toBeInTheDocument();
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
	} );

	it( 'is read-only for a key from wp-config.php: no field, no Remove, the define() snippet', async () => {
		await renderApp(
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
		expect(
			screen.queryByRole( 'button', { name: 'Remove key' } )
		).not.toBeInTheDocument();
		expect(
			screen.getByText( "define( 'OPENAI_API_KEY', 'sk-…' );" )
		).toBeInTheDocument();
		expect( fact( 'Source' ) ).toHaveTextContent(
			'From the OPENAI_API_KEY constant in wp-config.php'
		);
		expect(
			screen.getByRole( 'button', { name: 'Test connection' } )
		).toBeInTheDocument();
	} );

	it( 'tests the stored key: busy, then the full result, announced and kept as last test', async () => {
		const answer = deferred< TestResult >();
		const { user } = await renderApp( makeStatus(), {
			TEST: () => answer.promise,
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);

		const button = screen.getByRole( 'button', {
			name: 'Test connection',
		} );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( button ).toHaveClass( 'is-busy' );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Testing connection…'
		);
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {
			model: 'gpt-4o-mini',
		} );

		answer.resolve( FAILED_QUOTA );
		const headline = await screen.findByRole( 'heading', {
			level: 3,
			name: /^Failed/,
		} );
		expect( headline ).toHaveTextContent(
			'Failed: The OpenAI account has no credit left.'
		);
		expect( screen.getByRole( 'status' ) ).toHaveTextContent( '' );
		expect(
			screen.getByText( /Add credit or raise the monthly budget/ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: /Billing overview/ } )
		).toBeInTheDocument();
		expect(
			screen
				.getByText( 'Test request', { selector: 'strong' } )
				.closest( 'li' )
		).toHaveTextContent( 'Failed' );
		expect( screen.getByText( 'req_quota42' ) ).toBeInTheDocument();
		expect(
			screen.getByText( 'Requests: 0/500 (resets in 20s)' )
		).toBeInTheDocument();
		expect( fact( 'Last test' ) ).toHaveTextContent(
			'The OpenAI account has no credit left.'
		);
		expect( speak ).toHaveBeenCalledWith(
			'Failed: The OpenAI account has no credit left.',
			'assertive'
		);
	} );

	it( 'tests a typed key with the chosen model, without saving it', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			TEST: () =>
				makeResult( {
					key_source: 'candidate',
					model: 'gpt-4.1-mini',
				} ),
		} );
		const model = screen.getByLabelText( 'Model' );
		await user.clear( model );
		await user.type( model, 'gpt-4.1-mini' );
		await user.type(
			screen.getByLabelText( 'OpenAI API key' ),
			'sk-typed-key'
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Test this key' } )
		);

		expect(
			await screen.findByText( /Tested the key typed above/ )
		).toBeInTheDocument();
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {
			key: 'sk-typed-key',
			model: 'gpt-4.1-mini',
		} );
		expect( calls( '/key-guard/v1/key', 'POST' ) ).toHaveLength( 0 );
		expect(
			screen.getByText( 'No OpenAI key is set yet.' )
		).toBeInTheDocument();
	} );

	it( 'lets an admin use a held production key on this copy of the site', async () => {
		const held = makeStatus( {
			configured: false,
			source: 'none',
			masked: '',
			kind: null,
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
		expect(
			await screen.findByText( 'An OpenAI key is set.' )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', {
				name: 'Use the production key on this site',
			} )
		).not.toBeInTheDocument();
		expect( calls( '/key-guard/v1/key/confirm', 'POST' ) ).toHaveLength(
			1
		);
	} );

	it( 'drops the result about a typed key once the field is edited', async () => {
		const { user } = await renderApp( EMPTY_STATUS, {
			TEST: () => makeResult( { key_source: 'candidate' } ),
		} );
		const field = screen.getByLabelText( 'OpenAI API key' );
		await user.type( field, 'sk-typed-key' );
		await user.click(
			screen.getByRole( 'button', { name: 'Test this key' } )
		);
		expect(
			await screen.findByText( /Tested the key typed above/ )
		).toBeInTheDocument();
		await user.type( field, 'x' );
		expect(
			screen.queryByText( /Tested the key typed above/ )
		).not.toBeInTheDocument();
	} );

	it( 'lets the server pick the model when the field is emptied', async () => {
		const { user } = await renderApp( makeStatus(), {
			TEST: () => makeResult(),
		} );
		await user.clear( screen.getByLabelText( 'Model' ) );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);
		await screen.findByRole( 'heading', {
			level: 3,
			name: /^(Connected|Failed|Warning)/,
		} );
		expect( calls( '/key-guard/v1/test', 'POST' )[ 0 ].data ).toEqual( {} );
	} );

	it( 'shows a refused test request, e.g. our own rate limit', async () => {
		const { user } = await renderApp( makeStatus(), {
			TEST: () =>
				refuse(
					'key_guard_rate_limited',
					'Too many tests. Wait a minute.'
				),
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);
		expect(
			await screen.findByText( 'Too many tests. Wait a minute.' )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Test connection' } )
		).not.toHaveAttribute( 'aria-disabled' );
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
		await user.click(
			screen.getByRole( 'button', { name: 'Add a staging key' } )
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
		expect( screen.getByLabelText( 'OpenAI API key' ) ).toHaveValue( '' );
	} );
} );
