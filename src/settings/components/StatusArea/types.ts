import type { ReactNode } from 'react';

import type { ConnectionTestState } from '../../../shared/hooks/useConnectionTest';
import type { KeyStatus } from '../../../shared/types';

/** Where things stand, in one word: what the status area says and which step it offers. */
export type Stage = 'none' | 'untested' | 'works' | 'warning' | 'problem';

export interface StatusAreaProps {
	status: KeyStatus;
	test: Pick<
		ConnectionTestState,
		| 'running'
		| 'target'
		| 'startedAt'
		| 'result'
		| 'error'
		| 'waitSeconds'
		| 'focusPending'
		| 'focusTaken'
	>;
	/** Tests the saved key. */
	onTest: () => void;
	/** Whether focus should move to the test button (after a save), once. */
	focusTest?: boolean;
	/** Called once focus has moved to the test button. */
	onFocusTaken?: () => void;
	/** The test's settings (the model), offered next to the button. */
	testOptions?: ReactNode;
	/** What the server said about the key just saved (SaveNotices), once the form has moved away. */
	notices?: ReactNode;
	/** The key form, when there is no key yet: key entry comes first. */
	form?: ReactNode;
	/** Actions on the saved key, e.g. RemoveKey; they come after the test in tab order. */
	children?: ReactNode;
}
