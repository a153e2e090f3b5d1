import type { ReactNode } from 'react';
import type { SaveResult } from '../../../shared/types';

export interface KeyFormProps {
	/** Whether a key is saved already: the form then replaces it. */
	configured: boolean;
	/** Saves the typed key; rejects with an ApiError when the server refuses it. */
	onSave: ( key: string ) => Promise< SaveResult >;
	/** Called on every edit of the field (e.g. to drop a result about the previous text). */
	onEdit?: () => void;
	/** Tests the typed key without saving it. */
	onTest: ( key: string ) => void;
	/** Whether any connection test is running. */
	isTesting: boolean;
	/** Whether the running test is of the typed key. */
	isTestingTypedKey: boolean;
	/** Whether focus should move to the key field (after the key was removed), once. */
	focusField?: boolean;
	/** Called once focus has moved to the field. */
	onFocusTaken?: () => void;
	/** Inside another section (the status area, when there is no key yet) rather than a card of its own. */
	embedded?: boolean;
	/** The typed key's test: progress, refusal or result, shown by the field that started it. */
	children?: ReactNode;
}
