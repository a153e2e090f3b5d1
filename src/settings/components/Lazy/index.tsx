/**
 * A part of the screen whose code is a chunk of its own (build/{name}.js), fetched the first time
 * it is shown: the key screen never downloads the Usage or Events tab until they are opened. Its
 * words are translated like the screen's own: the server hands every chunk's translations to the
 * page with the screen's (php/Admin/Assets.php).
 */
import { Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';

import { useChunk } from '../../../shared/hooks/useChunk';
import RetryNotice from '../RetryNotice';

interface LazyProps< Props > {
	/** Fetches the chunk (a dynamic import) and gives its component; a module-level function. */
	load: () => Promise< ComponentType< Props > >;
	/** What the component is given once loaded. */
	props: Props;
}

export default function Lazy< Props extends object >( {
	load,
	props,
}: LazyProps< Props > ) {
	const { Component, failed, retry } = useChunk( load );
	if ( failed ) {
		return (
			<RetryNotice onRetry={ retry }>
				{ __(
					'This part of the screen could not be loaded. Check your connection and try again.',
					'key-guard-for-openai'
				) }
			</RetryNotice>
		);
	}
	if ( ! Component ) {
		return (
			<p className="key-guard-lazy is-loading">
				<Spinner />
				{ __( 'Loading…', 'key-guard-for-openai' ) }
			</p>
		);
	}
	return <Component { ...props } />;
}
