/**
 * Dates for people: "3 minutes ago" next to the full local date and time.
 */

import { __, sprintf } from '@wordpress/i18n';

const UNITS: Array< [ Intl.RelativeTimeFormatUnit, number ] > = [
	[ 'year', 365 * 24 * 3600 ],
	[ 'month', 30 * 24 * 3600 ],
	[ 'week', 7 * 24 * 3600 ],
	[ 'day', 24 * 3600 ],
	[ 'hour', 3600 ],
	[ 'minute', 60 ],
	[ 'second', 1 ],
];

/** The page language WordPress puts on <html>, or the browser's own when it is absent. */
export function pageLocale(): string | undefined {
	return document.documentElement.lang || undefined;
}

/**
 * Formats an ISO 8601 date as a full local date and time.
 *
 * @param iso    ISO 8601 date.
 * @param locale BCP 47 language tag.
 */
export function formatAbsolute( iso: string, locale = pageLocale() ): string {
	if ( Number.isNaN( Date.parse( iso ) ) ) {
		return iso;
	}
	return new Intl.DateTimeFormat( locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
	} ).format( new Date( iso ) );
}

/**
 * Formats an ISO 8601 date relative to now, e.g. "5 minutes ago".
 *
 * @param iso    ISO 8601 date.
 * @param now    Milliseconds since the epoch.
 * @param locale BCP 47 language tag.
 */
export function formatRelative(
	iso: string,
	now = Date.now(),
	locale = pageLocale()
): string {
	if ( Number.isNaN( Date.parse( iso ) ) ) {
		return iso;
	}
	const seconds = Math.round( ( new Date( iso ).getTime() - now ) / 1000 );
	const format = new Intl.RelativeTimeFormat( locale, { numeric: 'auto' } );
	for ( const [ unit, size ] of UNITS ) {
		if ( Math.abs( seconds ) >= size || unit === 'second' ) {
			return format.format( Math.round( seconds / size ), unit );
		}
	}
	return format.format( 0, 'second' );
}

/**
 * "5 minutes ago (26 Nov 2026, 22:40)": relative time, then the full local date and time.
 *
 * @param iso ISO 8601 date.
 */
export function formatWhen( iso: string ): string {
	return sprintf(
		/* translators: 1: relative time, e.g. 5 minutes ago. 2: date and time. */
		__( '%1$s (%2$s)', 'key-guard-for-openai' ),
		formatRelative( iso ),
		formatAbsolute( iso )
	);
}

/**
 * A local date as YYYY-MM-DD, the way the REST API names days.
 *
 * @param date The moment; its day in the browser's time zone.
 */
export function toDay( date: Date ): string {
	const pad = ( n: number ) => String( n ).padStart( 2, '0' );
	return `${ date.getFullYear() }-${ pad( date.getMonth() + 1 ) }-${ pad(
		date.getDate()
	) }`;
}

/**
 * The local midnight of a YYYY-MM-DD day, or null when it is no such day.
 *
 * @param day e.g. 2026-11-27.
 */
function parseDay( day: string ): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec( day );
	return match
		? new Date(
				Number( match[ 1 ] ),
				Number( match[ 2 ] ) - 1,
				Number( match[ 3 ] )
			)
		: null;
}

/**
 * The day a number of days before or after another.
 *
 * @param day  YYYY-MM-DD.
 * @param days How many days later (earlier when negative).
 */
export function addDays( day: string, days: number ): string {
	const date = parseDay( day );
	if ( ! date ) {
		return day;
	}
	date.setDate( date.getDate() + days );
	return toDay( date );
}

/**
 * A YYYY-MM-DD day for people, e.g. "Nov 27, 2026"; shown as given when it is no such day.
 *
 * @param day     YYYY-MM-DD.
 * @param options How to write it (the medium date by default).
 * @param locale  BCP 47 language tag.
 */
export function formatDay(
	day: string,
	options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
	locale = pageLocale()
): string {
	const date = parseDay( day );
	return date
		? new Intl.DateTimeFormat( locale, options ).format( date )
		: day;
}
