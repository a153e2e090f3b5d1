import type { TestResult } from '../../types';

export interface OutcomeProps {
	result: TestResult;
}
