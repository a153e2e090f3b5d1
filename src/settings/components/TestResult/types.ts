import type { TestResult } from '../../../shared/types';

export interface TestResultProps {
	result: TestResult;
	/** Moves focus to the headline and scrolls it into view: a result the person just asked for. */
	takeFocus?: boolean;
	/** Called once focus has moved, so that showing the result again leaves focus alone. */
	onFocusTaken?: () => void;
	/** The headline's level under the heading of the place it is shown in (3 by default). */
	headingLevel?: 3 | 4;
	/** Whether to show the advice (the status area words the next step itself once a key works). */
	showAdvice?: boolean;
}
