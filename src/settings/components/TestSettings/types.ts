export interface TestSettingsProps {
	/** The model to test with, as shown in the field. */
	model: string;
	onModelChange: ( model: string ) => void;
	/** The model the server uses when none is given ('' when each test picks one the key can see). */
	defaultModel: string;
}
