import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import RemoveKey from '../../../../src/settings/components/RemoveKey';

describe( 'RemoveKey', () => {
	it( 'asks before removing, and does nothing on cancel', async () => {
		const user = userEvent.setup();
		const onRemove = vi.fn().mockResolvedValue( undefined );
		render( <RemoveKey onRemove={ onRemove } /> );

		await user.click(
			screen.getByRole( 'button', { name: 'Remove key' } )
		);
		const dialog = screen.getByRole( 'dialog' );
		expect( dialog ).toHaveTextContent(
			/stop working until a new key is saved/
		);
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		);

		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		expect( onRemove ).not.toHaveBeenCalled();
	} );

	it( 'removes once confirmed and closes the dialog', async () => {
		const user = userEvent.setup();
		const onRemove = vi.fn().mockResolvedValue( undefined );
		render( <RemoveKey onRemove={ onRemove } /> );

		await user.click(
			screen.getByRole( 'button', { name: 'Remove key' } )
		);
		await user.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Remove key',
			} )
		);

		expect( onRemove ).toHaveBeenCalledTimes( 1 );
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument()
		);
	} );
} );
