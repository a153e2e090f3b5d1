import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import EnvironmentKeys from '../../../../src/settings/components/EnvironmentKeys';
import type { ApiError } from '../../../../src/shared/types';
import { makeEnvironments, makeSaveResult, simKey } from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

function renderKeys(
	overrides: Parameters< typeof makeEnvironments >[ 0 ] = {}
) {
	const onSave = vi.fn().mockResolvedValue( makeSaveResult() );
	const onRemove = vi.fn().mockResolvedValue( undefined );
	render(
		<EnvironmentKeys
			current="production"
			environments={ makeEnvironments( overrides ) }
			onSave={ onSave }
			onRemove={ onRemove }
		/>
	);
	return { user: userEvent.setup(), onSave, onRemove };
}

function section( name: string ): HTMLElement {
	return screen.getByRole( 'region', { name } );
}

describe( 'EnvironmentKeys', () => {
	it( 'lists the other environment types with what is saved for each, never this site', () => {
		renderKeys( {
			staging: {
				configured: true,
				readable: true,
				masked: 'sk-proj-…St4g',
				saved_at: new Date().toISOString(),
				saved_by_name: 'Ada Admin',
			},
			local: { configured: true, readable: false },
		} );
		expect(
			screen
				.getAllByRole( 'heading', { level: 3 } )
				.map( ( h ) => h.textContent )
		).toEqual( [ 'Staging', 'Development', 'Local' ] );
		expect(
			screen.getByText( /This site’s environment type is Production/ )
		).toBeInTheDocument();
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
	} );

	it( 'saves a typed key for one environment type and clears the field', async () => {
		const { user, onSave } = renderKeys();
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

		expect( onSave ).toHaveBeenCalledWith( 'development', key );
		expect(
			screen.queryByLabelText( 'OpenAI API key for development sites' )
		).toBeNull();
		expect( document.body.innerHTML ).not.toContain( key.slice( 20, 40 ) );
	} );

	it( 'shows a refusal next to the field and keeps what was typed', async () => {
		const { user, onSave } = renderKeys();
		onSave.mockRejectedValueOnce( {
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
		const { user, onSave } = renderKeys();
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
		expect( onSave ).not.toHaveBeenCalled();
	} );

	it( 'removes the key of one environment type', async () => {
		const { user, onRemove } = renderKeys( {
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
		expect( onRemove ).not.toHaveBeenCalled();
		await user.click(
			within( dialog ).getByRole( 'button', {
				name: 'Remove the development key',
			} )
		);
		expect( onRemove ).toHaveBeenCalledWith( 'development' );
	} );

	it( 'moves focus into the form and back to the button that opened it', async () => {
		const { user } = renderKeys();
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
