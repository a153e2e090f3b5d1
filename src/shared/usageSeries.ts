/**
 * The days of a usage report as the chart and its table show them: one figure per day and
 * series (a model or a caller), the biggest series first, the smallest folded into one.
 */
import type { UsageCounts, UsageRow } from './types';

/** What the chart counts: requests, tokens (input and output), or the estimated cost. */
export type UsageMetric = 'requests' | 'tokens' | 'cost';

/** What a day's bar is split by. */
export type UsageSplit = 'model' | 'caller';

/** The key of the series that gathers the smallest ones (no model or caller id is empty-bracketed). */
export const OTHER_KEY = '[other]';

/** How many series are drawn before the rest are folded into one. */
export const MAX_SERIES = 6;

export interface Series {
	key: string;
	label: string;
	/** One figure per day, in the order of the days. */
	values: number[];
	total: number;
}

export interface SeriesTable {
	/** YYYY-MM-DD, oldest first. */
	days: string[];
	/** Biggest first; the folded series, when there is one, last. */
	series: Series[];
	/** Each day's figure, all series together. */
	dayTotals: number[];
	total: number;
}

/**
 * One figure of a row or part for a metric. Cached tokens are part of the input tokens, so they
 * are not added again.
 *
 * @param counts The counts.
 * @param metric What to count.
 */
export function metricOf( counts: UsageCounts, metric: UsageMetric ): number {
	switch ( metric ) {
		case 'requests':
			return counts.requests;
		case 'tokens':
			return counts.input_tokens + counts.output_tokens;
		case 'cost':
			return counts.cost_usd;
	}
}

/**
 * Figures per day and series. A series with nothing to show for the metric is left out; past
 * `max` series the smallest are added up under `otherLabel`.
 *
 * @param rows       The report's rows of group=day, each with its `series` split.
 * @param metric     What to count.
 * @param otherLabel The words for the folded series, e.g. "Other models".
 * @param max        How many series at most, the folded one included.
 */
export function buildSeriesTable(
	rows: UsageRow[],
	metric: UsageMetric,
	otherLabel: string,
	max = MAX_SERIES
): SeriesTable {
	const byKey = new Map< string, Series >();
	rows.forEach( ( row, day ) => {
		for ( const part of row.series ?? [] ) {
			const series = byKey.get( part.key ) ?? {
				key: part.key,
				label: part.label,
				values: rows.map( () => 0 ),
				total: 0,
			};
			const value = metricOf( part, metric );
			series.values[ day ] += value;
			series.total += value;
			byKey.set( part.key, series );
		}
	} );
	let series = [ ...byKey.values() ]
		.filter( ( entry ) => entry.total > 0 )
		.sort(
			( a, b ) => b.total - a.total || a.label.localeCompare( b.label )
		);
	if ( series.length > max ) {
		const folded = series.slice( max - 1 );
		series = [
			...series.slice( 0, max - 1 ),
			{
				key: OTHER_KEY,
				label: otherLabel,
				values: rows.map( ( _row, day ) =>
					folded.reduce(
						( sum, entry ) => sum + entry.values[ day ],
						0
					)
				),
				total: folded.reduce( ( sum, entry ) => sum + entry.total, 0 ),
			},
		];
	}
	const dayTotals = rows.map( ( row ) => metricOf( row, metric ) );
	return {
		days: rows.map( ( row ) => row.key ),
		series,
		dayTotals,
		total: dayTotals.reduce( ( sum, value ) => sum + value, 0 ),
	};
}

/**
 * Stacks series: each day's figure of a series plus those of the series under it, so a bar of
 * series i reaches from 0 to the top of its layer (uPlot draws no stacks of its own).
 *
 * @param layers Figures per series, the bottom layer first.
 * @return The tops of each layer, bottom layer first.
 */
export function stack( layers: number[][] ): number[][] {
	const tops: number[][] = [];
	layers.forEach( ( values, index ) => {
		tops.push(
			values.map(
				( value, day ) =>
					value + ( index > 0 ? tops[ index - 1 ][ day ] : 0 )
			)
		);
	} );
	return tops;
}

/**
 * The day with the highest figure, or null when every day is zero.
 *
 * @param table The figures.
 */
export function busiestDay(
	table: SeriesTable
): { day: string; value: number } | null {
	let best: { day: string; value: number } | null = null;
	table.dayTotals.forEach( ( value, index ) => {
		if ( value > 0 && ( ! best || value > best.value ) ) {
			best = { day: table.days[ index ], value };
		}
	} );
	return best;
}
