export interface AuditTrailProps {
	/** Changes whenever something that is recorded happened, to read the events again. */
	version: number;
}
