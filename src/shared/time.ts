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
