/**
 * Explains why the key cannot be edited here and how to change it where it is set: in the server's
 * configuration (env or constant), or on a network, by its administrators. A chunk of its own.
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import Disclosure from '../Disclosure';
import type { ReadOnlyNoticeProps } from './types';

/**
 * Why a site of a network cannot change its key, in a sentence.
 *
 * @param source     Where the key comes from.
 * @param configured Whether a key is in use.
 */
function networkSentence( source: string, configured: boolean ): string {
	if ( source === 'network' ) {
		return __(
			'This site uses the network key. Network administrators manage it under Network Admin, Settings, OpenAI key.',
			'key-guard-for-openai'
		);
	}
	if ( configured ) {
		return __(
			"This site's own key is in use, but sites of this network may not change their key. Network administrators can set a network key, or allow site keys, under Network Admin, Settings, OpenAI key.",
			'key-guard-for-openai'
		);
	}
	return __(
		'Sites of this network use the network key, which is not set yet. Network administrators set it under Network Admin, Settings, OpenAI key.',
		'key-guard-for-openai'
	);
}

export default function ReadOnlyNotice( {
	source,
	configured = false,
}: ReadOnlyNoticeProps ) {
	if ( source !== 'env' && source !== 'constant' ) {
		return (
			<Notice
				status="info"
				isDismissible={ false }
				className="key-guard-network-notice"
			>
				{ networkSentence( source, configured ) }
			</Notice>
		);
	}
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
