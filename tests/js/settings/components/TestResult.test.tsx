import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import TestResult from '../../../../src/settings/components/TestResult';
import { FAILED_QUOTA, makeResult } from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

describe( 'TestResult', () => {
	it( 'heads a success with an icon and the word Connected', () => {
		render( <TestResult result={ makeResult() } /> );
		const headline = screen.getByRole( 'heading', { level: 3 } );
		expect( headline ).toHaveTextContent(
			'Connected: Connected to OpenAI.'
		);
		expect( headline.querySelector( 'svg' ) ).not.toBeNull();
		expect(
			screen.getByText( 'Tested the configured key.', { exact: false } )
		).toBeInTheDocument();
	} );

	it( 'explains a failure: advice, links, checks, request id, latency, model, rate limit', () => {
		render( <TestResult result={ FAILED_QUOTA } /> );
		expect( screen.getByRole( 'heading', { level: 3 } ) ).toHaveTextContent(
			'Failed: The OpenAI account has no credit left.'
		);
		expect(
			screen.getByText( /Add credit or raise the monthly budget/ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: /Billing overview/ } )
		).toHaveAttribute(
			'href',
			'https://platform.openai.com/settings/organization/billing/overview'
		);

		const checks = within( screen.getByRole( 'list', { name: 'Checks' } ) );
		expect( checks.getAllByRole( 'listitem' ) ).toHaveLength( 3 );
		expect( checks.getAllByRole( 'listitem' )[ 2 ] ).toHaveTextContent(
			'Test request: Failed — HTTP 429 insufficient_quota.'
		);
		expect( checks.getAllByRole( 'listitem' )[ 0 ] ).toHaveTextContent(
			'Key format: Passed'
		);

		expect( screen.getByText( 'req_quota42' ) ).toBeInTheDocument();
		expect( screen.getByText( '412 ms' ) ).toBeInTheDocument();
		expect(
			screen.getByText( 'gpt-4o-mini', { selector: 'code' } )
		).toBeInTheDocument();
		const headroom = within(
			screen.getByRole( 'list', { name: 'Rate limit headroom' } )
		);
		expect(
			headroom
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [
			'Requests: 0/500 (resets in 20s)',
			'Retry after 20 seconds.',
		] );
	} );

	it( 'shows token headroom and says when a typed key was tested', () => {
		render(
			<TestResult result={ makeResult( { key_source: 'candidate' } ) } />
		);
		expect(
			screen.getByText( 'Tokens: 1,999,990/2,000,000 (resets in 0s)' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /Tested the key typed above; it is not saved\./ )
		).toBeInTheDocument();
	} );

	it( 'copies the request id', async () => {
		const user = userEvent.setup();
		render( <TestResult result={ makeResult() } /> );
		await user.click(
			screen.getByRole( 'button', { name: 'Copy request ID' } )
		);
		await expect( window.navigator.clipboard.readText() ).resolves.toBe(
			'req_abc123'
		);
		expect( speak ).toHaveBeenCalledWith( 'Request ID copied.' );
	} );
} );
