import type { TestTarget } from '../../../shared/hooks/useConnectionTest';
import type { ApiError, TestResult } from '../../../shared/types';

export interface ConnectionTestProps {
	/** Whether there is a stored key to test. */
	configured: boolean;
	/** The model to test with, as shown in the field. */
	model: string;
	onModelChange: ( model: string ) => void;
	/** The model the server uses when none is given. */
	defaultModel: string;
	running: TestTarget | null;
	/** Seconds until another test is allowed (after too many), else 0. */
	waitSeconds?: number;
	result: TestResult | null;
	error: ApiError | null;
	onTestStored: () => void;
}
