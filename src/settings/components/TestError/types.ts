import type { ApiError } from '../../../shared/types';

export interface TestErrorProps {
	error: ApiError;
	/** Seconds until another test is allowed (after too many), else 0. */
	waitSeconds: number;
}
