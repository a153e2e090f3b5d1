import type { Message } from '../../types';

export interface SaveNoticesProps {
	/** What the server changed in the pasted key before saving it. */
	notices: Message[];
	onDismiss: () => void;
}
