/**
 * The last key events: who saved, removed or tested the key, and when. Never the key.
 */
import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { auditEventLabel, auditOutcomeLabel } from '../../../shared/outcomes';
import { formatAbsolute, formatRelative } from '../../../shared/time';
import type { AuditTrailProps } from './types';

/** How many events are listed before "Show more". */
export const FIRST_EVENTS = 10;

export default function AuditTrail( { events }: AuditTrailProps ) {
	const [ showAll, setShowAll ] = useState( false );
	// "Show more" goes away once used: focus moves to the first event it revealed.
	const [ focusFirstNew, setFocusFirstNew ] = useState( false );
	const firstNew = useRef< HTMLTableRowElement >( null );

	useEffect( () => {
		if ( focusFirstNew ) {
			firstNew.current?.focus();
			setFocusFirstNew( false );
		}
	}, [ focusFirstNew ] );

	if ( events.length === 0 ) {
		return (
			<Card className="key-guard-card key-guard-audit">
				<CardBody>
					<p>
						{ __(
							'No key events yet. Saving, testing and removing the key are listed here.',
							'key-guard-for-openai'
						) }
					</p>
				</CardBody>
			</Card>
		);
	}
	const shown = showAll ? events : events.slice( 0, FIRST_EVENTS );
	const hidden = events.length - shown.length;
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
						{ shown.map( ( entry, index ) => (
							<tr
								key={ `${ entry.time }-${ index }` }
								ref={
									index === FIRST_EVENTS
										? firstNew
										: undefined
								}
								tabIndex={
									index === FIRST_EVENTS ? -1 : undefined
								}
							>
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
									{ auditOutcomeLabel(
										entry.event,
										entry.outcome
									) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
				{ hidden > 0 && (
					<Button
						__next40pxDefaultSize
						variant="link"
						className="key-guard-audit__more"
						onClick={ () => {
							setShowAll( true );
							setFocusFirstNew( true );
						} }
					>
						{ sprintf(
							/* translators: %d: how many older events are not listed yet. */
							_n(
								'Show %d older event',
								'Show %d older events',
								hidden,
								'key-guard-for-openai'
							),
							hidden
						) }
					</Button>
				) }
			</CardBody>
		</Card>
	);
}
