/**
 * The words about what the chart and its table count: whole sentences per metric and split, so
 * each translates naturally.
 */
import { __, sprintf } from '@wordpress/i18n';

import { formatCount, formatUsd } from '../../../shared/numbers';
import type { UsageMetric, UsageSplit } from '../../../shared/usageSeries';

/**
 * The caption of the table, which also opens the chart's summary.
 *
 * @param metric What is counted.
 * @param split  What a day is split by.
 * @param from   The first day, for people.
 * @param to     The last day, for people.
 */
export function captionOf(
	metric: UsageMetric,
	split: UsageSplit,
	from: string,
	to: string
): string {
	const byModel = split === 'model';
	switch ( metric ) {
		case 'requests':
			return byModel
				? sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Requests per day by model, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					)
				: sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Requests per day by caller, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					);
		case 'tokens':
			return byModel
				? sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Tokens (input and output) per day by model, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					)
				: sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Tokens (input and output) per day by caller, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					);
		case 'cost':
			return byModel
				? sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Estimated cost in US dollars per day by model, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					)
				: sprintf(
						/* translators: 1: first day, 2: last day. */
						__(
							'Estimated cost in US dollars per day by caller, %1$s to %2$s',
							'key-guard-for-openai'
						),
						from,
						to
					);
	}
}

/**
 * Writes a figure of a metric.
 *
 * @param metric What is counted.
 */
export function formatterOf(
	metric: UsageMetric
): ( value: number ) => string {
	return metric === 'cost'
		? ( value ) => formatUsd( value )
		: ( value ) => formatCount( value );
}

/**
 * The label of the series that gathers the smallest ones.
 *
 * @param split What a day is split by.
 */
export function otherLabel( split: UsageSplit ): string {
	return split === 'model'
		? __( 'Other models', 'key-guard-for-openai' )
		: __( 'Other callers', 'key-guard-for-openai' );
}
