/**
 * A fake key-guard/v1 REST API over apiFetch, for tests that render the whole screen.
 *
 * The test file mocks @wordpress/api-fetch (`vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) )`);
 * this module then answers through that mock.
 */
import apiFetch from '@wordpress/api-fetch';
import { vi } from 'vitest';

import { addDays, toDay } from '../../src/shared/days';
import type {
	ApiError,
	CallerLimits,
	SetupGuideState,
	Limits,
	LimitsUpdate,
	UsageCounts,
	UsageReport,
	UsageRow,
} from '../../src/shared/types';

export type RequestOptions = {
	path: string;
	method?: string;
	data?: Record< string, unknown >;
};
type Handler = ( options: RequestOptions ) => unknown;

/**
 * Handlers by method for /key; TEST answers POST /test, AUDIT GET /audit, USAGE GET /usage and
 * LIMITS both GET and POST /limits.
 */
export type Routes = Partial<
	Record<
		| 'GET'
		| 'POST'
		| 'DELETE'
		| 'TEST'
		| 'AUDIT'
		| 'USAGE'
		| 'LIMITS'
		| 'SETUP',
		Handler
	>
>;

/** The routes answered by path, whatever the method. */
const BY_PATH: Record< string, keyof Routes > = {
	'/key-guard/v1/test': 'TEST',
	'/key-guard/v1/audit': 'AUDIT',
	'/key-guard/v1/usage': 'USAGE',
	'/key-guard/v1/limits': 'LIMITS',
	'/key-guard/v1/setup': 'SETUP',
};

/**
 * A request's path without its query, and its query arguments.
 *
 * @param options The request.
 */
export function parsePath( options: RequestOptions ): {
	path: string;
	query: Record< string, string >;
} {
	const [ path, search = '' ] = options.path.split( '?' );
	return {
		path,
		query: Object.fromEntries( new URLSearchParams( search ) ),
	};
}

/**
 * Answers apiFetch like the REST API would; a handler may return a promise or throw an ApiError.
 * Without an AUDIT handler the list of key events is empty.
 *
 * @param routes Handlers by route.
 */
export function serve( routes: Routes ) {
	vi.mocked( apiFetch ).mockImplementation( ( async (
		options: RequestOptions
	) => {
		const method = options.method ?? 'GET';
		const route: string = BY_PATH[ parsePath( options ).path ] ?? method;
		const defaults: Partial< Routes > = {
			AUDIT: () => [],
			SETUP: setupServer(),
		};
		const handler =
			routes[ route as keyof Routes ] ??
			defaults[ route as keyof Routes ];
		if ( ! handler ) {
			throw {
				code: 'rest_no_route',
				message: `No route for ${ method } ${ options.path }`,
			};
		}
		return handler( options );
	} ) as unknown as typeof apiFetch );
}

/**
 * Throws what the server answers when it refuses a request.
 *
 * @param code    The error code.
 * @param message The sentence the server words.
 * @param data    Extra data, e.g. { status: 429, retry_after: 3 }.
 */
export function refuse(
	code: string,
	message: string,
	data: ApiError[ 'data' ] = { status: 400 }
): never {
	throw { code, message, data } satisfies ApiError;
}

/**
 * The requests made to one route with one method, in order, whatever their query.
 *
 * @param path   e.g. /key-guard/v1/key.
 * @param method e.g. POST.
 */
export function calls( path: string, method: string ): RequestOptions[] {
	return vi
		.mocked( apiFetch )
		.mock.calls.map( ( [ options ] ) => options as RequestOptions )
		.filter(
			( options ) =>
				parsePath( options ).path === path &&
				( options.method ?? 'GET' ) === method
		);
}

/** One day's requests of one model by one caller: what the fake usage route adds up. */
export interface Traffic extends UsageCounts {
	day: string;
	/** '' for a model the price table does not know. */
	model: string;
	caller: string;
	blocked: number;
}

/** How the fake server names what it counts: callers by id, models by name. */
export interface UsageNames {
	callers: Record< string, string >;
	/** The words for the unknown model ''. */
	unknownModel: string;
	prices_as_of: string;
}

/** No request at all: what a day without traffic counts. */
export const NO_COUNTS: UsageCounts & { blocked: number } = {
	requests: 0,
	blocked: 0,
	input_tokens: 0,
	cached_tokens: 0,
	output_tokens: 0,
	cost_usd: 0,
};

function counts( items: Traffic[] ): UsageCounts & { blocked: number } {
	const total = { ...NO_COUNTS };
	for ( const item of items ) {
		total.requests += item.requests;
		total.blocked += item.blocked;
		total.input_tokens += item.input_tokens;
		total.cached_tokens += item.cached_tokens;
		total.output_tokens += item.output_tokens;
		total.cost_usd += item.cost_usd;
	}
	return total;
}

function groupBy(
	items: Traffic[],
	key: ( item: Traffic ) => string
): Map< string, Traffic[] > {
	const groups = new Map< string, Traffic[] >();
	for ( const item of items ) {
		groups.set( key( item ), [
			...( groups.get( key( item ) ) ?? [] ),
			item,
		] );
	}
	return groups;
}

/**
 * Answers GET /usage as the contract says, from a list of traffic: days of the range filled with
 * zeros for group=day, a split per day with a series param, today and this month in `period`
 * (today being the range's last day).
 *
 * @param traffic What happened.
 * @param names   How callers and the unknown model are named.
 */
export function usageServer( traffic: Traffic[], names: UsageNames ): Handler {
	const label = ( group: string, key: string ) => {
		if ( group === 'caller' ) {
			return names.callers[ key ] ?? key;
		}
		return group === 'model' && key === '' ? names.unknownModel : key;
	};
	return ( options ): UsageReport => {
		const { query } = parsePath( options );
		const { group, series } = query;
		// No dates: this month to today (the fake's site is in the test's time zone).
		const now = toDay( new Date() );
		const from = query.from ?? `${ now.slice( 0, 8 ) }01`;
		const to = query.to ?? now;
		const within = ( start: string, end: string ) =>
			traffic.filter( ( item ) => item.day >= start && item.day <= end );
		const inRange = within( from, to );
		const keyOf = ( item: Traffic ) =>
			group === 'day' ? item.day : item[ group as 'model' | 'caller' ];
		const groups = groupBy( inRange, keyOf );
		if ( group === 'day' ) {
			for ( let day = from; day <= to; day = addDays( day, 1 ) ) {
				groups.set( day, groups.get( day ) ?? [] );
			}
		}
		const rows: UsageRow[] = [ ...groups.entries() ]
			.sort( ( [ a ], [ b ] ) => a.localeCompare( b ) )
			.map( ( [ key, items ] ) => {
				const { blocked, ...rest } = counts( items );
				const row: UsageRow = {
					key,
					label: label( group, key ),
					blocked,
					...rest,
				};
				if ( group === 'day' && series ) {
					row.series = [
						...groupBy(
							items,
							( item ) => item[ series as 'model' | 'caller' ]
						).entries(),
					].map( ( [ part, partItems ] ) => {
						const { blocked: _blocked, ...partCounts } =
							counts( partItems );
						return {
							key: part,
							label: label( series, part ),
							...partCounts,
						};
					} );
				}
				return row;
			} );
		const today = counts( within( to, to ) );
		const month = counts( within( `${ to.slice( 0, 8 ) }01`, to ) );
		return {
			from,
			to,
			group: group as UsageReport[ 'group' ],
			currency: 'USD',
			prices_as_of: names.prices_as_of,
			totals: {
				...counts( inRange ),
				unpriced_requests: counts(
					inRange.filter( ( item ) => item.model === '' )
				).requests,
			},
			rows,
			period: {
				day_requests: today.requests,
				day_cost_usd: today.cost_usd,
				month_requests: month.requests,
				month_cost_usd: month.cost_usd,
			},
		};
	};
}

const NO_CALLER_LIMITS: CallerLimits = {
	requests_per_day: null,
	monthly_budget_usd: null,
	approved: false,
};

/**
 * Answers GET and POST /limits from a state of its own: a POST changes what it names, callers
 * merged per caller id, and an approved caller stops waiting.
 *
 * @param initial The limits before any change.
 */
export function limitsServer( initial: Limits ): Handler {
	let state = initial;
	return ( options ) => {
		if ( ( options.method ?? 'GET' ) === 'POST' ) {
			const { callers = {}, ...rest } = options.data as LimitsUpdate;
			const merged: Record< string, CallerLimits > = { ...state.callers };
			for ( const [ id, change ] of Object.entries( callers ) ) {
				const before: CallerLimits | undefined = merged[ id ];
				merged[ id ] = {
					...( before ?? NO_CALLER_LIMITS ),
					...change,
				};
			}
			state = {
				...state,
				...rest,
				callers: merged,
				callers_seen: state.callers_seen.map( ( caller ) => ( {
					...caller,
					waiting: caller.waiting && ! merged[ caller.id ]?.approved,
				} ) ),
			};
		}
		return state;
	};
}

/** The set-up guide's steps as the server lists them: id, ticked by the plugin, optional, page. */
const SETUP_STEPS: [
	SetupGuideState[ 'steps' ][ number ][ 'id' ],
	boolean,
	boolean,
	string | null,
][] = [
	[ 'dashboard', false, false, 'https://platform.openai.com/' ],
	[
		'project',
		false,
		false,
		'https://platform.openai.com/settings/organization/projects',
	],
	[
		'billing',
		false,
		false,
		'https://platform.openai.com/settings/organization/billing/overview',
	],
	[ 'create_key', false, false, 'https://platform.openai.com/api-keys' ],
	[ 'paste_key', true, false, null ],
	[ 'test', true, false, null ],
	[
		'openai_limits',
		false,
		false,
		'https://platform.openai.com/settings/organization/limits',
	],
	[ 'our_budget', true, false, null ],
	[
		'data_controls',
		false,
		true,
		'https://platform.openai.com/settings/organization/data-controls/sharing',
	],
];

/**
 * A fake GET/POST /setup: hand steps tick and untick, automatic ones are as given.
 *
 * @param auto     The automatic steps done.
 * @param evidence What the traffic says the key needs.
 */
export function setupServer(
	auto: string[] = [],
	evidence: Partial< SetupGuideState[ 'evidence' ] > = {}
): Handler {
	const ticked = new Set< string >();
	let closed = false;
	const state = (): SetupGuideState => {
		const steps = SETUP_STEPS.map( ( [ id, isAuto, optional, link ] ) => ( {
			id,
			auto: isAuto,
			optional,
			link,
			done: isAuto ? auto.includes( id ) : ticked.has( id ),
		} ) );
		return {
			steps,
			done: steps.every( ( step ) => step.done || step.optional ),
			closed,
			evidence: {
				days: 30,
				permissions: [],
				models: [],
				unknown: [],
				missing: [],
				...evidence,
			},
		};
	};
	return ( options ) => {
		const data = options.data ?? {};
		if ( options.method === 'POST' ) {
			if ( typeof data.closed === 'boolean' ) {
				closed = data.closed;
			}
			if ( typeof data.step === 'string' ) {
				if ( data.done ) {
					ticked.add( data.step );
				} else {
					ticked.delete( data.step );
				}
			}
		}
		return state();
	};
}
