/**
 * The usage counts the Usage tab shows, read when the tab opens: this month by caller (with the
 * totals of today and of the month), and the last 30 days split by model or caller.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { toApiError } from '../api';
import { getUsage } from '../usageApi';
import { addDays } from '../days';
import type { ApiError, UsageReport } from '../types';
import type { UsageSplit } from '../usageSeries';

/** How many days the chart shows, today included. */
export const CHART_DAYS = 30;

export interface UsageState {
	/** This month so far, a row per caller; null until read. */
	month: UsageReport | null;
	/** The last CHART_DAYS days, a row per day split by `split`; null until read. */
	days: UsageReport | null;
	/** Why a report could not be read, or null. */
	error: ApiError | null;
	/** Reads both reports again, e.g. after a failure. */
	reload: () => void;
}

/**
 * @param split What the days are split by; each split is read once.
 */
export function useUsage( split: UsageSplit ): UsageState {
	const [ attempt, setAttempt ] = useState( 0 );
	const [ month, setMonth ] = useState< UsageReport | null >( null );
	const [ days, setDays ] = useState< UsageReport | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const read = useRef< Partial< Record< UsageSplit, UsageReport > > >( {} );

	useEffect( () => {
		let current = true;
		// No dates: the server's this month, in the site's time zone (the browser may be elsewhere).
		getUsage( { group: 'caller' } ).then(
			( next ) => current && setMonth( next ),
			( failure ) => current && setError( toApiError( failure ) )
		);
		return () => {
			current = false;
		};
	}, [ attempt ] );

	// The site's today, as the server said it: the chart's last day.
	const today = month?.to ?? null;

	useEffect( () => {
		let current = true;
		const known = read.current[ split ];
		setDays( known ?? null );
		if ( ! known && today ) {
			getUsage( {
				from: addDays( today, 1 - CHART_DAYS ),
				to: today,
				group: 'day',
				series: split,
			} ).then(
				( next ) => {
					read.current[ split ] = next;
					if ( current ) {
						setDays( next );
					}
				},
				( failure ) => current && setError( toApiError( failure ) )
			);
		}
		return () => {
			current = false;
		};
	}, [ today, split, attempt ] );

	const reload = useCallback( () => {
		read.current = {};
		setError( null );
		setMonth( null );
		setAttempt( ( n ) => n + 1 );
	}, [] );

	return { month, days, error, reload };
}
