/**
 * Runs the server-side connection test and announces its outcome.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { testConnection, toApiError } from '../api';
import { outcomeLabel, outcomeOf } from '../labels';
import type { ApiError, EnvironmentType, TestResult } from '../types';

export type TestTarget = 'stored' | 'candidate' | 'environment';

export interface ConnectionTestState {
	/** Which key is being tested, or null when idle. */
	running: TestTarget | null;
	/** Which key the latest test (running or done) was about: where its result and errors belong. */
	target: TestTarget | null;
	/** When the running test started (Date.now()), or null when idle. */
	startedAt: number | null;
	result: TestResult | null;
	error: ApiError | null;
	/** Seconds until the server allows another test (after a 429), else 0. */
	waitSeconds: number;
	/**
	 * Whether a fresh answer is waiting to take focus: its result moves focus to its headline once
	 * and calls focusTaken(); shown again later (a tab switch, a refused test) it leaves focus alone.
	 */
	focusPending: boolean;
	focusTaken: () => void;
	/**
	 * Tests a typed key when one is given, else the key prepared for an environment type when one
	 * is named, else the stored key.
	 *
	 * The typed key is passed straight to the request and kept nowhere.
	 */
	run: (
		model: string,
		key?: string,
		environment?: EnvironmentType
	) => Promise< TestResult | null >;
	reset: () => void;
}

export function useConnectionTest(
	onResult?: ( result: TestResult ) => void
): ConnectionTestState {
	const [ running, setRunning ] = useState< TestTarget | null >( null );
	const [ target, setTarget ] = useState< TestTarget | null >( null );
	const [ startedAt, setStartedAt ] = useState< number | null >( null );
	const [ result, setResult ] = useState< TestResult | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ waitSeconds, setWaitSeconds ] = useState( 0 );
	const [ focusPending, setFocusPending ] = useState( false );
	const focusTaken = useCallback( () => setFocusPending( false ), [] );
	// The latest run: an answer to an earlier one (the key was saved or removed meanwhile) is dropped.
	const latest = useRef( 0 );
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
		async (
			model: string,
			key?: string,
			environment?: EnvironmentType
		) => {
			let next: TestTarget = 'stored';
			if ( key !== undefined ) {
				next = 'candidate';
			} else if ( environment !== undefined ) {
				next = 'environment';
			}
			latest.current += 1;
			const mine = latest.current;
			setRunning( next );
			setTarget( next );
			setStartedAt( Date.now() );
			setError( null );
			setResult( null );
			try {
				const answer = await testConnection( {
					...( key === undefined ? {} : { key } ),
					...( environment === undefined ? {} : { environment } ),
					...( model.trim() === '' ? {} : { model: model.trim() } ),
				} );
				if ( mine !== latest.current ) {
					return null;
				}
				setResult( answer );
				setFocusPending( true );
				onResult?.( answer );
				speak(
					sprintf(
						/* translators: 1: Connected, Failed or Warning. 2: the test's headline. */
						__( '%1$s: %2$s', 'key-guard-for-openai' ),
						outcomeLabel( outcomeOf( answer ) ),
						answer.message
					),
					answer.ok ? 'polite' : 'assertive'
				);
				return answer;
			} catch ( caught ) {
				if ( mine !== latest.current ) {
					return null;
				}
				const failure = toApiError( caught );
				// Shown by TestError, whose notice speaks it once (not at every second of a wait).
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
				return null;
			} finally {
				if ( mine === latest.current ) {
					setRunning( null );
					setStartedAt( null );
				}
			}
		},
		[ onResult ]
	);

	const reset = useCallback( () => {
		// A test still running is about a key that is gone: its answer will be dropped.
		latest.current += 1;
		setRunning( null );
		setStartedAt( null );
		shown.current = null;
		setResult( null );
		if ( waitSeconds === 0 ) {
			setError( null );
		}
	}, [ waitSeconds ] );

	return {
		running,
		target,
		startedAt,
		result,
		error,
		waitSeconds,
		focusPending,
		focusTaken,
		run,
		reset,
	};
}
