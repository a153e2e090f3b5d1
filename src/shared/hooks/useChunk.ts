/**
 * A component whose code is a chunk of its own, fetched the first time it is needed: while it
 * loads, `Component` is null; when it cannot load, `failed` is true and `retry` fetches again.
 */
import { useEffect, useState } from '@wordpress/element';
import type { ComponentType } from 'react';

export interface Chunk< Props > {
	Component: ComponentType< Props > | null;
	failed: boolean;
	retry: () => void;
}

/**
 * Loads a chunk's component.
 *
 * @param load Fetches the chunk (a dynamic import) and gives its component.
 */
export function useChunk< Props >(
	load: () => Promise< ComponentType< Props > >
): Chunk< Props > {
	const [ Component, setComponent ] =
		useState< ComponentType< Props > | null >( null );
	const [ failed, setFailed ] = useState( false );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		let current = true;
		setFailed( false );
		setComponent( null );
		load().then(
			( loaded ) => current && setComponent( () => loaded ),
			() => current && setFailed( true )
		);
		return () => {
			current = false;
		};
	}, [ load, attempt ] );

	return { Component, failed, retry: () => setAttempt( ( n ) => n + 1 ) };
}
