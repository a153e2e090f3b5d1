/**
 * The usage guard's REST routes (GET /usage, GET/POST /limits), only used by the Usage tab: in the
 * tab's chunk, not in the key screen's bundle.
 */
import { NAMESPACE, request } from './api';
import type { Limits, LimitsUpdate, UsageQuery, UsageReport } from './types';

export const USAGE_PATH = `/${ NAMESPACE }/usage`;
export const LIMITS_PATH = `/${ NAMESPACE }/limits`;

/**
 * Reads the usage counts of a date range, grouped by day, model or caller.
 *
 * @param query The range (YYYY-MM-DD, both days included), the grouping and, by day, the split.
 */
export function getUsage( query: UsageQuery ): Promise< UsageReport > {
	const args = new URLSearchParams( { group: query.group } );
	if ( query.from && query.to ) {
		args.set( 'from', query.from );
		args.set( 'to', query.to );
	}
	if ( query.series ) {
		args.set( 'series', query.series );
	}
	return request< UsageReport >( { path: `${ USAGE_PATH }?${ args }` } );
}

/** Reads the budgets, request limits and callers. */
export function getLimits(): Promise< Limits > {
	return request< Limits >( { path: LIMITS_PATH } );
}

/**
 * Changes some limits; the server merges callers per caller id and answers with all of them.
 *
 * @param update Only what changed.
 */
export function saveLimits( update: LimitsUpdate ): Promise< Limits > {
	return request< Limits >( {
		path: LIMITS_PATH,
		method: 'POST',
		data: update,
	} );
}
