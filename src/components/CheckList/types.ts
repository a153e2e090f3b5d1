import type { Check } from '../../types';

export interface CheckListProps {
	checks: Check[];
}
