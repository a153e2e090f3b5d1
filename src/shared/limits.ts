/**
 * The limit settings as a form edits them: text as typed, checked in words, and turned into the
 * POST /limits body of only what changed. An empty field is "no limit" (null).
 */
import { __, sprintf } from '@wordpress/i18n';

import { formatPercent } from './numbers';
import { pageLocale } from './time';

import type { ApiError, CallerLimits, Limits, LimitsUpdate } from './types';

/** The site-wide limits, each a number or null. */
export type LimitKey =
	| 'monthly_budget_usd'
	| 'daily_budget_usd'
	| 'requests_per_minute'
	| 'requests_per_day';

export const LIMIT_FIELDS: LimitKey[] = [
	'monthly_budget_usd',
	'daily_budget_usd',
	'requests_per_minute',
	'requests_per_day',
];

/** The limits of one caller. */
export type CallerKey = 'requests_per_day' | 'monthly_budget_usd';

export const CALLER_FIELDS: CallerKey[] = [
	'requests_per_day',
	'monthly_budget_usd',
];

/** What the person typed, by field; a field not typed in shows the saved value. */
export interface LimitEdits {
	fields: Partial< Record< LimitKey, string > >;
	policy?: Limits[ 'unknown_callers' ];
	callers: Record< string, Partial< Record< CallerKey, string > > >;
}

/** Messages in words, by field; `form` holds what belongs to no one field. */
export interface LimitErrors {
	fields: Partial< Record< LimitKey, string > >;
	callers: Record< string, Partial< Record< CallerKey, string > > >;
	form?: string;
}

export const NO_EDITS: LimitEdits = { fields: {}, callers: {} };

/** Where a value of the form sits: a site-wide limit, or one caller's. */
export type LimitPlace =
	{ field: LimitKey } | { caller: string; field: CallerKey };

/** Texts by place: what was typed, or why it is refused. */
interface ByPlace {
	fields: Partial< Record< LimitKey, string > >;
	callers: Record< string, Partial< Record< CallerKey, string > > >;
}

/**
 * Sets the text of one place, leaving the others.
 *
 * @param state The texts (edits or errors).
 * @param place Where.
 * @param text  The new text; undefined takes it away.
 */
export function atPlace< T extends ByPlace >(
	state: T,
	place: LimitPlace,
	text: string | undefined
): T {
	if ( 'caller' in place ) {
		return {
			...state,
			callers: {
				...state.callers,
				[ place.caller ]: {
					...state.callers[ place.caller ],
					[ place.field ]: text,
				},
			},
		};
	}
	return { ...state, fields: { ...state.fields, [ place.field ]: text } };
}

/**
 * The name of a site-wide limit.
 *
 * @param field The limit.
 */
export function limitLabel( field: LimitKey ): string {
	switch ( field ) {
		case 'monthly_budget_usd':
			return __( 'Monthly budget (US dollars)', 'key-guard-for-openai' );
		case 'daily_budget_usd':
			return __( 'Daily budget (US dollars)', 'key-guard-for-openai' );
		case 'requests_per_minute':
			return __( 'Requests per minute', 'key-guard-for-openai' );
		case 'requests_per_day':
			return __( 'Requests per day', 'key-guard-for-openai' );
	}
}

/**
 * The words of a policy for plugins and themes that have not used OpenAI here before.
 *
 * @param policy The policy.
 */
export function policyLabel( policy: Limits[ 'unknown_callers' ] ): string {
	return policy === 'allow'
		? __( 'Allow any plugin', 'key-guard-for-openai' )
		: __(
				'Ask me before a new plugin or theme can use OpenAI',
				'key-guard-for-openai'
			);
}

/**
 * When the site owner is alerted, e.g. "You are alerted when spending reaches 50%, 80% and 100% of
 * a budget."; null without thresholds.
 *
 * @param thresholds Percentages of a budget.
 */
export function alertText( thresholds: number[] ): string | null {
	if ( thresholds.length === 0 ) {
		return null;
	}
	const shares = new Intl.ListFormat( pageLocale(), {
		type: 'conjunction',
	} ).format( thresholds.map( ( share ) => formatPercent( share / 100 ) ) );
	return sprintf(
		/* translators: %s: shares of a budget, e.g. "50%, 80% and 100%". */
		__(
			'You are alerted when spending reaches %s of a budget.',
			'key-guard-for-openai'
		),
		shares
	);
}

/**
 * Whether a field holds dollars (else a whole number of requests).
 *
 * @param field A site-wide or caller field.
 */
export function isMoney( field: LimitKey | CallerKey ): boolean {
	return field.endsWith( '_usd' );
}

/**
 * The saved limits of a caller, none when it has no entry yet.
 *
 * @param limits The saved limits.
 * @param id     The caller id.
 */
export function callerLimits( limits: Limits, id: string ): CallerLimits {
	return (
		limits.callers[ id ] ?? {
			requests_per_day: null,
			monthly_budget_usd: null,
			approved: false,
		}
	);
}

/**
 * A saved limit as the field shows it: empty for no limit.
 *
 * @param value The saved value.
 */
export function limitText( value: number | null ): string {
	return value === null ? '' : String( value );
}

/**
 * Reads a typed limit: empty is no limit; dollars may have decimals (a comma or a point), request
 * counts are whole numbers; nothing is below zero.
 *
 * @param text  What was typed.
 * @param money Whether the field holds dollars.
 * @return The value, or the reason it is refused, in words.
 */
export function parseLimit(
	text: string,
	money: boolean
): { value: number | null } | { error: string } {
	const trimmed = text.trim().replace( /^\$\s*/, '' );
	if ( trimmed === '' ) {
		return { value: null };
	}
	if ( /^[1-9]\d{0,2}(?:[,.\s]\d{3})+$/.test( trimmed ) ) {
		// "1,000" is a thousand in one language and one in another: never guess.
		return {
			error: __(
				'Write the number without a thousands separator, such as 1000.',
				'key-guard-for-openai'
			),
		};
	}
	if ( money && /^\d+(?:[.,]\d+)?$/.test( trimmed ) ) {
		return { value: Number( trimmed.replace( ',', '.' ) ) };
	}
	if ( ! money && /^\d+$/.test( trimmed ) ) {
		return { value: Number( trimmed ) };
	}
	return {
		error: money
			? __(
					'Enter an amount in US dollars of zero or more, such as 25 or 12.50, or leave the field empty for no limit.',
					'key-guard-for-openai'
				)
			: __(
					'Enter a whole number of requests of zero or more, such as 500, or leave the field empty for no limit.',
					'key-guard-for-openai'
				),
	};
}

/**
 * What to post: only the fields whose typed value differs from the saved one, or the reasons
 * some typed values are refused.
 *
 * @param saved The limits as the server last answered.
 * @param edits What the person typed.
 */
export function changesOf(
	saved: Limits,
	edits: LimitEdits
): { update: LimitsUpdate; errors: LimitErrors | null } {
	const update: LimitsUpdate = {};
	const errors: LimitErrors = { fields: {}, callers: {} };
	let refused = false;
	for ( const field of LIMIT_FIELDS ) {
		const text = edits.fields[ field ];
		if ( text === undefined ) {
			continue;
		}
		const parsed = parseLimit( text, isMoney( field ) );
		if ( 'error' in parsed ) {
			errors.fields[ field ] = parsed.error;
			refused = true;
		} else if ( parsed.value !== saved[ field ] ) {
			update[ field ] = parsed.value;
		}
	}
	if ( edits.policy && edits.policy !== saved.unknown_callers ) {
		update.unknown_callers = edits.policy;
	}
	for ( const [ id, typed ] of Object.entries( edits.callers ) ) {
		const before = callerLimits( saved, id );
		for ( const field of CALLER_FIELDS ) {
			const text = typed[ field ];
			if ( text === undefined ) {
				continue;
			}
			const parsed = parseLimit( text, isMoney( field ) );
			if ( 'error' in parsed ) {
				errors.callers[ id ] = {
					...errors.callers[ id ],
					[ field ]: parsed.error,
				};
				refused = true;
			} else if ( parsed.value !== before[ field ] ) {
				update.callers = {
					...update.callers,
					[ id ]: {
						...update.callers?.[ id ],
						[ field ]: parsed.value,
					},
				};
			}
		}
	}
	return { update, errors: refused ? errors : null };
}

/**
 * The server's refusal by field: a 400 words each refused field in data.params; a message for no
 * field of the form goes above it. Without params the error's own message is all there is.
 *
 * @param error What the server answered.
 */
export function serverErrors( error: ApiError ): LimitErrors {
	const errors: LimitErrors = { fields: {}, callers: {} };
	const params = error.data?.params;
	if ( typeof params !== 'object' || params === null ) {
		return { ...errors, form: error.message };
	}
	const unplaced: string[] = [];
	for ( const [ name, message ] of Object.entries( params ) ) {
		if ( typeof message !== 'string' ) {
			continue;
		}
		if ( ( LIMIT_FIELDS as string[] ).includes( name ) ) {
			errors.fields[ name as LimitKey ] = message;
		} else {
			unplaced.push( message );
		}
	}
	if ( unplaced.length > 0 ) {
		return { ...errors, form: unplaced.join( ' ' ) };
	}
	// WordPress's own summary names the fields as the code spells them: words of ours instead.
	return Object.keys( errors.fields ).length > 0
		? errors
		: {
				...errors,
				form: __(
					'The limits were not saved. Check the values and try again.',
					'key-guard-for-openai'
				),
			};
}
