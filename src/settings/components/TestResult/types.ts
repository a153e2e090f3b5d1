import type { TestResult } from '../../../shared/types';

export interface TestResultProps {
	result: TestResult;
}
