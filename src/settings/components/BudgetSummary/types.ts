import type { Limits, UsageReport } from '../../../shared/types';

export interface BudgetSummaryProps {
	/** This month's report: its `period` holds today's and the month's spending. */
	month: UsageReport;
	/** The budgets, or null when they could not be read. */
	limits: Limits | null;
	/** Takes the person to the limit settings. */
	onSetBudget: () => void;
}
