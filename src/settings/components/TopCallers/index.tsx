/**
 * Who used OpenAI this month: the plugins, themes and WordPress core that sent the most
 * requests, with what the limits blocked and what it cost.
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { formatCount, formatUsd } from '../../../shared/numbers';
import type { TopCallersProps } from './types';

/** How many callers are listed, the busiest first. */
export const TOP_CALLERS = 10;

export default function TopCallers( { month }: TopCallersProps ) {
	const rows = [ ...month.rows ]
		.sort( ( a, b ) => b.requests - a.requests || b.cost_usd - a.cost_usd )
		.slice( 0, TOP_CALLERS );
	const { blocked } = month.totals;
	return (
		<Card className="key-guard-card key-guard-usage__callers">
			<CardHeader>
				<h2>
					{ __( 'Top callers this month', 'key-guard-for-openai' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ blocked > 0
						? sprintf(
								/* translators: %s: a number of requests. */
								_n(
									'The limits blocked %s request this month.',
									'The limits blocked %s requests this month.',
									blocked,
									'key-guard-for-openai'
								),
								formatCount( blocked )
							)
						: __(
								'No request was blocked this month.',
								'key-guard-for-openai'
							) }
				</p>
				{ rows.length === 0 ? (
					<p>
						{ __(
							'No plugin, theme or WordPress itself has used OpenAI this month.',
							'key-guard-for-openai'
						) }
					</p>
				) : (
					<div className="key-guard-table-scroll">
						<table className="widefat striped">
							<caption className="screen-reader-text">
								{ __(
									'The busiest callers this month',
									'key-guard-for-openai'
								) }
							</caption>
							<thead>
								<tr>
									<th scope="col">
										{ __(
											'Caller',
											'key-guard-for-openai'
										) }
									</th>
									<th scope="col">
										{ __(
											'Requests',
											'key-guard-for-openai'
										) }
									</th>
									<th scope="col">
										{ __(
											'Blocked',
											'key-guard-for-openai'
										) }
									</th>
									<th scope="col">
										{ __(
											'Estimated cost',
											'key-guard-for-openai'
										) }
									</th>
								</tr>
							</thead>
							<tbody>
								{ rows.map( ( row ) => (
									<tr key={ row.key }>
										<th scope="row">{ row.label }</th>
										<td>{ formatCount( row.requests ) }</td>
										<td>{ formatCount( row.blocked ) }</td>
										<td>{ formatUsd( row.cost_usd ) }</td>
									</tr>
								) ) }
							</tbody>
						</table>
					</div>
				) }
			</CardBody>
		</Card>
	);
}
