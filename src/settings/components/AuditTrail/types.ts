import type { AuditEvent } from '../../../shared/types';

export interface AuditTrailProps {
	/** The recent key events, newest first (useAudit()). */
	events: AuditEvent[];
}
