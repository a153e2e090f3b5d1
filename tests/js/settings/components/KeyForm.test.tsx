import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import KeyForm from '../../../../src/settings/components/KeyForm';
import type { KeyFormProps } from '../../../../src/settings/components/KeyForm/types';
import {
	deferred,
	makeSaveResult,
	renderWithRegistry,
	simKey,
} from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

function setup( props: Partial< KeyFormProps > = {} ) {
	const all: KeyFormProps = {
		configured: true,
		onSave: vi.fn().mockResolvedValue( makeSaveResult() ),
		onTest: vi.fn(),
		isTesting: false,
		isTestingTypedKey: false,
		...props,
	};
	renderWithRegistry( <KeyForm { ...all } /> );
	return {
		user: userEvent.setup(),
		props: all,
		field: screen.getByLabelText( 'OpenAI API key' ),
	};
}

describe( 'KeyForm', () => {
	it( 'hides the key until Show key, then offers Hide key', async () => {
		const { user, field } = setup();
		expect( field ).toHaveAttribute( 'type', 'password' );

		await user.click( screen.getByRole( 'button', { name: 'Show key' } ) );
		expect( field ).toHaveAttribute( 'type', 'text' );
		expect(
			screen.queryByRole( 'button', { name: 'Show key' } )
		).toBeNull();

		await user.click( screen.getByRole( 'button', { name: 'Hide key' } ) );
		expect( field ).toHaveAttribute( 'type', 'password' );
		expect(
			screen.getByRole( 'button', { name: 'Show key' } )
		).toHaveAttribute( 'aria-controls', field.id );
	} );

	it( 'keeps Save disabled while the field is empty or blank', async () => {
		const onSave = vi.fn();
		const { user, field } = setup( { onSave } );
		const save = screen.getByRole( 'button', { name: 'Save key' } );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.type( field, '   ' );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.keyboard( '{Enter}' );
		expect( onSave ).not.toHaveBeenCalled();
		await user.type( field, 'x' );
		expect( save ).not.toHaveAttribute( 'aria-disabled' );
	} );

	it( 'gives live feedback on a pasted key', async () => {
		const { user, field } = setup();
		await user.click( field );
		await user.paste( `Bearer ${ simKey().slice( 0, -4 ) }\u200B` );
		expect(
			screen.getByText(
				'Removed the "Bearer " prefix: only the key itself is needed.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Removed invisible zero-width characters.' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /This key looks cut short/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Key type: Project key (sk-proj-)' )
		).toBeInTheDocument();
	} );

	it( 'warns before an admin key is sent', async () => {
		const { user, field } = setup();
		await user.click( field );
		await user.paste( 'sk-admin-abcdefT3BlbkFJabcdef' );
		expect(
			screen.getByText( /This is an admin key/ )
		).toBeInTheDocument();
	} );

	it( 'sends the key as typed, is busy meanwhile, then empties the field and shows the notices', async () => {
		const saving = deferred< ReturnType< typeof makeSaveResult > >();
		const onSave = vi.fn().mockReturnValue( saving.promise );
		const { user, field } = setup( { onSave } );
		const key = simKey();
		await user.click( field );
		await user.paste( ` ${ key }` );
		await user.click( screen.getByRole( 'button', { name: 'Save key' } ) );

		expect( onSave ).toHaveBeenCalledWith( ` ${ key }` );
		expect(
			screen.getByRole( 'button', { name: 'Save key' } )
		).toHaveAttribute( 'aria-disabled', 'true' );

		saving.resolve(
			makeSaveResult( {
				notices: [
					{
						code: 'trimmed',
						message: 'Removed a space before the key.',
					},
				],
			} )
		);
		await waitFor( () => expect( field ).toHaveValue( '' ) );
		expect(
			screen.getByText( 'Removed a space before the key.' )
		).toBeInTheDocument();
		expect( document.body.innerHTML ).not.toContain( key );
	} );

	it( 'shows a refusal next to the field and keeps the typed key for correction', async () => {
		const onSave = vi.fn().mockRejectedValue( {
			code: 'key_guard_admin_key',
			message: 'Admin keys cannot call models. Create a project key.',
			data: { status: 400 },
		} );
		const { user, field } = setup( { onSave } );
		await user.type( field, 'sk-admin-abc' );
		await user.keyboard( '{Enter}' );

		const error = await screen.findByText(
			'Admin keys cannot call models. Create a project key.'
		);
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( field.getAttribute( 'aria-describedby' ) ).toContain(
			error.id
		);
		expect( field ).toHaveValue( 'sk-admin-abc' );
		expect( speak ).toHaveBeenCalledWith(
			'Admin keys cannot call models. Create a project key.',
			'assertive'
		);

		await user.type( field, 'x' );
		expect(
			screen.queryByText(
				'Admin keys cannot call models. Create a project key.'
			)
		).not.toBeInTheDocument();
	} );

	it( 'tests the typed key without saving it', async () => {
		const { user, field, props } = setup();
		const test = screen.getByRole( 'button', { name: 'Test this key' } );
		expect( test ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.type( field, 'sk-typed' );
		await user.click( test );
		expect( props.onTest ).toHaveBeenCalledWith( 'sk-typed' );
		expect( props.onSave ).not.toHaveBeenCalled();
	} );

	it( 'disables Test this key while a test runs', () => {
		setup( { isTesting: true, isTestingTypedKey: true } );
		const test = screen.getByRole( 'button', { name: 'Test this key' } );
		expect( test ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( test ).toHaveClass( 'is-busy' );
	} );
} );
