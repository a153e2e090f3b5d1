import type { ReactNode } from 'react';

import type { CallerKey } from '../../../shared/limits';
import type { CallerSeen } from '../../../shared/types';

export interface CallerLimitsTableProps {
	/** The callers seen on this site. */
	callers: CallerSeen[];
	/** The columns, in order. */
	fields: CallerKey[];
	/** A caller's limit: a field to edit, or its value in words. */
	cell: ( caller: CallerSeen, field: CallerKey ) => ReactNode;
}
