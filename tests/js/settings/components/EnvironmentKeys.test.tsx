import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { describe, expect, it, vi } from 'vitest';

import EnvironmentKeys from '../../../../src/settings/components/EnvironmentKeys';
import type { EnvironmentKeysProps } from '../../../../src/settings/components/EnvironmentKeys/types';
import type {
	ApiError,
	EnvironmentType,
	TestResult,
} from '../../../../src/shared/types';
import {
	deferred,
	findDisclosure,
	isInClosedDisclosure,
	makeEnvironments,
	makeResult,
	makeSaveResult,
	openDisclosure,
	simKey,
	isOpen,
} from '../../fixtures';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

const TITLE = 'Keys for copies of this site';
const TYPES: EnvironmentType[] = [
	'production',
	'staging',
	'development',
	'local',
];

/**
 * Renders the keys of a site of type `current`, the section still closed.
 *
 * @param overrides Changes per environment type.
 * @param props     Other props, e.g. current or sharedSecret.
 */
function renderKeys(
	overrides: Parameters< typeof makeEnvironments >[ 0 ] = {},
	props: Partial< EnvironmentKeysProps > = {}
) {
	const current = props.current ?? 'production';
	const environments = makeEnvironments( overrides ).map( ( entry ) => ( {
		...entry,
		current: entry.environment === current,
	} ) );
	const all: EnvironmentKeysProps = {
		current,
		environments,
		onSave: vi.fn().mockResolvedValue( makeSaveResult() ),
		onRemove: vi.fn().mockResolvedValue( undefined ),
		sharedSecret: true,
		model: 'gpt-4o-mini',
		onTested: vi.fn(),
		onDone: vi.fn(),
		...props,
	};
	const user = userEvent.setup();
	const view = render( <EnvironmentKeys { ...all } /> );
	return { user, props: all, ...view };
}

/**
 * Renders the keys and opens the section, as a person does before using it.
 *
 * @param overrides Changes per environment type.
 * @param props     Other props.
 */
async function renderOpen(
	overrides: Parameters< typeof makeEnvironments >[ 0 ] = {},
	props: Partial< EnvironmentKeysProps > = {}
) {
	const view = renderKeys( overrides, props );
	await openDisclosure( view.user, TITLE );
	// The section's code is a chunk of its own, fetched when first opened.
	await screen.findByText( /When this site is copied/ );
	return view;
}

function section( name: string ): HTMLElement {
	return screen.getByRole( 'region', { name } );
}

function listed(): string[] {
	return screen
		.queryAllByRole( 'heading', { level: 3 } )
		.map( ( heading ) => heading.textContent ?? '' );
}

describe( 'EnvironmentKeys', () => {
	it( 'stays closed, its code not even fetched, until asked for; then keeps what was typed when closed', async () => {
		const { user } = renderKeys();
		expect( isOpen( findDisclosure( TITLE ) ) ).toBe( false );
		expect(
			screen.queryByRole( 'button', {
				name: 'Add a staging key',
				hidden: true,
			} )
		).toBeNull();
		await openDisclosure( user, TITLE );
		const add = await screen.findByRole( 'button', {
			name: 'Add a staging key',
		} );
		expect( isInClosedDisclosure( add ) ).toBe( false );
		await user.click( add );
		await user.type(
			screen.getByLabelText( 'OpenAI API key for staging sites' ),
			'sk-typed'
		);
		await user.click( screen.getByRole( 'button', { name: TITLE } ) );
		expect( isOpen( findDisclosure( TITLE ) ) ).toBe( false );
		await openDisclosure( user, TITLE );
		expect(
			screen.getByLabelText( 'OpenAI API key for staging sites' )
		).toHaveValue( 'sk-typed' );
	} );

	it( 'lists the other environment types with what is saved for each, never this site', async () => {
		const { user } = await renderOpen( {
			staging: {
				configured: true,
				readable: true,
				masked: 'sk-proj-…St4g',
				saved_at: new Date().toISOString(),
				saved_by_name: 'Ada Admin',
			},
			local: { configured: true, readable: false },
		} );
		expect( listed() ).toEqual( [ 'Staging', 'Development', 'Local' ] );
		expect( section( 'Staging' ) ).toHaveTextContent(
			/sk-proj-…St4g, saved .* by Ada Admin/
		);
		expect( section( 'Development' ) ).toHaveTextContent( 'No key saved.' );
		expect( section( 'Local' ) ).toHaveTextContent(
			/cannot be decrypted on this site/
		);
		expect(
			within( section( 'Staging' ) ).getByRole( 'button', {
				name: 'Replace the staging key',
			} )
		).toBeInTheDocument();
		expect(
			within( section( 'Development' ) ).queryByRole( 'button', {
				name: /Remove/,
			} )
		).toBeNull();

		await openDisclosure( user, 'For developers' );
		expect(
			screen.getByText( /WP_ENVIRONMENT_TYPE \(this site: Production\)/ )
		).toBeInTheDocument();
	} );

	it.each( [
		[ 'production', [ 'Staging', 'Development', 'Local' ] ],
		[ 'staging', [ 'Development', 'Local' ] ],
		[ 'development', [ 'Local' ] ],
	] as Array< [ EnvironmentType, string[] ] > )(
		'on a %s site offers only the types a copy of it can be',
		async ( current, expected ) => {
			await renderOpen( {}, { current } );
			expect( listed() ).toEqual( expected );
			expect(
				screen.queryByRole( 'button', { name: 'Add a production key' } )
			).toBeNull();
		}
	);

	it( 'on a local site offers nothing, so shows nothing', () => {
		const { container } = renderKeys( {}, { current: 'local' } );
		expect( container ).toBeEmptyDOMElement();
	} );

	it( 'on a staging site still lists a production key saved before, to replace or remove it', async () => {
		await renderOpen(
			{
				production: {
					configured: true,
					readable: true,
					masked: 'sk-proj-…Pr0d',
				},
			},
			{ current: 'staging' }
		);
		expect( listed() ).toEqual( [ 'Production', 'Development', 'Local' ] );
		const production = within( section( 'Production' ) );
		expect(
			production.getByRole( 'button', {
				name: 'Replace the production key',
			} )
		).toBeInTheDocument();
		expect(
			production.getByRole( 'button', {
				name: 'Remove the production key',
			} )
		).toBeInTheDocument();
	} );

	it( 'tests a prepared key for its environment type and answers in its row, focused', async () => {
		const answer = deferred< TestResult >();
		vi.mocked( apiFetch ).mockReturnValueOnce( answer.promise );
		const { user, props } = await renderOpen( {
			staging: {
				configured: true,
				readable: true,
				masked: 'sk-proj-…St4g',
			},
			local: { configured: true, readable: false },
		} );
		expect(
			screen.queryByRole( 'button', { name: 'Test the local key' } )
		).toBeNull();
		expect(
			screen.queryByRole( 'button', { name: 'Test the development key' } )
		).toBeNull();

		const staging = within( section( 'Staging' ) );
		await user.click(
			staging.getByRole( 'button', { name: 'Test the staging key' } )
		);
		expect( apiFetch ).toHaveBeenCalledWith( {
			path: '/key-guard/v1/test',
			method: 'POST',
			data: { environment: 'staging', model: 'gpt-4o-mini' },
		} );
		expect( staging.getByRole( 'status' ) ).toHaveTextContent(
			'Testing connection…'
		);

		answer.resolve(
			makeResult( { key_source: 'environment', environment: 'staging' } )
		);
		const headline = await staging.findByRole( 'heading', {
			level: 4,
			name: /^Connected/,
		} );
		await waitFor( () => expect( headline ).toHaveFocus() );
		expect( staging.getByRole( 'status' ) ).toBeEmptyDOMElement();
		expect( props.onTested ).toHaveBeenCalledTimes( 1 );
		expect(
			within( section( 'Development' ) ).queryByRole( 'heading', {
				level: 4,
			} )
		).toBeNull();
	} );

	it( 'warns once, not per row, when copies cannot read the keys', async () => {
		await renderOpen(
			Object.fromEntries(
				TYPES.map( ( type ) => [
					type,
					{ configured: true, readable: true, masked: 'sk-…' },
				] )
			),
			{ sharedSecret: false }
		);
		expect( screen.getAllByText( 'Before you rely on it:' ) ).toHaveLength(
			1
		);
	} );

	it( 'says nothing about the secret when copies share it', async () => {
		await renderOpen();
		expect( screen.queryByText( 'Before you rely on it:' ) ).toBeNull();
	} );

	it( 'saves a typed key for one environment type and clears the field', async () => {
		const { user, props } = await renderOpen();
		const key = simKey( 'ok', 'dev' );
		await user.click(
			screen.getByRole( 'button', { name: 'Add a development key' } )
		);
		const field = screen.getByLabelText(
			'OpenAI API key for development sites'
		);
		expect( field ).toHaveAttribute( 'type', 'password' );
		await user.click( field );
		await user.paste( key );
		await user.click(
			screen.getByRole( 'button', { name: 'Save the development key' } )
		);

		expect( props.onSave ).toHaveBeenCalledWith( 'development', key );
		expect(
			screen.queryByLabelText( 'OpenAI API key for development sites' )
		).toBeNull();
		expect( document.body.innerHTML ).not.toContain( key.slice( 20, 40 ) );
	} );

	it( 'shows a refusal next to the field and keeps what was typed', async () => {
		const { user, props } = await renderOpen();
		vi.mocked( props.onSave ).mockRejectedValueOnce( {
			code: 'key_guard_masked',
			message: 'That is the masked key, not the key.',
			data: { status: 400 },
		} satisfies ApiError );
		await user.click(
			screen.getByRole( 'button', { name: 'Add a staging key' } )
		);
		const field = screen.getByLabelText(
			'OpenAI API key for staging sites'
		);
		await user.type( field, 'sk-proj-…Ab3d' );
		await user.click(
			screen.getByRole( 'button', { name: 'Save the staging key' } )
		);

		expect(
			await screen.findByText( 'That is the masked key, not the key.' )
		).toBeInTheDocument();
		expect( field ).toHaveValue( 'sk-proj-…Ab3d' );
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( field ).toHaveAccessibleDescription(
			'That is the masked key, not the key.'
		);
	} );

	it( 'does not save an empty field, and Cancel closes the form', async () => {
		const { user, props } = await renderOpen();
		await user.click(
			screen.getByRole( 'button', { name: 'Add a local key' } )
		);
		expect(
			screen.getByRole( 'button', { name: 'Save the local key' } )
		).toHaveAttribute( 'aria-disabled', 'true' );
		await user.type(
			screen.getByLabelText( 'OpenAI API key for local sites' ),
			'abc'
		);
		await user.click( screen.getByRole( 'button', { name: 'Cancel' } ) );
		expect(
			screen.queryByLabelText( 'OpenAI API key for local sites' )
		).toBeNull();
		await user.click(
			screen.getByRole( 'button', { name: 'Add a local key' } )
		);
		expect(
			screen.getByLabelText( 'OpenAI API key for local sites' )
		).toHaveValue( '' );
		expect( props.onSave ).not.toHaveBeenCalled();
	} );

	it( 'removes the key of one environment type', async () => {
		const { user, props } = await renderOpen( {
			development: {
				configured: true,
				readable: true,
				masked: 'sk-proj-…D3v1',
			},
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Remove the development key' } )
		);
		const dialog = screen.getByRole( 'dialog', {
			name: 'Remove the key for development sites?',
		} );
		expect( props.onRemove ).not.toHaveBeenCalled();
		await user.click(
			within( dialog ).getByRole( 'button', {
				name: 'Remove the development key',
			} )
		);
		expect( props.onRemove ).toHaveBeenCalledWith( 'development' );
	} );

	it( 'moves focus into the form and back to the button that opened it', async () => {
		const { user } = await renderOpen();
		await user.click(
			screen.getByRole( 'button', { name: 'Add a local key' } )
		);
		const field = screen.getByLabelText( 'OpenAI API key for local sites' );
		expect( field ).toHaveFocus();
		expect( field ).not.toHaveAttribute( 'aria-describedby' );
		await user.click( screen.getByRole( 'button', { name: 'Cancel' } ) );
		expect(
			screen.getByRole( 'button', { name: 'Add a local key' } )
		).toHaveFocus();

		await user.click(
			screen.getByRole( 'button', { name: 'Add a local key' } )
		);
		await user.paste( simKey( 'ok', 'focus' ) );
		await user.click(
			screen.getByRole( 'button', { name: 'Save the local key' } )
		);
		expect(
			await screen.findByRole( 'button', { name: 'Add a local key' } )
		).toHaveFocus();
	} );
} );
