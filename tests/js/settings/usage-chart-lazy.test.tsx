/**
 * The chart's code is a chunk of its own: nothing imports it until the Usage tab shows a chart.
 * In a file of its own, so no other test has imported the module before.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import App from '../../../src/settings/components/App';
import { TODAY, renderWithRegistry, serveUsageSite } from '../fixtures';
import { calls } from '../rest';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );

/** Counts the imports of the chart module (clearAllMocks after each test leaves it alone). */
const imports = vi.hoisted( () => ( { count: 0 } ) );

vi.mock( '../../../src/settings/components/StackedBarChart', () => {
	imports.count++;
	return {
		default: ( { summary }: { summary: string } ) => (
			<div role="img" aria-label={ summary } />
		),
	};
} );

afterEach( () => {
	vi.useRealTimers();
} );

describe( 'The usage chart chunk', () => {
	it( 'is imported only when the Usage tab is shown', async () => {
		vi.setSystemTime( TODAY );
		const user = userEvent.setup();
		serveUsageSite();
		renderWithRegistry( <App /> );
		await screen.findByRole( 'tab', { name: 'API key' } );
		await user.click( screen.getByRole( 'tab', { name: 'Events' } ) );
		expect( imports.count ).toBe( 0 );

		await user.click( screen.getByRole( 'tab', { name: 'Usage' } ) );
		expect(
			await screen.findByRole( 'img', {
				name: /^Requests per day by model/,
			} )
		).toBeInTheDocument();
		expect( imports.count ).toBe( 1 );
		expect( calls( '/key-guard/v1/usage', 'GET' ) ).toHaveLength( 2 );
	} );
} );
