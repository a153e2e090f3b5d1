import type { Limits } from '../../../shared/types';

export interface LimitsReadOnlyProps {
	limits: Limits;
}
