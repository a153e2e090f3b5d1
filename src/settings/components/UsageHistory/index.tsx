/**
 * The last 30 days: what to count and what to split the days by, the stacked chart (loaded
 * when first shown) with its legend, and the same numbers as a table.
 */
import {
	Card,
	CardBody,
	CardHeader,
	SelectControl,
	Spinner,
} from '@wordpress/components';
import { useMemo } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { formatDay } from '../../../shared/days';
import {
	buildSeriesTable,
	busiestDay,
	OTHER_KEY,
	type UsageMetric,
	type UsageSplit,
} from '../../../shared/usageSeries';
import Disclosure from '../Disclosure';
import UsageChart from '../UsageChart';
import UsageTable from '../UsageTable';
import { captionOf, formatterOf, otherLabel } from './texts';
import type { UsageHistoryProps } from './types';

/** Okabe and Ito's colours, told apart with most kinds of colour blindness; grey for the rest. */
export const COLORS = [
	'#0072b2',
	'#e69f00',
	'#009e73',
	'#cc79a7',
	'#56b4e9',
	'#d55e00',
];
const OTHER_COLOR = '#8c8f94';

/** How the chart names a day, e.g. "Nov 3". */
const SHORT_DAY: Intl.DateTimeFormatOptions = {
	month: 'short',
	day: 'numeric',
};

export default function UsageHistory( {
	report,
	metric,
	split,
	onMetricChange,
	onSplitChange,
}: UsageHistoryProps ) {
	const table = useMemo(
		() =>
			report &&
			buildSeriesTable( report.rows, metric, otherLabel( split ) ),
		[ report, metric, split ]
	);
	const format = useMemo( () => formatterOf( metric ), [ metric ] );
	const labels = useMemo(
		() => table?.days.map( ( day ) => formatDay( day, SHORT_DAY ) ) ?? [],
		[ table ]
	);
	const layers = useMemo(
		() =>
			table?.series.map( ( series, index ) => ( {
				id: series.key,
				label: series.label,
				values: series.values,
				// The folded rest is grey whatever its place, so it never looks like a series of its own.
				color:
					series.key === OTHER_KEY
						? OTHER_COLOR
						: COLORS[ index % COLORS.length ],
			} ) ) ?? [],
		[ table ]
	);

	const controls = (
		<div className="key-guard-usage__controls">
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ __( 'Show', 'key-guard-for-openai' ) }
				value={ metric }
				options={ [
					{
						value: 'requests',
						label: __( 'Requests', 'key-guard-for-openai' ),
					},
					{
						value: 'tokens',
						label: __( 'Tokens', 'key-guard-for-openai' ),
					},
					{
						value: 'cost',
						label: __( 'Estimated cost', 'key-guard-for-openai' ),
					},
				] }
				onChange={ ( next ) => onMetricChange( next as UsageMetric ) }
			/>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ __( 'Split', 'key-guard-for-openai' ) }
				value={ split }
				options={ [
					{
						value: 'model',
						label: __( 'By model', 'key-guard-for-openai' ),
					},
					{
						value: 'caller',
						label: __( 'By caller', 'key-guard-for-openai' ),
					},
				] }
				onChange={ ( next ) => onSplitChange( next as UsageSplit ) }
			/>
		</div>
	);

	let body;
	if ( ! report || ! table ) {
		body = <Spinner />;
	} else if ( table.total === 0 ) {
		body = (
			<p>
				{ __(
					'Nothing to show: no usage in these 30 days.',
					'key-guard-for-openai'
				) }
			</p>
		);
	} else {
		const caption = captionOf(
			metric,
			split,
			formatDay( report.from ),
			formatDay( report.to )
		);
		const busiest = busiestDay( table );
		const summary = sprintf(
			/* translators: 1: what the chart shows, e.g. "Requests per day by model, Oct 29 to Nov 27". 2: the total. 3: the busiest day. 4: its figure. */
			__(
				'%1$s. In all: %2$s. Highest on %3$s: %4$s.',
				'key-guard-for-openai'
			),
			caption,
			format( table.total ),
			busiest ? formatDay( busiest.day ) : '',
			busiest ? format( busiest.value ) : ''
		);
		body = (
			<>
				<UsageChart
					labels={ labels }
					layers={ layers }
					formatValue={ format }
					wholeNumbers={ metric !== 'cost' }
					summary={ summary }
				/>
				<ul className="key-guard-legend">
					{ layers.map( ( layer ) => (
						<li key={ layer.id }>
							<span
								className="key-guard-legend__swatch"
								style={ { background: layer.color } }
							/>
							{ layer.label }
						</li>
					) ) }
				</ul>
				<Disclosure
					title={ __( 'Show as table', 'key-guard-for-openai' ) }
				>
					<UsageTable
						table={ table }
						caption={ caption }
						format={ format }
					/>
				</Disclosure>
			</>
		);
	}

	return (
		<Card className="key-guard-card key-guard-usage__history">
			<CardHeader>
				<h2>{ __( 'Last 30 days', 'key-guard-for-openai' ) }</h2>
			</CardHeader>
			<CardBody>
				{ controls }
				{ body }
			</CardBody>
		</Card>
	);
}
