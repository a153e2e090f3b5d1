import type { UsageReport } from '../../../shared/types';

export interface TopCallersProps {
	/** This month's report, a row per caller. */
	month: UsageReport;
}
