import type { NormalisedKey } from '../../normalise';

export interface KeyFeedbackProps {
	id: string;
	checked: NormalisedKey;
}
