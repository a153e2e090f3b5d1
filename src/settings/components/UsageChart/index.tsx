/**
 * The chart of the last days, drawn by a chunk of its own (StackedBarChart with uPlot) that is
 * fetched the first time a chart is shown: the key screen never downloads it. While it loads a
 * spinner holds its place; when it cannot load, the table keeps every number.
 */
import { Notice, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { ChartComponent, UsageChartProps } from './types';

/** Fetches the chart chunk (build/usage-chart.js, from the plugin's build folder). */
export function loadChart(): Promise< ChartComponent > {
	return import(
		/* webpackChunkName: "usage-chart" */ '../StackedBarChart'
	).then( ( chunk ) => chunk.default );
}

export default function UsageChart( props: UsageChartProps ) {
	const [ Chart, setChart ] = useState< ChartComponent | null >( null );
	const [ failed, setFailed ] = useState( false );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		let current = true;
		setFailed( false );
		loadChart().then(
			( loaded ) => current && setChart( () => loaded ),
			() => current && setFailed( true )
		);
		return () => {
			current = false;
		};
	}, [ attempt ] );

	if ( failed ) {
		return (
			<Notice
				status="warning"
				isDismissible={ false }
				actions={ [
					{
						label: __( 'Try again', 'key-guard-for-openai' ),
						onClick: () => setAttempt( ( n ) => n + 1 ),
					},
				] }
			>
				{ __(
					'The chart could not be loaded. “Show as table” below has the same numbers.',
					'key-guard-for-openai'
				) }
			</Notice>
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
