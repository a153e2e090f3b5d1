/**
 * The screen's notices from the core/notices store: pinned ones inline, snackbars at the bottom.
 */
import { NoticeList, SnackbarList } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

export const NOTICE_CONTEXT = 'key-guard';

export default function Notices() {
	const notices = useSelect(
		( select ) => select( noticesStore ).getNotices( NOTICE_CONTEXT ),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	const onRemove = ( id: string ) => removeNotice( id, NOTICE_CONTEXT );
	return (
		<>
			<NoticeList
				className="key-guard-notices"
				notices={ notices.filter(
					( notice ) => notice.type === 'default'
				) }
				onRemove={ onRemove }
			/>
			<SnackbarList
				className="key-guard-snackbars"
				notices={ notices.filter(
					( notice ) => notice.type === 'snackbar'
				) }
				onRemove={ onRemove }
			/>
		</>
	);
}
