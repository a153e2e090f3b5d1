import type { Check } from '../../../shared/types';

export interface CheckListProps {
	checks: Check[];
}
