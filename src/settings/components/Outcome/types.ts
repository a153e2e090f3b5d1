import type { TestResult } from '../../../shared/types';

export interface OutcomeProps {
	result: TestResult;
	/**
	 * Text for screen readers only, inside the label (so no flex gap splits it from the word),
	 * e.g. ": " before a headline.
	 */
	suffix?: string;
}
