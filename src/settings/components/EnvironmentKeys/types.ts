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
}

export interface EnvironmentRowProps {
	entry: EnvironmentKey;
	onSave: ( key: string ) => Promise< SaveResult >;
	onRemove: () => Promise< KeyStatus >;
}
