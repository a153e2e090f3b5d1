import type { Limits, LimitsUpdate } from '../../../shared/types';

export interface CallerApprovalsProps {
	limits: Limits;
	/** Posts a change of the limits; rejects with an ApiError. */
	onSave: ( update: LimitsUpdate ) => Promise< Limits >;
}
