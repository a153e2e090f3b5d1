/**
 * This month and today against their budgets: what was spent (an estimate from the price table),
 * how much of the budget that is, and a meter; without a budget, a pointer to the settings.
 */
import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { formatCount, formatPercent, formatUsd } from '../../../shared/numbers';
import { formatDay } from '../../../shared/days';
import type { BudgetSummaryProps } from './types';

/**
 * Spending against a budget, in words, with a meter; just the spending without a budget.
 *
 * @param spent  Dollars spent.
 * @param budget The budget, or null for none.
 * @param meter  The meter's accessible name.
 */
function against( spent: number, budget: number | null, meter: string ) {
	if ( budget === null ) {
		return formatUsd( spent );
	}
	const share = budget > 0 ? spent / budget : 1;
	const full = budget > 0 ? budget : 1;
	return (
		<>
			{ share > 1
				? sprintf(
						/* translators: 1: dollars spent, 2: the budget, 3: the share of it, e.g. 120%. */
						__(
							'%1$s, over the budget of %2$s (%3$s)',
							'key-guard-for-openai'
						),
						formatUsd( spent ),
						formatUsd( budget ),
						formatPercent( share )
					)
				: sprintf(
						/* translators: 1: dollars spent, 2: the budget, 3: the share of it, e.g. 25%. */
						__( '%1$s of %2$s (%3$s)', 'key-guard-for-openai' ),
						formatUsd( spent ),
						formatUsd( budget ),
						formatPercent( share )
					) }
			<meter
				className="key-guard-meter"
				aria-label={ meter }
				min={ 0 }
				max={ full }
				value={ Math.min( share, 1 ) * full }
				low={ full * 0.8 }
				high={ full * 0.9999 }
				optimum={ 0 }
			/>
		</>
	);
}

/**
 * Which budget is missing, in words.
 *
 * @param monthly The monthly budget, or null.
 * @param daily   The daily budget, or null.
 */
function missingBudget( monthly: number | null, daily: number | null ) {
	if ( monthly === null && daily === null ) {
		return __(
			'No budget is set, so nothing stops the spending.',
			'key-guard-for-openai'
		);
	}
	return monthly === null
		? __( 'No monthly budget is set.', 'key-guard-for-openai' )
		: __( 'No daily budget is set.', 'key-guard-for-openai' );
}

export default function BudgetSummary( {
	month,
	limits,
	onSetBudget,
}: BudgetSummaryProps ) {
	const { period, totals } = month;
	const monthly = limits?.monthly_budget_usd ?? null;
	const daily = limits?.daily_budget_usd ?? null;
	return (
		<Card className="key-guard-card key-guard-usage__budget">
			<CardHeader>
				<h2>{ __( 'This month', 'key-guard-for-openai' ) }</h2>
			</CardHeader>
			<CardBody>
				<dl>
					<dt>
						{ __( 'Spent this month', 'key-guard-for-openai' ) }
					</dt>
					<dd>
						{ against(
							period.month_cost_usd,
							monthly,
							__(
								'Share of the monthly budget spent',
								'key-guard-for-openai'
							)
						) }
					</dd>
					<dt>{ __( 'Spent today', 'key-guard-for-openai' ) }</dt>
					<dd>
						{ against(
							period.day_cost_usd,
							daily,
							__(
								'Share of the daily budget spent',
								'key-guard-for-openai'
							)
						) }
					</dd>
					<dt>
						{ __( 'Requests this month', 'key-guard-for-openai' ) }
					</dt>
					<dd>{ formatCount( period.month_requests ) }</dd>
					<dt>{ __( 'Requests today', 'key-guard-for-openai' ) }</dt>
					<dd>{ formatCount( period.day_requests ) }</dd>
				</dl>
				{ limits && ( monthly === null || daily === null ) && (
					<p className="key-guard-usage__no-budget">
						{ missingBudget( monthly, daily ) }{ ' ' }
						<Button variant="link" onClick={ onSetBudget }>
							{ limits.editable
								? __(
										'Set a budget in the limit settings below',
										'key-guard-for-openai'
									)
								: __(
										'See where the limits are set, below',
										'key-guard-for-openai'
									) }
						</Button>
					</p>
				) }
				<p className="description">
					{ sprintf(
						/* translators: %s: the date of the prices, e.g. Nov 1, 2026. */
						__(
							'Costs are estimates from OpenAI’s prices as of %s; OpenAI’s own bill is the final word.',
							'key-guard-for-openai'
						),
						formatDay( month.prices_as_of )
					) }
				</p>
				{ totals.unpriced_requests > 0 && (
					<p className="description">
						{ sprintf(
							/* translators: %s: a number of requests. */
							_n(
								'The cost of %s request this month could not be estimated exactly: a model without a known price is left out of the estimate, an answer that did not say what it used is counted at the most it could have cost.',
								'The cost of %s requests this month could not be estimated exactly: models without a known price are left out of the estimate, answers that did not say what they used are counted at the most they could have cost.',
								totals.unpriced_requests,
								'key-guard-for-openai'
							),
							formatCount( totals.unpriced_requests )
						) }
					</p>
				) }
			</CardBody>
		</Card>
	);
}
