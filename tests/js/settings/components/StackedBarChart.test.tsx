/**
 * What the chart chunk hands uPlot: days on a plain scale, the layers stacked and drawn top
 * layer first, our labels and formats; and that it lets go of the chart. uPlot itself draws on a
 * canvas jsdom does not have, so it is a stand-in that records what it is given.
 */
import { render, screen } from '@testing-library/react';
import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';

import StackedBarChart from '../../../../src/settings/components/StackedBarChart';

const made = vi.hoisted( () => ( {
	charts: [] as Array< {
		options: uPlot.Options;
		data: uPlot.AlignedData;
		destroyed: boolean;
	} >,
} ) );

vi.mock( 'uplot', () => {
	class FakePlot {
		static paths = { bars: () => 'bars' };
		entry: ( typeof made.charts )[ number ];
		constructor( options: uPlot.Options, data: uPlot.AlignedData ) {
			this.entry = { options, data, destroyed: false };
			made.charts.push( this.entry );
		}
		setSize() {}
		destroy() {
			this.entry.destroyed = true;
		}
	}
	return { default: FakePlot };
} );

describe( 'StackedBarChart', () => {
	it( 'stacks the layers, draws the top one first, names the days and values in our words', () => {
		const { unmount } = render(
			<StackedBarChart
				labels={ [ 'Nov 18', 'Nov 19', 'Nov 20' ] }
				layers={ [
					{
						label: 'gpt-4o-mini',
						color: '#0072b2',
						values: [ 5, 0, 12 ],
					},
					{ label: 'gpt-4.1', color: '#e69f00', values: [ 0, 1, 3 ] },
				] }
				formatValue={ ( value ) => `${ value } requests` }
				summary="Requests per day by model"
			/>
		);
		expect(
			screen.getByRole( 'img', { name: 'Requests per day by model' } )
		).toBeInTheDocument();
		expect( made.charts ).toHaveLength( 1 );
		const [ { options, data } ] = made.charts;
		expect( data ).toEqual( [
			[ 0, 1, 2 ],
			[ 5, 1, 15 ],
			[ 5, 0, 12 ],
		] );
		expect(
			options.series
				.slice( 1 )
				.map( ( series ) => [ series.label, series.fill ] )
		).toEqual( [
			[ 'gpt-4.1', '#e69f00' ],
			[ 'gpt-4o-mini', '#0072b2' ],
		] );
		expect( options.scales?.x ).toMatchObject( {
			time: false,
			range: [ -0.5, 2.5 ],
		} );
		expect( options.legend?.show ).toBe( false );
		// Dollars by default: only counts step by whole numbers.
		expect( options.axes?.[ 1 ].incrs ).toBeUndefined();
		const [ days, values ] = options.axes ?? [];
		const fake = {} as uPlot;
		expect(
			( days.values as ( u: uPlot, splits: number[] ) => string[] )(
				fake,
				[ 0, 2 ]
			)
		).toEqual( [ 'Nov 18', 'Nov 20' ] );
		expect(
			( values.values as ( u: uPlot, splits: number[] ) => string[] )(
				fake,
				[ 0, 10 ]
			)
		).toEqual( [ '0 requests', '10 requests' ] );
		expect(
			( days.splits as ( u: uPlot ) => number[] )( {
				width: 640,
			} as uPlot )
		).toEqual( [ 0, 1, 2 ] );

		unmount();
		expect( made.charts[ 0 ].destroyed ).toBe( true );
	} );

	it( 'names as many days as fit, the last day always', () => {
		made.charts.length = 0;
		const labels = Array.from(
			{ length: 30 },
			( _, day ) => `Day ${ day + 1 }`
		);
		render(
			<StackedBarChart
				labels={ labels }
				layers={ [
					{
						label: 'gpt-4.1',
						color: '#000',
						values: labels.map( () => 1 ),
					},
				] }
				formatValue={ String }
				wholeNumbers
				summary="Requests per day"
			/>
		);
		const [ days, values ] = made.charts[ 0 ].options.axes ?? [];
		expect( ( values.incrs as number[] ).slice( 0, 7 ) ).toEqual( [
			1, 2, 5, 10, 20, 50, 100,
		] );
		const splits = days.splits as ( u: uPlot ) => number[];
		// 300 pixels hold four labels of 72: every eighth day, counted back from the last.
		expect( splits( { width: 300 } as uPlot ) ).toEqual( [
			5, 13, 21, 29,
		] );
		expect( splits( { width: 2400 } as uPlot ) ).toHaveLength( 30 );
	} );
} );
