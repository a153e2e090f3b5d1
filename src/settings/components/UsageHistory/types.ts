import type { UsageReport } from '../../../shared/types';
import type { UsageMetric, UsageSplit } from '../../../shared/usageSeries';

export interface UsageHistoryProps {
	/** The last days, a row per day split by `split`; null while it is read. */
	report: UsageReport | null;
	metric: UsageMetric;
	split: UsageSplit;
	onMetricChange: ( metric: UsageMetric ) => void;
	onSplitChange: ( split: UsageSplit ) => void;
}
