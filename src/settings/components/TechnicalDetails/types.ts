import type { TestResult } from '../../../shared/types';

export interface TechnicalDetailsProps {
	result: TestResult;
}
