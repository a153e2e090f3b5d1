/**
 * Explains why the key cannot be edited here and how to change it where it is set.
 */
import { __ } from '@wordpress/i18n';

import Disclosure from '../Disclosure';
import type { ReadOnlyNoticeProps } from './types';

export default function ReadOnlyNotice( { source }: ReadOnlyNoticeProps ) {
	return (
		<Disclosure
			title={ __( 'How to change this key', 'key-guard-for-openai' ) }
			level={ 2 }
			className="key-guard-card key-guard-read-only"
		>
			<p>
				{ source === 'env'
					? __(
							'This key is set by the OPENAI_API_KEY environment variable of the server, so it cannot be changed on this screen.',
							'key-guard-for-openai'
						)
					: __(
							'This key is set by the OPENAI_API_KEY constant in wp-config.php, so it cannot be changed on this screen.',
							'key-guard-for-openai'
						) }
			</p>
			<p>
				{ __(
					'To change it, edit the line in wp-config.php (above “That’s all, stop editing!”):',
					'key-guard-for-openai'
				) }
			</p>
			<pre>
				<code>
					define( &apos;OPENAI_API_KEY&apos;, &apos;sk-…&apos; );
				</code>
			</pre>
			<p>
				{ __(
					'or the environment variable in your hosting panel, container or server configuration:',
					'key-guard-for-openai'
				) }
			</p>
			<pre>
				<code>OPENAI_API_KEY=sk-…</code>
			</pre>
			<p>
				{ __(
					'The environment variable wins over the constant, and both win over a key saved on this screen. Remove both to manage the key here.',
					'key-guard-for-openai'
				) }
			</p>
		</Disclosure>
	);
}
