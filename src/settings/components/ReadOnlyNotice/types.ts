export interface ReadOnlyNoticeProps {
	/** Where the key comes from; only env and constant make the screen read-only. */
	source: 'env' | 'constant';
}
