import type { TestResult } from '../../types';

export interface TestResultProps {
	result: TestResult;
}
