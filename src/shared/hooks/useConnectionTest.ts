/**
 * Runs the server-side connection test and announces its outcome.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { testConnection, toApiError } from '../api';
import { outcomeLabel, outcomeOf } from '../labels';
import type { ApiError, TestResult } from '../types';

export type TestTarget = 'stored' | 'candidate';

export interface ConnectionTestState {
	/** Which key is being tested, or null when idle. */
	running: TestTarget | null;
	result: TestResult | null;
	error: ApiError | null;
	/** Seconds until the server allows another test (after a 429), else 0. */
	waitSeconds: number;
	/**
	 * Tests a typed key when one is given, else the stored key.
	 *
	 * The typed key is passed straight to the request and kept nowhere.
	 */
	run: ( model: string, key?: string ) => Promise< TestResult | null >;
	reset: () => void;
}

export function useConnectionTest(
	onResult?: ( result: TestResult ) => void
): ConnectionTestState {
	const [ running, setRunning ] = useState< TestTarget | null >( null );
	const [ result, setResult ] = useState< TestResult | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ waitSeconds, setWaitSeconds ] = useState( 0 );
	// The result on screen when a test starts: it comes back if the server refuses to run the test.
	const shown = useRef< TestResult | null >( null );
	shown.current = result ?? shown.current;

	// Counts down a 429's Retry-After; the refusal goes away when testing is allowed again.
	useEffect( () => {
		if ( waitSeconds <= 0 ) {
			return;
		}
		const timer = window.setTimeout( () => {
			if ( waitSeconds === 1 ) {
				setError( null );
			}
			setWaitSeconds( waitSeconds - 1 );
		}, 1000 );
		return () => window.clearTimeout( timer );
	}, [ waitSeconds ] );

	const run = useCallback(
		async ( model: string, key?: string ) => {
			setRunning( key === undefined ? 'stored' : 'candidate' );
			setError( null );
			setResult( null );
			try {
				const next = await testConnection( {
					...( key === undefined ? {} : { key } ),
					...( model.trim() === '' ? {} : { model: model.trim() } ),
				} );
				setResult( next );
				onResult?.( next );
				speak(
					sprintf(
						/* translators: 1: Connected, Failed or Warning. 2: the test's headline. */
						__( '%1$s: %2$s', 'key-guard-for-openai' ),
						outcomeLabel( outcomeOf( next ) ),
						next.message
					),
					next.ok ? 'polite' : 'assertive'
				);
				return next;
			} catch ( caught ) {
				const failure = toApiError( caught );
				setError( failure );
				const retryAfter = failure.data?.retry_after;
				if ( failure.code === 'key_guard_rate_limited' ) {
					setResult( shown.current );
					if ( typeof retryAfter === 'number' && retryAfter > 0 ) {
						setWaitSeconds(
							Math.min( Math.ceil( retryAfter ), 60 )
						);
					}
				}
				speak( failure.message, 'assertive' );
				return null;
			} finally {
				setRunning( null );
			}
		},
		[ onResult ]
	);

	const reset = useCallback( () => {
		shown.current = null;
		setResult( null );
		if ( waitSeconds === 0 ) {
			setError( null );
		}
	}, [ waitSeconds ] );

	return { running, result, error, waitSeconds, run, reset };
}
