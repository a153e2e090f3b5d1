/**
 * The Usage tab: this month against the budgets, the last 30 days, the busiest callers, the
 * callers waiting for approval and the limits. Mounted only while the tab is shown, so nothing
 * of it is read, and no chart is downloaded, before the person opens it.
 */
import { Card, CardBody, CardHeader, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { useLimits } from '../../../shared/hooks/useLimits';
import { useUsage } from '../../../shared/hooks/useUsage';
import type { ApiError } from '../../../shared/types';
import type { UsageMetric, UsageSplit } from '../../../shared/usageSeries';
import BudgetSummary from '../BudgetSummary';
import CallerApprovals from '../CallerApprovals';
import LimitsForm from '../LimitsForm';
import LimitsReadOnly from '../LimitsReadOnly';
import RetryNotice from '../RetryNotice';
import TopCallers from '../TopCallers';
import UsageHistory from '../UsageHistory';

/** The limits' heading, where "Set a budget" takes the person. */
const LIMITS_HEADING = 'key-guard-limits';

/**
 * A failed read, with a way to try again.
 *
 * @param error   What failed.
 * @param onRetry Reads again.
 */
function failure( error: ApiError, onRetry: () => void ) {
	return <RetryNotice onRetry={ onRetry }>{ error.message }</RetryNotice>;
}

export default function UsageTab() {
	const [ metric, setMetric ] = useState< UsageMetric >( 'requests' );
	const [ split, setSplit ] = useState< UsageSplit >( 'model' );
	const usage = useUsage( split );
	const { limits, loadError, reload, save } = useLimits();

	let settings;
	if ( limits ) {
		settings = (
			<>
				<CallerApprovals limits={ limits } onSave={ save } />
				<Card className="key-guard-card key-guard-usage__limits">
					<CardHeader>
						<h2 id={ LIMITS_HEADING } tabIndex={ -1 }>
							{ __( 'Limits', 'key-guard-for-openai' ) }
						</h2>
					</CardHeader>
					<CardBody>
						{ limits.editable ? (
							<LimitsForm limits={ limits } onSave={ save } />
						) : (
							<LimitsReadOnly limits={ limits } />
						) }
					</CardBody>
				</Card>
			</>
		);
	} else {
		settings = loadError ? failure( loadError, reload ) : <Spinner />;
	}

	return (
		<div className="key-guard-usage">
			{ usage.error && failure( usage.error, usage.reload ) }
			{ usage.month && ( limits || loadError ) && (
				<BudgetSummary
					month={ usage.month }
					limits={ limits }
					onSetBudget={ () =>
						document.getElementById( LIMITS_HEADING )?.focus()
					}
				/>
			) }
			{ ! usage.error && (
				<UsageHistory
					report={ usage.days }
					metric={ metric }
					split={ split }
					onMetricChange={ setMetric }
					onSplitChange={ setSplit }
				/>
			) }
			{ usage.month && <TopCallers month={ usage.month } /> }
			{ settings }
		</div>
	);
}
