import type { Message } from '../../../shared/types';

export interface SaveNoticesProps {
	/** What the server changed in the pasted key before saving it. */
	notices: Message[];
	onDismiss: () => void;
}
