import type { TestResult } from '../../../shared/types';

export interface TestResultProps {
	result: TestResult;
	/** Moves focus to the headline and scrolls it into view when shown: a result the person just asked for. */
	focusOnShow?: boolean;
	/** The headline's level under the heading of the place it is shown in (3 by default). */
	headingLevel?: 3 | 4;
	/** Whether to show the advice (the status area words the next step itself once a key works). */
	showAdvice?: boolean;
}
