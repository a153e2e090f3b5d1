import type {
	EnvironmentKey,
	KeyStatus,
	SaveResult,
} from '../../../shared/types';

export interface EnvironmentRowProps {
	entry: EnvironmentKey;
	onSave: ( key: string ) => Promise< SaveResult >;
	onRemove: () => Promise< KeyStatus >;
	model: string;
	onTested?: () => void;
}
