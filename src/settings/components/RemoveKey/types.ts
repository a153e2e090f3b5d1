export interface RemoveKeyProps {
	/** Deletes the saved key; reports its own failures. */
	onRemove: () => Promise< unknown >;
	/** The button's and the confirm button's label; "Remove key" by default. */
	label?: string;
	/** The dialog's title. */
	title?: string;
	/** What removing means, in the dialog. */
	consequence?: string;
}
