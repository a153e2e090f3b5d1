import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import ConnectionTest from '../../../../src/settings/components/ConnectionTest';
import type { ConnectionTestProps } from '../../../../src/settings/components/ConnectionTest/types';
import { makeResult } from '../../fixtures';

function props(
	overrides: Partial< ConnectionTestProps > = {}
): ConnectionTestProps {
	return {
		configured: true,
		model: 'gpt-4o-mini',
		onModelChange: vi.fn(),
		defaultModel: 'gpt-4o-mini',
		running: null,
		result: null,
		error: null,
		onTestStored: vi.fn(),
		...overrides,
	};
}

describe( 'ConnectionTest', () => {
	it( 'tests the stored key and lets the model be changed', async () => {
		const user = userEvent.setup();
		const all = props();
		render( <ConnectionTest { ...all } /> );
		expect( screen.getByLabelText( 'Model' ) ).toHaveValue( 'gpt-4o-mini' );
		await user.type( screen.getByLabelText( 'Model' ), 'x' );
		expect( all.onModelChange ).toHaveBeenCalledWith( 'gpt-4o-minix' );
		await user.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);
		expect( all.onTestStored ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'says the test picks a model when the site names none', () => {
		render(
			<ConnectionTest { ...props( { model: '', defaultModel: '' } ) } />
		);
		expect(
			screen.getByText(
				'Leave empty to let the test pick the cheapest model this key can see.'
			)
		).toBeInTheDocument();
		expect( screen.queryByText( 'Leave empty to use .' ) ).toBeNull();
	} );

	it( 'names the model the site chose for every test', () => {
		render( <ConnectionTest { ...props() } /> );
		expect(
			screen.getByText( 'Leave empty to use gpt-4o-mini.' )
		).toBeInTheDocument();
	} );

	it( 'cannot start another test while the server asks to wait', async () => {
		const user = userEvent.setup();
		const all = props( {
			waitSeconds: 5,
			error: {
				code: 'key_guard_rate_limited',
				message:
					'Too many connection tests: 10 per minute are allowed.',
			},
		} );
		const { rerender } = render( <ConnectionTest { ...all } /> );
		const button = screen.getByRole( 'button', {
			name: 'Test connection',
		} );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.click( button );
		expect( all.onTestStored ).not.toHaveBeenCalled();
		expect(
			screen.getByText( 'You can test again in 5 seconds.' )
		).toBeInTheDocument();
		rerender( <ConnectionTest { ...all } waitSeconds={ 1 } /> );
		expect(
			screen.getByText( 'You can test again in 1 second.' )
		).toBeInTheDocument();
	} );

	it( 'shows progress in words while a test runs', () => {
		render( <ConnectionTest { ...props( { running: 'stored' } ) } /> );
		const button = screen.getByRole( 'button', {
			name: 'Test connection',
		} );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( button ).toHaveClass( 'is-busy' );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Testing connection…'
		);
	} );

	it( 'has no stored-key button without a key', () => {
		render( <ConnectionTest { ...props( { configured: false } ) } /> );
		expect(
			screen.queryByRole( 'button', { name: 'Test connection' } )
		).not.toBeInTheDocument();
		expect(
			screen.getByText( /Type one above and choose “Test this key”/ )
		).toBeInTheDocument();
	} );

	it( 'shows the result and request errors', () => {
		const { rerender } = render(
			<ConnectionTest { ...props( { result: makeResult() } ) } />
		);
		expect( screen.getByRole( 'heading', { level: 3 } ) ).toHaveTextContent(
			'Connected: Connected to OpenAI.'
		);
		rerender(
			<ConnectionTest
				{ ...props( {
					error: {
						code: 'key_guard_rate_limited',
						message: 'Wait a minute before testing again.',
					},
				} ) }
			/>
		);
		expect(
			screen.getByText( 'Wait a minute before testing again.' )
		).toBeInTheDocument();
	} );
} );
