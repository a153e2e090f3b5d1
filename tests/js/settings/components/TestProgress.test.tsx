import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import TestProgress from '../../../../src/settings/components/TestProgress';

afterEach( () => {
	vi.useRealTimers();
} );

describe( 'TestProgress', () => {
	it( 'keeps an empty live region while no test runs', () => {
		render( <TestProgress startedAt={ null } /> );
		expect( screen.getByRole( 'status' ) ).toBeEmptyDOMElement();
	} );

	it( 'says a test runs, and counts the wait only from 3 seconds on', () => {
		vi.useFakeTimers();
		const { rerender } = render( <TestProgress startedAt={ null } /> );
		rerender( <TestProgress startedAt={ Date.now() } /> );
		const status = screen.getByRole( 'status' );
		expect( status ).toHaveTextContent( /^Testing connection…$/ );

		act( () => {
			vi.advanceTimersByTime( 2000 );
		} );
		expect( status ).toHaveTextContent( /^Testing connection…$/ );

		act( () => {
			vi.advanceTimersByTime( 1000 );
		} );
		// The seconds are shown beside the live region, not in it: it is not re-read every second.
		expect( status ).toHaveTextContent( /^Testing connection…$/ );
		expect(
			screen.getByText( 'Waiting for OpenAI: 3 seconds so far.' )
		).not.toHaveAttribute( 'role' );
		act( () => {
			vi.advanceTimersByTime( 11000 );
		} );
		expect(
			screen.getByText( 'Waiting for OpenAI: 14 seconds so far.' )
		).toBeInTheDocument();
	} );

	it( 'empties when the test ends, and counts afresh for the next one', () => {
		vi.useFakeTimers();
		const { rerender } = render(
			<TestProgress startedAt={ Date.now() } />
		);
		act( () => {
			vi.advanceTimersByTime( 5000 );
		} );
		expect( screen.getByText( /5 seconds so far/ ) ).toBeInTheDocument();

		rerender( <TestProgress startedAt={ null } /> );
		expect( screen.getByRole( 'status' ) ).toBeEmptyDOMElement();

		rerender( <TestProgress startedAt={ Date.now() } /> );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			/^Testing connection…$/
		);
	} );
} );
