export interface LimitFieldProps {
	label: string;
	/** Dollars (decimals allowed) or a whole number of requests. */
	money: boolean;
	/** The text in the field. */
	value: string;
	onChange: ( value: string ) => void;
	/** Why the value is refused, in words, or nothing. */
	error?: string;
	/** Shown under the field. */
	help?: string;
	/** A label for screen readers only, where a table's headers already say it. */
	hideLabel?: boolean;
	id?: string;
}
