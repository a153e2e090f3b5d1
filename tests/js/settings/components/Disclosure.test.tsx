import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import Disclosure from '../../../../src/settings/components/Disclosure';
import { findDisclosure, isInClosedDisclosure, isOpen } from '../../fixtures';

describe( 'Disclosure', () => {
	it( 'is closed by default and opens, and closes, on its title', async () => {
		const user = userEvent.setup();
		render(
			<Disclosure title="Replace the key">
				<button type="button">Inside</button>
			</Disclosure>
		);
		const details = findDisclosure( 'Replace the key' );
		const inside = screen.getByRole( 'button', {
			name: 'Inside',
			hidden: true,
		} );
		expect( isOpen( details ) ).toBe( false );
		expect( isInClosedDisclosure( inside ) ).toBe( true );
		expect( screen.queryByRole( 'heading' ) ).toBeNull();

		await user.click( screen.getByText( 'Replace the key' ) );
		expect( isOpen( details ) ).toBe( true );
		expect( isInClosedDisclosure( inside ) ).toBe( false );

		await user.click( screen.getByText( 'Replace the key' ) );
		expect( isOpen( details ) ).toBe( false );
	} );

	it( 'titles a section of the page with a heading of the given level', async () => {
		const user = userEvent.setup();
		render(
			<Disclosure title="Keys for copies of this site" level={ 2 }>
				<p>Body</p>
			</Disclosure>
		);
		const heading = screen.getByRole( 'heading', {
			level: 2,
			name: 'Keys for copies of this site',
		} );
		await user.click(
			within( heading ).getByRole( 'button', {
				name: 'Keys for copies of this site',
			} )
		);
		expect( within( heading ).getByRole( 'button' ) ).toHaveAttribute(
			'aria-expanded',
			'true'
		);
		expect(
			isOpen( findDisclosure( 'Keys for copies of this site' ) )
		).toBe( true );
	} );

	it( 'can start open', () => {
		render(
			<Disclosure title="Technical details" initialOpen>
				<p>Body</p>
			</Disclosure>
		);
		expect( isOpen( findDisclosure( 'Technical details' ) ) ).toBe( true );
		expect( isInClosedDisclosure( screen.getByText( 'Body' ) ) ).toBe(
			false
		);
	} );
} );
