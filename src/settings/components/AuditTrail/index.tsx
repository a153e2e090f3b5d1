/**
 * The last key events: who saved, removed or tested the key, and when. Never the key.
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { getAudit } from '../../../shared/api';
import { auditEventLabel, testOutcomeLabel } from '../../../shared/labels';
import { formatAbsolute, formatRelative } from '../../../shared/time';
import type { AuditEvent } from '../../../shared/types';
import type { AuditTrailProps } from './types';

export default function AuditTrail( { version }: AuditTrailProps ) {
	const [ events, setEvents ] = useState< AuditEvent[] >( [] );

	useEffect( () => {
		let current = true;
		getAudit().then(
			( next ) =>
				current && setEvents( Array.isArray( next ) ? next : [] ),
			// The events are a convenience: the screen works without them.
			() => current && setEvents( [] )
		);
		return () => {
			current = false;
		};
	}, [ version ] );

	if ( events.length === 0 ) {
		return null;
	}
	return (
		<Card className="key-guard-card key-guard-audit">
			<CardHeader>
				<h2>{ __( 'Recent key events', 'key-guard-for-openai' ) }</h2>
			</CardHeader>
			<CardBody>
				<table className="widefat striped">
					<thead>
						<tr>
							<th scope="col">
								{ __( 'When', 'key-guard-for-openai' ) }
							</th>
							<th scope="col">
								{ __( 'Event', 'key-guard-for-openai' ) }
							</th>
							<th scope="col">
								{ __( 'By', 'key-guard-for-openai' ) }
							</th>
							<th scope="col">
								{ __( 'Outcome', 'key-guard-for-openai' ) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ events.map( ( entry, index ) => (
							<tr key={ `${ entry.time }-${ index }` }>
								<td>
									<time
										dateTime={ entry.time }
										title={ formatAbsolute( entry.time ) }
									>
										{ formatRelative( entry.time ) }
									</time>
								</td>
								<td>{ auditEventLabel( entry.event ) }</td>
								<td>{ entry.user?.name ?? '—' }</td>
								<td>
									{ entry.outcome &&
										( ( entry.event === 'tested' &&
											testOutcomeLabel(
												entry.outcome
											) ) || (
											<code>{ entry.outcome }</code>
										) ) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			</CardBody>
		</Card>
	);
}
