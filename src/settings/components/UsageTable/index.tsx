/**
 * The chart's numbers as a table: a row per day, a column per series, and the totals; the form
 * of the chart that every reader can reach.
 */
import { __ } from '@wordpress/i18n';

import { formatDay } from '../../../shared/days';
import type { UsageTableProps } from './types';

/** How a row names its day, e.g. "Mon, Nov 3". */
const DAY: Intl.DateTimeFormatOptions = {
	weekday: 'short',
	month: 'short',
	day: 'numeric',
};

export default function UsageTable( {
	table,
	caption,
	format,
}: UsageTableProps ) {
	const total = __( 'Total', 'key-guard-for-openai' );
	return (
		<div className="key-guard-table-scroll">
			<table className="widefat striped key-guard-usage-table">
				<caption>{ caption }</caption>
				<thead>
					<tr>
						<th scope="col">
							{ __( 'Day', 'key-guard-for-openai' ) }
						</th>
						{ table.series.map( ( series ) => (
							<th scope="col" key={ series.key }>
								{ series.label }
							</th>
						) ) }
						<th scope="col">{ total }</th>
					</tr>
				</thead>
				<tbody>
					{ table.days.map( ( day, index ) => (
						<tr key={ day }>
							<th scope="row">{ formatDay( day, DAY ) }</th>
							{ table.series.map( ( series ) => (
								<td key={ series.key }>
									{ format( series.values[ index ] ) }
								</td>
							) ) }
							<td>{ format( table.dayTotals[ index ] ) }</td>
						</tr>
					) ) }
				</tbody>
				<tfoot>
					<tr>
						<th scope="row">{ total }</th>
						{ table.series.map( ( series ) => (
							<td key={ series.key }>
								{ format( series.total ) }
							</td>
						) ) }
						<td>{ format( table.total ) }</td>
					</tr>
				</tfoot>
			</table>
		</div>
	);
}
