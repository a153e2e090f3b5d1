import type { ReactNode } from 'react';

import type { KeyStatus } from '../../../shared/types';

export interface KeyStatusPanelProps {
	status: KeyStatus;
	/** Actions on the saved key, e.g. RemoveKey. */
	children?: ReactNode;
}
