import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import SaveNotices from '../../../../src/settings/components/SaveNotices';

describe( 'SaveNotices', () => {
	it( 'renders nothing without notices', () => {
		const { container } = render(
			<SaveNotices notices={ [] } onDismiss={ vi.fn() } />
		);
		expect( container ).toBeEmptyDOMElement();
	} );

	it( 'keeps cleanups apart from warnings about the key', async () => {
		const onDismiss = vi.fn();
		render(
			<SaveNotices
				notices={ [
					{ code: 'removed_quotes', message: 'Removed the quotes.' },
					{ code: 'looks_truncated', message: 'Looks cut short.' },
				] }
				onDismiss={ onDismiss }
			/>
		);
		const cleanups = screen.getByText(
			'The server cleaned up the key before saving it:'
		).nextElementSibling as HTMLElement;
		expect( cleanups ).toHaveTextContent( 'Removed the quotes.' );
		expect( cleanups ).not.toHaveTextContent( 'Looks cut short.' );
		const warnings = screen.getByText( 'The key was saved, but check it:' )
			.nextElementSibling as HTMLElement;
		expect( warnings ).toHaveTextContent( 'Looks cut short.' );
		await userEvent.click( screen.getByRole( 'button' ) );
		expect( onDismiss ).toHaveBeenCalled();
	} );

	it( 'has no warning heading when only cleanups were made', () => {
		render(
			<SaveNotices
				notices={ [
					{ code: 'removed_bearer', message: 'Removed Bearer.' },
				] }
				onDismiss={ vi.fn() }
			/>
		);
		expect(
			screen.queryByText( 'The key was saved, but check it:' )
		).not.toBeInTheDocument();
	} );
} );
