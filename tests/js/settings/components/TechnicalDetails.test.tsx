import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import TechnicalDetails from '../../../../src/settings/components/TechnicalDetails';
import TestResult from '../../../../src/settings/components/TestResult';
import type { Check } from '../../../../src/shared/types';
import {
	findDisclosure,
	makeResult,
	openDisclosure,
	isOpen,
} from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

const CURL =
	'cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received';

const TIMED_OUT = makeResult( {
	ok: false,
	code: 'timeout',
	message: 'OpenAI did not answer in time.',
	http_status: null,
	request_id: null,
	rate_limit: null,
	checks: [
		{
			id: 'key',
			label: 'Key format',
			status: 'pass',
			detail: 'Project key.',
		},
		{ id: 'model', label: 'Model access', status: 'skip', detail: '' },
		{ id: 'request', label: 'Test request', status: 'fail', detail: CURL },
	],
} );

/**
 * The facts listed: each term with its value.
 * @param container
 */
function facts( container: HTMLElement ): Array< [ string, string ] > {
	return within( container )
		.getAllByRole( 'term' )
		.map( ( term ) => [
			term.textContent ?? '',
			term.nextElementSibling?.textContent ?? '',
		] );
}

describe( 'TechnicalDetails', () => {
	it( 'is closed until asked for, then lists model, latency, HTTP status, request id and headroom', async () => {
		const user = userEvent.setup();
		render( <TechnicalDetails result={ makeResult() } /> );
		expect( isOpen( findDisclosure( 'Technical details' ) ) ).toBe( false );
		const details = await openDisclosure( user, 'Technical details' );
		expect( facts( details ) ).toEqual( [
			[ 'Model', 'gpt-4o-mini' ],
			[ 'Latency', '412 ms' ],
			[ 'HTTP status', '200' ],
			[ 'Request ID', 'req_abc123Copy request ID' ],
		] );
		expect(
			within( details ).getByRole( 'list', {
				name: 'Rate limit headroom',
			} )
		).toHaveTextContent( 'Requests: 4,999/5,000 (resets in 12ms)' );
	} );

	it( 'copies the request id and says so', async () => {
		const user = userEvent.setup();
		render( <TechnicalDetails result={ makeResult() } /> );
		await openDisclosure( user, 'Technical details' );
		await user.click(
			screen.getByRole( 'button', { name: 'Copy request ID' } )
		);
		await expect( window.navigator.clipboard.readText() ).resolves.toBe(
			'req_abc123'
		);
		expect( speak ).toHaveBeenCalledWith( 'Request ID copied.' );
	} );

	it( 'leaves out what an answer did not have', async () => {
		const user = userEvent.setup();
		render( <TechnicalDetails result={ TIMED_OUT } /> );
		const details = await openDisclosure( user, 'Technical details' );
		expect( facts( details ).map( ( [ term ] ) => term ) ).toEqual( [
			'Model',
			'Latency',
		] );
		expect(
			screen.queryByRole( 'button', { name: 'Copy request ID' } )
		).toBeNull();
		expect(
			screen.queryByRole( 'list', { name: 'Rate limit headroom' } )
		).toBeNull();
	} );

	it( 'holds what a failing step was told, which the Checks list leaves out', async () => {
		const user = userEvent.setup();
		render( <TestResult result={ TIMED_OUT } /> );
		const checks = screen.getByRole( 'list', { name: 'Checks' } );
		expect( checks ).not.toHaveTextContent( 'cURL' );
		expect(
			within( checks ).getAllByRole( 'listitem' )[ 2 ]
		).toHaveTextContent( /^Test request: Failed$/ );

		const details = await openDisclosure( user, 'Technical details' );
		const told = within( details ).getByText( CURL );
		expect( told.previousElementSibling ).toHaveTextContent(
			'Test request (Failed): what was observed'
		);
		expect( screen.getAllByText( CURL ) ).toHaveLength( 1 );
		expect( details ).not.toHaveTextContent( 'Project key.' );
	} );

	it( 'does not repeat a warning the result states in words, but keeps another step’s', async () => {
		const user = userEvent.setup();
		const retiring = 'gpt-4o-mini will be shut down on 2026-12-01.';
		const checks: Check[] = [
			{
				id: 'model',
				label: 'Model access',
				status: 'warn',
				detail: retiring,
			},
			{
				id: 'request',
				label: 'Test request',
				status: 'warn',
				detail: 'Slow answer: 9 s.',
			},
		];
		render(
			<TechnicalDetails
				result={ makeResult( {
					checks,
					warnings: [ { code: 'model_retiring', message: retiring } ],
				} ) }
			/>
		);
		const details = await openDisclosure( user, 'Technical details' );
		expect( details ).not.toHaveTextContent( retiring );
		expect(
			within( details ).getByText( 'Slow answer: 9 s.' )
				.previousElementSibling
		).toHaveTextContent( 'Test request (Warning): what was observed' );
	} );
} );
