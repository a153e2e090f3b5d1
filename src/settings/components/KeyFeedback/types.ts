import type { NormalisedKey } from '../../../shared/normalise';

export interface KeyFeedbackProps {
	id: string;
	checked: NormalisedKey;
}
