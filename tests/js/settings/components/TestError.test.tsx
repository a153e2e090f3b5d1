import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import TestError from '../../../../src/settings/components/TestError';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

const RATE_LIMITED = {
	code: 'key_guard_rate_limited',
	message: 'Too many connection tests: 10 per minute are allowed.',
	data: { status: 429 },
};

describe( 'TestError', () => {
	it( 'shows what the server said', () => {
		render(
			<TestError
				error={ {
					code: 'rest_forbidden',
					message: 'Sorry, you are not allowed to do that.',
				} }
				waitSeconds={ 0 }
			/>
		);
		expect(
			screen.getByText( 'Sorry, you are not allowed to do that.' )
		).toBeInTheDocument();
	} );

	it( 'counts down the wait after too many tests', () => {
		const { rerender } = render(
			<TestError error={ RATE_LIMITED } waitSeconds={ 9 } />
		);
		expect(
			screen.getByText( /^Too many connection tests/ )
		).toHaveTextContent(
			'Too many connection tests: 10 per minute are allowed. You can test again in 9 seconds.'
		);
		rerender( <TestError error={ RATE_LIMITED } waitSeconds={ 1 } /> );
		expect(
			screen.getByText( 'You can test again in 1 second.' )
		).toBeInTheDocument();
		rerender( <TestError error={ RATE_LIMITED } waitSeconds={ 0 } /> );
		expect( screen.queryByText( /You can test again/ ) ).toBeNull();
	} );

	it( 'counts nothing down for another refusal', () => {
		render(
			<TestError
				error={ {
					code: 'key_guard_not_openai_key',
					message: 'OpenAI keys start with "sk-".',
				} }
				waitSeconds={ 5 }
			/>
		);
		expect( screen.queryByText( /You can test again/ ) ).toBeNull();
	} );
} );
