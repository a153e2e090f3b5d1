import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import TestResult from '../../../../src/settings/components/TestResult';
import {
	FAILED_QUOTA,
	findDisclosure,
	isInClosedDisclosure,
	makeResult,
	openDisclosure,
	isOpen,
} from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

afterEach( () => {
	delete ( Element.prototype as Partial< Element > ).scrollIntoView;
} );

describe( 'TestResult', () => {
	it( 'heads a success with an icon and the word Connected, about the saved key', () => {
		render( <TestResult result={ makeResult() } /> );
		const headline = screen.getByRole( 'heading', { level: 3 } );
		expect( headline ).toHaveTextContent(
			'Connected: Connected to OpenAI.'
		);
		expect( headline.querySelector( 'svg' ) ).not.toBeNull();
		expect( headline ).not.toHaveFocus();
		expect(
			screen.getByText( /^Tested the saved key\./ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'region', { name: 'Test result' } )
		).toContainElement( headline );
	} );

	it( 'explains a failure in words first: advice, links, the steps', () => {
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

		const checks = within(
			screen.getByRole( 'list', { name: 'Checks' } )
		).getAllByRole( 'listitem' );
		expect( checks.map( ( item ) => item.textContent ) ).toEqual( [
			'Key format: Passed — Project key.',
			'Model access: Passed — gpt-4o-mini is available.',
			'Test request: Failed',
		] );
	} );

	it( 'keeps the figures under a closed "Technical details"', async () => {
		const user = userEvent.setup();
		render( <TestResult result={ FAILED_QUOTA } /> );
		const requestId = screen.getByText( 'req_quota42' );
		expect( isInClosedDisclosure( requestId ) ).toBe( true );
		expect( isOpen( findDisclosure( 'Technical details' ) ) ).toBe( false );

		const details = within(
			await openDisclosure( user, 'Technical details' )
		);
		expect( isInClosedDisclosure( requestId ) ).toBe( false );
		expect( details.getByText( '412 ms' ) ).toBeInTheDocument();
		expect(
			details.getByText( 'gpt-4o-mini', { selector: 'code' } )
		).toBeInTheDocument();
		expect(
			within(
				details.getByRole( 'list', { name: 'Rate limit headroom' } )
			)
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [
			'Requests: 0/500 (resets in 20s)',
			'Retry after 20 seconds.',
		] );
	} );

	it( 'says when a typed key was tested', () => {
		render(
			<TestResult result={ makeResult( { key_source: 'candidate' } ) } />
		);
		expect(
			screen.getByText( /Tested the key typed above; it is not saved\./ )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Tokens: 1,999,990/2,000,000 (resets in 0s)' )
		).toBeInTheDocument();
	} );

	it( 'moves focus to its headline and into view when asked to, and says so', () => {
		const scrollIntoView = vi.fn();
		Element.prototype.scrollIntoView = scrollIntoView;
		const onFocusTaken = vi.fn();
		render(
			<TestResult
				result={ FAILED_QUOTA }
				takeFocus
				onFocusTaken={ onFocusTaken }
			/>
		);
		const headline = screen.getByRole( 'heading', { level: 3 } );
		expect( headline ).toHaveFocus();
		expect( scrollIntoView ).toHaveBeenCalledWith( { block: 'nearest' } );
		expect( onFocusTaken ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'leaves focus alone when shown without a fresh answer', () => {
		render( <TestResult result={ FAILED_QUOTA } /> );
		expect( screen.getByRole( 'heading', { level: 3 } ) ).not.toHaveFocus();
	} );

	it( 'fits under the heading of the place it is shown in, and can leave the advice to it', () => {
		render(
			<TestResult
				result={ makeResult() }
				headingLevel={ 4 }
				showAdvice={ false }
			/>
		);
		expect(
			screen.getByRole( 'heading', { level: 4, name: /^Connected/ } )
		).toHaveTextContent( 'Connected: Connected to OpenAI.' );
		expect( screen.queryByRole( 'heading', { level: 3 } ) ).toBeNull();
		expect(
			screen.queryByText( 'Nothing to do: the key works.' )
		).toBeNull();
	} );

	it( 'states a warning once, in words', () => {
		const retiring =
			'gpt-4o-mini will be shut down on 2026-12-01; move to gpt-4.1-mini.';
		const { container } = render(
			<TestResult
				result={ makeResult( {
					warnings: [ { code: 'model_retiring', message: retiring } ],
					checks: [
						{
							id: 'model',
							label: 'Model access',
							status: 'warn',
							detail: retiring,
						},
					],
				} ) }
			/>
		);
		expect( screen.getByRole( 'heading', { level: 3 } ) ).toHaveTextContent(
			/^Warning/
		);
		expect(
			screen.getByText( 'Warning:' ).parentElement
		).toHaveTextContent( retiring );
		expect( container.textContent?.split( retiring ) ).toHaveLength( 2 );
	} );
} );
