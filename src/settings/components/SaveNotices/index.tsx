/**
 * What the server cleaned up in the pasted key, shown after a save until dismissed.
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { SaveNoticesProps } from './types';

export default function SaveNotices( {
	notices,
	onDismiss,
}: SaveNoticesProps ) {
	if ( notices.length === 0 ) {
		return null;
	}
	// Cleanups (removed_*) were done for the admin; the rest are warnings about the key's shape.
	const cleanups = notices.filter( ( notice ) =>
		notice.code.startsWith( 'removed_' )
	);
	const warnings = notices.filter(
		( notice ) => ! notice.code.startsWith( 'removed_' )
	);
	return (
		<Notice
			status={ warnings.length > 0 ? 'warning' : 'info' }
			onRemove={ onDismiss }
		>
			{ cleanups.length > 0 && (
				<>
					<p>
						{ __(
							'The server cleaned up the key before saving it:',
							'key-guard-for-openai'
						) }
					</p>
					<ul>
						{ cleanups.map( ( notice ) => (
							<li key={ notice.code }>{ notice.message }</li>
						) ) }
					</ul>
				</>
			) }
			{ warnings.length > 0 && (
				<>
					<p>
						{ __(
							'The key was saved, but check it:',
							'key-guard-for-openai'
						) }
					</p>
					<ul>
						{ warnings.map( ( notice ) => (
							<li key={ notice.code }>{ notice.message }</li>
						) ) }
					</ul>
				</>
			) }
		</Notice>
	);
}
