/**
 * The budgets, request limits and callers, read when the Usage tab opens and replaced by every
 * answer of a change.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

import { toApiError } from '../api';
import { getLimits, saveLimits } from '../usageApi';
import type { ApiError, Limits, LimitsUpdate } from '../types';

export interface LimitsState {
	limits: Limits | null;
	loadError: ApiError | null;
	reload: () => void;
	/** Posts a change; rejects with an ApiError and leaves the limits alone on refusal. */
	save: ( update: LimitsUpdate ) => Promise< Limits >;
}

export function useLimits(): LimitsState {
	const [ limits, setLimits ] = useState< Limits | null >( null );
	const [ loadError, setLoadError ] = useState< ApiError | null >( null );
	const [ attempt, setAttempt ] = useState( 0 );

	useEffect( () => {
		let current = true;
		setLoadError( null );
		getLimits().then(
			( next ) => current && setLimits( next ),
			( error ) => current && setLoadError( toApiError( error ) )
		);
		return () => {
			current = false;
		};
	}, [ attempt ] );

	const reload = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );

	const save = useCallback( async ( update: LimitsUpdate ) => {
		const next = await saveLimits( update );
		setLimits( next );
		return next;
	}, [] );

	return { limits, loadError, reload, save };
}
