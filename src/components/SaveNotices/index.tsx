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
	return (
		<Notice status="info" onRemove={ onDismiss }>
			<p>
				{ __(
					'The server cleaned up the key before saving it:',
					'key-guard-for-openai'
				) }
			</p>
			<ul>
				{ notices.map( ( notice ) => (
					<li key={ notice.code }>{ notice.message }</li>
				) ) }
			</ul>
		</Notice>
	);
}
