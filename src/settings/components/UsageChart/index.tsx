/**
 * The chart of the last days, drawn by a chunk of its own (StackedBarChart with uPlot) that is
 * fetched the first time a chart is shown: the key screen never downloads it. While it loads a
 * spinner holds its place; when it cannot load, the table keeps every number.
 */
import { Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { useChunk } from '../../../shared/hooks/useChunk';
import RetryNotice from '../RetryNotice';

import type { ChartComponent, UsageChartProps } from './types';

/** Fetches the chart chunk (build/usage-chart.js, from the plugin's build folder). */
export function loadChart(): Promise< ChartComponent > {
	return import(
		/* webpackChunkName: "usage-chart" */ '../StackedBarChart'
	).then( ( chunk ) => chunk.default );
}

export default function UsageChart( props: UsageChartProps ) {
	const { Component: Chart, failed, retry } = useChunk( loadChart );

	if ( failed ) {
		return (
			<RetryNotice status="warning" onRetry={ retry }>
				{ __(
					'The chart could not be loaded. “Show as table” below has the same numbers.',
					'key-guard-for-openai'
				) }
			</RetryNotice>
		);
	}
	if ( ! Chart ) {
		return (
			<p className="key-guard-chart is-loading">
				<Spinner />
				{ __( 'Loading the chart…', 'key-guard-for-openai' ) }
			</p>
		);
	}
	return <Chart { ...props } />;
}
