import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import TestSettings from '../../../../src/settings/components/TestSettings';
import {
	findDisclosure,
	isInClosedDisclosure,
	openDisclosure,
	isOpen,
} from '../../fixtures';

describe( 'TestSettings', () => {
	it( 'stays closed until asked for', () => {
		render(
			<TestSettings
				model="gpt-4o-mini"
				onModelChange={ vi.fn() }
				defaultModel="gpt-4o-mini"
			/>
		);
		expect( isOpen( findDisclosure( 'Test settings' ) ) ).toBe( false );
		expect( isInClosedDisclosure( screen.getByLabelText( 'Model' ) ) ).toBe(
			true
		);
	} );

	it( 'offers the model, saying which one an empty field uses', async () => {
		const user = userEvent.setup();
		const onModelChange = vi.fn();
		render(
			<TestSettings
				model="gpt-4o-mini"
				onModelChange={ onModelChange }
				defaultModel="gpt-4o-mini"
			/>
		);
		await openDisclosure( user, 'Test settings' );
		expect(
			screen.getByText( /sends it a tiny request of a few tokens/ )
		).toBeInTheDocument();
		const model = screen.getByLabelText( 'Model' );
		expect( model ).toHaveValue( 'gpt-4o-mini' );
		expect( model ).toHaveAccessibleDescription(
			'Leave empty to use gpt-4o-mini.'
		);
		await user.type( model, 'x' );
		expect( onModelChange ).toHaveBeenLastCalledWith( 'gpt-4o-minix' );
	} );

	it( 'says the test picks a model when the site names none', async () => {
		const user = userEvent.setup();
		render(
			<TestSettings model="" onModelChange={ vi.fn() } defaultModel="" />
		);
		await openDisclosure( user, 'Test settings' );
		expect( screen.getByLabelText( 'Model' ) ).toHaveAccessibleDescription(
			'Leave empty to let the test pick the cheapest model this key can see.'
		);
	} );
} );
