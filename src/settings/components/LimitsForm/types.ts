import type { Limits, LimitsUpdate } from '../../../shared/types';

export interface LimitsFormProps {
	/** The limits as the server last answered. */
	limits: Limits;
	/** Posts what changed; rejects with an ApiError. */
	onSave: ( update: LimitsUpdate ) => Promise< Limits >;
}
