/**
 * Days as the REST API names them (YYYY-MM-DD, in the browser's time zone here) and as people read
 * them: used by the Usage tab only, so in its chunk.
 */
import { pageLocale } from './time';

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
