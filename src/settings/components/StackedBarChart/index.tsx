/**
 * Stacked bars, one per day, drawn by uPlot on a canvas. This module and uPlot are a chunk of
 * their own (build/usage-chart.js), loaded only when the Usage tab shows a chart; every word on
 * it comes in through props, so the chunk holds no string to translate.
 */
import { useEffect, useRef } from '@wordpress/element';
import uPlot from 'uplot';

import { stack } from '../../../shared/usageSeries';
import type { StackedBarChartProps } from './types';

/** The WordPress admin's secondary text and border colours. */
const INK = '#50575e';
const GRID = '#f0f0f1';

/** Steps of a value axis of counts: 1, 2, 5, 10, 20, 50… (uPlot's own steps include 2.5). */
const WHOLE_STEPS = Array.from(
	{ length: 30 },
	( _, index ) => [ 1, 2, 5 ][ index % 3 ] * 10 ** Math.floor( index / 3 )
);

/**
 * The width of an axis that fits its longest value, as uPlot's auto-size demo measures it.
 *
 * @param chart  The chart.
 * @param values The axis values as written.
 * @param index  The axis.
 * @param cycle  uPlot's layout pass.
 */
function fitAxis(
	chart: uPlot,
	values: string[] | null,
	index: number,
	cycle: number
): number {
	const axis = chart.axes[ index ];
	const known = ( axis as { _size?: number } )._size;
	if ( cycle > 1 && known ) {
		return known;
	}
	const longest = ( values ?? [] ).reduce(
		( best, value ) => ( value.length > best.length ? value : best ),
		''
	);
	let size = ( axis.ticks?.size ?? 10 ) + ( axis.gap ?? 5 );
	if ( longest ) {
		chart.ctx.font = String( ( axis.font as unknown as string[] )[ 0 ] );
		size += chart.ctx.measureText( longest ).width / devicePixelRatio;
	}
	return Math.ceil( size );
}

/**
 * uPlot's options: days at 0…n-1 on a plain (not time) scale, so the labels are ours; layers
 * drawn top layer first, each bar reaching from zero to the top of its layer.
 *
 * @param drawn What to draw: the chart's props, its height settled.
 * @param width In CSS pixels.
 */
function optionsOf(
	drawn: Omit< StackedBarChartProps, 'summary' > & { height: number },
	width: number
): uPlot.Options {
	const { labels, layers, formatValue, wholeNumbers, height } = drawn;
	const bars = uPlot.paths.bars?.( { size: [ 0.7, 40 ], align: 0 } );
	return {
		width,
		height,
		legend: { show: false },
		cursor: { show: false },
		select: { show: false, left: 0, top: 0, width: 0, height: 0 },
		scales: {
			x: { time: false, range: [ -0.5, labels.length - 0.5 ] },
			y: {
				range: ( _chart, _min, max ) => [ 0, max > 0 ? max * 1.05 : 1 ],
			},
		},
		axes: [
			{
				stroke: INK,
				grid: { show: false },
				splits: ( chart ) => {
					const fit = Math.max( 1, Math.floor( chart.width / 72 ) );
					const step = Math.max(
						1,
						Math.ceil( labels.length / fit )
					);
					return labels
						.map( ( _label, day ) => day )
						.filter(
							( day ) => ( labels.length - 1 - day ) % step === 0
						);
				},
				values: ( _chart, splits ) =>
					splits.map( ( day ) => labels[ day ] ?? '' ),
			},
			{
				stroke: INK,
				grid: { stroke: GRID },
				size: fitAxis,
				incrs: wholeNumbers ? WHOLE_STEPS : undefined,
				values: ( _chart, splits ) => splits.map( formatValue ),
			},
		],
		series: [
			{},
			...layers
				.map( ( layer ) => ( {
					label: layer.label,
					fill: layer.color,
					stroke: layer.color,
					width: 0,
					paths: bars,
					points: { show: false },
				} ) )
				.reverse(),
		],
	};
}

export default function StackedBarChart( {
	labels,
	layers,
	formatValue,
	wholeNumbers = false,
	summary,
	height = 280,
}: StackedBarChartProps ) {
	const root = useRef< HTMLDivElement >( null );

	useEffect( () => {
		const element = root.current;
		if ( ! element ) {
			return undefined;
		}
		const tops = stack( layers.map( ( layer ) => layer.values ) );
		const chart = new uPlot(
			optionsOf(
				{ labels, layers, formatValue, wholeNumbers, height },
				element.clientWidth || 640
			),
			[ labels.map( ( _label, day ) => day ), ...tops.reverse() ],
			element
		);
		const observer =
			typeof ResizeObserver === 'undefined'
				? null
				: new ResizeObserver( () =>
						chart.setSize( { width: element.clientWidth, height } )
					);
		observer?.observe( element );
		return () => {
			observer?.disconnect();
			chart.destroy();
		};
	}, [ labels, layers, formatValue, wholeNumbers, height ] );

	return (
		<div
			ref={ root }
			className="key-guard-chart"
			role="img"
			aria-label={ summary }
		/>
	);
}
