export interface TestProgressProps {
	/** When the running test started (Date.now()), or null when no test runs. */
	startedAt: number | null;
}
