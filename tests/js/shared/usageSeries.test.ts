import { describe, expect, it } from 'vitest';

import type { UsageRow, UsageSeriesPart } from '../../../src/shared/types';
import {
	OTHER_KEY,
	buildSeriesTable,
	busiestDay,
	metricOf,
	stack,
} from '../../../src/shared/usageSeries';

function part( key: string, requests: number, cost = 0 ): UsageSeriesPart {
	return {
		key,
		label: key === '' ? 'Unknown model' : key,
		requests,
		input_tokens: requests * 100,
		cached_tokens: requests * 10,
		output_tokens: requests * 20,
		cost_usd: cost,
	};
}

function day( key: string, parts: UsageSeriesPart[] ): UsageRow {
	const sum = ( pick: ( p: UsageSeriesPart ) => number ) =>
		parts.reduce( ( total, p ) => total + pick( p ), 0 );
	return {
		key,
		label: key,
		blocked: 0,
		requests: sum( ( p ) => p.requests ),
		input_tokens: sum( ( p ) => p.input_tokens ),
		cached_tokens: sum( ( p ) => p.cached_tokens ),
		output_tokens: sum( ( p ) => p.output_tokens ),
		cost_usd: sum( ( p ) => p.cost_usd ),
		series: parts,
	};
}

const ROWS = [
	day( '2026-11-18', [ part( 'a', 1, 0.5 ), part( '', 4 ) ] ),
	day( '2026-11-19', [] ),
	day( '2026-11-20', [ part( 'a', 2, 1 ), part( 'b', 3, 0.25 ) ] ),
];

describe( 'metricOf', () => {
	it( 'counts requests, input and output tokens (cached ones are part of the input), or cost', () => {
		const counts = part( 'a', 2, 0.75 );
		expect( metricOf( counts, 'requests' ) ).toBe( 2 );
		expect( metricOf( counts, 'tokens' ) ).toBe( 240 );
		expect( metricOf( counts, 'cost' ) ).toBe( 0.75 );
	} );
} );

describe( 'buildSeriesTable', () => {
	it( 'gives a figure per day and series, biggest series first, with the totals', () => {
		const table = buildSeriesTable( ROWS, 'requests', 'Other models' );
		expect( table.days ).toEqual( [
			'2026-11-18',
			'2026-11-19',
			'2026-11-20',
		] );
		expect(
			table.series.map( ( { key, label, values, total } ) => [
				key,
				label,
				values,
				total,
			] )
		).toEqual( [
			[ '', 'Unknown model', [ 4, 0, 0 ], 4 ],
			[ 'a', 'a', [ 1, 0, 2 ], 3 ],
			[ 'b', 'b', [ 0, 0, 3 ], 3 ],
		] );
		expect( table.dayTotals ).toEqual( [ 5, 0, 5 ] );
		expect( table.total ).toBe( 10 );
	} );

	it( 'leaves out a series with nothing to show for the metric', () => {
		const table = buildSeriesTable( ROWS, 'cost', 'Other models' );
		expect( table.series.map( ( series ) => series.key ) ).toEqual( [
			'a',
			'b',
		] );
		expect( table.dayTotals ).toEqual( [ 0.5, 0, 1.25 ] );
	} );

	it( 'folds the smallest series into one past the maximum', () => {
		const rows = [
			day( '2026-11-20', [
				part( 'a', 9 ),
				part( 'b', 8 ),
				part( 'c', 2 ),
				part( 'd', 1 ),
			] ),
		];
		const table = buildSeriesTable( rows, 'requests', 'Other callers', 3 );
		expect(
			table.series.map( ( { key, label, values } ) => [
				key,
				label,
				values,
			] )
		).toEqual( [
			[ 'a', 'a', [ 9 ] ],
			[ 'b', 'b', [ 8 ] ],
			[ OTHER_KEY, 'Other callers', [ 3 ] ],
		] );
		expect(
			buildSeriesTable( rows, 'requests', 'Other', 4 ).series
		).toHaveLength( 4 );
	} );
} );

describe( 'stack', () => {
	it( 'adds each layer to the ones under it', () => {
		expect(
			stack( [
				[ 1, 0, 2 ],
				[ 4, 0, 0 ],
				[ 0, 3, 1 ],
			] )
		).toEqual( [
			[ 1, 0, 2 ],
			[ 5, 0, 2 ],
			[ 5, 3, 3 ],
		] );
		expect( stack( [] ) ).toEqual( [] );
	} );
} );

describe( 'busiestDay', () => {
	it( 'finds the first day with the highest figure, none when all are zero', () => {
		expect(
			busiestDay( buildSeriesTable( ROWS, 'requests', '' ) )
		).toEqual( {
			day: '2026-11-18',
			value: 5,
		} );
		expect(
			busiestDay( buildSeriesTable( [ ROWS[ 1 ] ], 'requests', '' ) )
		).toBeNull();
	} );
} );
