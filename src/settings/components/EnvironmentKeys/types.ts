import type {
	EnvironmentKey,
	EnvironmentType,
	KeyStatus,
	SaveResult,
} from '../../../shared/types';

export interface EnvironmentKeysProps {
	/** This site's environment type. */
	current: EnvironmentType;
	/** Every environment type's prepared key, as GET /key reports them. */
	environments: EnvironmentKey[];
	/** Saves a typed key for another environment type; rejects with an ApiError on refusal. */
	onSave: (
		environment: EnvironmentType,
		key: string
	) => Promise< SaveResult >;
	/** Removes the key prepared for another environment type; rejects with an ApiError. */
	onRemove: ( environment: EnvironmentType ) => Promise< KeyStatus >;
	/** Says what a save or removal did ("Key for staging sites saved"). */
	onDone: ( message: string ) => void;
	/** Whether KEY_GUARD_ENCRYPTION_KEY encrypts the keys, so a copy with other salts can read them. */
	sharedSecret: boolean;
	/** The model a test uses ('' lets the server choose). */
	model: string;
	/** Called after a prepared key was tested (it is recorded in the key events). */
	onTested?: () => void;
}
