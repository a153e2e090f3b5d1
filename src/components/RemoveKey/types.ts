export interface RemoveKeyProps {
	/** Deletes the saved key; reports its own failures. */
	onRemove: () => Promise< void >;
}
