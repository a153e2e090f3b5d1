import type { CoreAi } from '../../../shared/settings';

export interface CoreAiStatusProps {
	/** What the page says about core's AI features (getCoreAi()); null on WordPress without them. */
	coreAi: CoreAi | null;
	/** Whether a key is set, which changes how the sentence reads. */
	configured: boolean;
	/** Whether the status area reports a problem with the key: core's features cannot use it yet. */
	problem?: boolean;
}
