/**
 * The saved state of the key, as the server reports it; never the typed key.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

import {
	confirmKey,
	getStatus,
	removeEnvironmentKey,
	removeKey,
	saveEnvironmentKey,
	saveKey,
	toApiError,
} from '../api';
import type {
	ApiError,
	EnvironmentType,
	KeyStatus,
	SaveResult,
	TestResult,
} from '../types';

export interface KeyStatusState {
	status: KeyStatus | null;
	loadError: ApiError | null;
	/** Reloads the status, e.g. after a failed first load. */
	reload: () => void;
	/** Saves a typed key; rejects with an ApiError and leaves the status alone on refusal. */
	save: ( key: string ) => Promise< SaveResult >;
	/** Removes the saved key; rejects with an ApiError. */
	remove: () => Promise< KeyStatus >;
	/** Lets this copy of the site use a held production key; rejects with an ApiError. */
	confirm: () => Promise< KeyStatus >;
	/** Keeps the last test of the stored key in view without another request. */
	recordTest: ( result: TestResult ) => void;
	/** Saves the key for another environment type; rejects with an ApiError. */
	saveEnvironment: (
		environment: EnvironmentType,
		key: string
	) => Promise< SaveResult >;
	/** Removes the key for another environment type; rejects with an ApiError. */
	removeEnvironment: ( environment: EnvironmentType ) => Promise< KeyStatus >;
}

export function useKeyStatus(): KeyStatusState {
	const [ status, setStatus ] = useState< KeyStatus | null >( null );
	const [ loadError, setLoadError ] = useState< ApiError | null >( null );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		let current = true;
		setLoadError( null );
		getStatus().then(
			( next ) => current && setStatus( next ),
			( error ) => current && setLoadError( toApiError( error ) )
		);
		return () => {
			current = false;
		};
	}, [ attempt ] );

	const reload = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	const save = useCallback( async ( key: string ) => {
		const result = await saveKey( key );
		const { notices: _notices, ...next } = result;
		setStatus( next );
		return result;
	}, [] );

	const remove = useCallback( async () => {
		const next = await removeKey();
		setStatus( next );
		return next;
	}, [] );

	const confirm = useCallback( async () => {
		const next = await confirmKey();
		setStatus( next );
		return next;
	}, [] );

	const saveEnvironment = useCallback(
		async ( environment: EnvironmentType, key: string ) => {
			const result = await saveEnvironmentKey( environment, key );
			const { notices: _notices, ...next } = result;
			setStatus( next );
			return result;
		},
		[]
	);

	const removeEnvironment = useCallback(
		async ( environment: EnvironmentType ) => {
			const next = await removeEnvironmentKey( environment );
			setStatus( next );
			return next;
		},
		[]
	);

	const recordTest = useCallback( ( result: TestResult ) => {
		if ( result.key_source === 'stored' ) {
			// Only while a key is set: a late answer never dresses up "no key" with a result.
			setStatus( ( previous ) =>
				previous?.configured
					? { ...previous, last_test: result }
					: previous
			);
		}
	}, [] );

	return {
		status,
		loadError,
		reload,
		save,
		remove,
		confirm,
		recordTest,
		saveEnvironment,
		removeEnvironment,
	};
}
