import type { KeySource } from '../../../shared/types';

export interface ReadOnlyNoticeProps {
	/** Where the key comes from: env or constant (set on the server), else a network's site. */
	source: KeySource;
	/** Whether a key is in use (on a network's site: the network key is set). */
	configured?: boolean;
}
