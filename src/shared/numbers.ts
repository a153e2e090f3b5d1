/**
 * Money, counts and shares for people, in the page language.
 */
import { pageLocale } from './time';

/**
 * How many decimals an amount in dollars needs to show its first significant digits: two for
 * a dollar or more, more for a fraction of a cent (0.0123 → 4, 0.000456 → 6).
 *
 * @param amount The amount.
 */
function decimalsFor( amount: number ): number {
	const size = Math.abs( amount );
	if ( size === 0 || size >= 1 ) {
		return 2;
	}
	return Math.min( 6, Math.max( 2, Math.ceil( -Math.log10( size ) ) + 2 ) );
}

/**
 * An estimated cost in US dollars, e.g. "$12.30" or "$0.0123".
 *
 * @param amount Dollars, as the REST API gives them (floats).
 * @param locale BCP 47 language tag.
 */
export function formatUsd( amount: number, locale = pageLocale() ): string {
	return new Intl.NumberFormat( locale, {
		style: 'currency',
		currency: 'USD',
		minimumFractionDigits: 2,
		maximumFractionDigits: decimalsFor( amount ),
	} ).format( amount );
}

/**
 * A count of requests or tokens, grouped, e.g. "12,345".
 *
 * @param count  The count.
 * @param locale BCP 47 language tag.
 */
export function formatCount( count: number, locale = pageLocale() ): string {
	return new Intl.NumberFormat( locale, {
		maximumFractionDigits: 0,
	} ).format( count );
}

/**
 * A share in whole per cent, e.g. "25%".
 *
 * @param ratio  The share, 1 for all of it.
 * @param locale BCP 47 language tag.
 */
export function formatPercent( ratio: number, locale = pageLocale() ): string {
	return new Intl.NumberFormat( locale, {
		style: 'percent',
		maximumFractionDigits: 0,
	} ).format( ratio );
}
