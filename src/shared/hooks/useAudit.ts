/**
 * The recent key events, read when the screen opens and again after anything that is recorded,
 * whether or not the Events tab is showing: opening the tab later shows them as they are now.
 */
import { useEffect, useState } from '@wordpress/element';

import { getAudit } from '../api';
import type { AuditEvent } from '../types';

/**
 * @param version Changes whenever something that is recorded happened.
 * @return The events, newest first; empty until read, or when they cannot be read (they are a
 *         convenience: the screen works without them).
 */
export function useAudit( version: number ): AuditEvent[] {
	const [ events, setEvents ] = useState< AuditEvent[] >( [] );

	useEffect( () => {
		let current = true;
		getAudit().then(
			( next ) =>
				current && setEvents( Array.isArray( next ) ? next : [] ),
			() => current && setEvents( [] )
		);
		return () => {
			current = false;
		};
	}, [ version ] );

	return events;
}
