/**
 * The chart's place on the screen while its chunk loads, when it cannot load, and once it has.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import UsageChart from '../../../../src/settings/components/UsageChart';

/** The first import of the chunk fails, as it does when the network drops; the next succeeds. */
const chunk = vi.hoisted( () => ( { attempts: 0 } ) );

vi.mock( '../../../../src/settings/components/StackedBarChart', () => {
	chunk.attempts++;
	if ( chunk.attempts === 1 ) {
		throw new Error( 'Loading chunk usage-chart failed.' );
	}
	return {
		default: ( { summary }: { summary: string } ) => (
			<div role="img" aria-label={ summary } />
		),
	};
} );

describe( 'UsageChart', () => {
	it( 'says when the chart cannot be loaded, points to the table, and tries again on request', async () => {
		const user = userEvent.setup();
		render(
			<UsageChart
				labels={ [ 'Nov 19', 'Nov 20' ] }
				layers={ [
					{ label: 'gpt-4.1', color: '#000', values: [ 1, 2 ] },
				] }
				formatValue={ String }
				summary="Requests per day"
			/>
		);
		expect( screen.getByText( 'Loading the chart…' ) ).toBeInTheDocument();
		expect(
			await screen.findByText(
				'The chart could not be loaded. “Show as table” below has the same numbers.'
			)
		).toBeInTheDocument();
		expect( screen.queryByRole( 'img' ) ).toBeNull();

		await user.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByRole( 'img', { name: 'Requests per day' } )
		).toBeInTheDocument();
		expect( screen.queryByText( /could not be loaded/ ) ).toBeNull();
		expect( chunk.attempts ).toBe( 2 );
	} );
} );
