/**
 * Typed calls to the key-guard/v1 REST API over apiFetch.
 *
 * Every failure is rethrown as an ApiError, so callers handle one shape whether the server
 * refused the request or the browser never reached it.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import type { APIFetchOptions } from '@wordpress/api-fetch';

import type {
	ApiError,
	AuditEvent,
	EnvironmentType,
	KeyStatus,
	SaveResult,
	SetupGuideState,
	SetupStep,
	TestRequest,
	TestResult,
} from './types';

export const NAMESPACE = 'key-guard/v1';
export const KEY_PATH = `/${ NAMESPACE }/key`;
export const TEST_PATH = `/${ NAMESPACE }/test`;
export const AUDIT_PATH = `/${ NAMESPACE }/audit`;
export const ENVIRONMENTS_PATH = `/${ NAMESPACE }/environments`;

function isApiError( value: unknown ): value is ApiError {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as ApiError ).code === 'string' &&
		typeof ( value as ApiError ).message === 'string'
	);
}

/**
 * Turns whatever apiFetch rejected with into an ApiError.
 *
 * @param error A WP_Error body, a fetch failure, or anything else.
 */
export function toApiError( error: unknown ): ApiError {
	if ( isApiError( error ) ) {
		return error;
	}
	return {
		code: 'unknown_error',
		message:
			error instanceof Error && error.message
				? error.message
				: __(
						'The request failed. Check your connection and try again.',
						'key-guard-for-openai'
					),
	};
}

export async function request< T >(
	options: APIFetchOptions< true >
): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( error ) {
		throw toApiError( error );
	}
}

/** Reads the key status; on first paint the preloading middleware answers it. */
export function getStatus(): Promise< KeyStatus > {
	return request< KeyStatus >( { path: KEY_PATH } );
}

/**
 * Saves a key as typed; the server normalises it and says what it changed.
 *
 * @param key The key exactly as typed or pasted.
 */
export function saveKey( key: string ): Promise< SaveResult > {
	return request< SaveResult >( {
		path: KEY_PATH,
		method: 'POST',
		data: { key },
	} );
}

/** Lets this copy of the site use a production key that is being held back. */
export function confirmKey(): Promise< KeyStatus > {
	return request< KeyStatus >( {
		path: `${ KEY_PATH }/confirm`,
		method: 'POST',
	} );
}

/**
 * Saves the key a copy of this site in another environment type will use.
 *
 * @param environment The environment type.
 * @param key         The key exactly as typed or pasted.
 */
export function saveEnvironmentKey(
	environment: EnvironmentType,
	key: string
): Promise< SaveResult > {
	return request< SaveResult >( {
		path: `${ ENVIRONMENTS_PATH }/${ environment }`,
		method: 'POST',
		data: { key },
	} );
}

/**
 * Deletes the key prepared for another environment type.
 *
 * @param environment The environment type.
 */
export function removeEnvironmentKey(
	environment: EnvironmentType
): Promise< KeyStatus > {
	return request< KeyStatus >( {
		path: `${ ENVIRONMENTS_PATH }/${ environment }`,
		method: 'DELETE',
	} );
}

/** Deletes the key saved in the database. */
export function removeKey(): Promise< KeyStatus > {
	return request< KeyStatus >( { path: KEY_PATH, method: 'DELETE' } );
}

/**
 * Whether a rejected answer is a test report (a typed key refused with 400 still gets its diagnosis).
 *
 * @param value What apiFetch rejected with.
 */
function isTestResult( value: unknown ): value is TestResult {
	return (
		isApiError( value ) &&
		typeof ( value as unknown as TestResult ).ok === 'boolean' &&
		Array.isArray( ( value as unknown as TestResult ).checks )
	);
}

/**
 * Runs the server-side connection test, of the stored key or of a typed one.
 *
 * @param test What to test; without a key the stored one is tested.
 */
export async function testConnection(
	test: TestRequest
): Promise< TestResult > {
	try {
		return await apiFetch< TestResult >( {
			path: TEST_PATH,
			method: 'POST',
			data: test,
		} );
	} catch ( error ) {
		if ( isTestResult( error ) ) {
			return error;
		}
		throw toApiError( error );
	}
}

/** Reads the last key events; on first paint the preloading middleware answers it. */
export function getAudit(): Promise< AuditEvent[] > {
	return request< AuditEvent[] >( { path: AUDIT_PATH } );
}

export const SETUP_PATH = `/${ NAMESPACE }/setup`;

/** Reads the set-up guide. */
export function getSetup(): Promise< SetupGuideState > {
	return request< SetupGuideState >( { path: SETUP_PATH } );
}

/**
 * Ticks a step done by hand, or closes or opens the guide.
 *
 * @param change { step, done } or { closed }.
 */
export function changeSetup(
	change: { step: SetupStep[ 'id' ]; done: boolean } | { closed: boolean }
): Promise< SetupGuideState > {
	return request< SetupGuideState >( {
		path: SETUP_PATH,
		method: 'POST',
		data: change,
	} );
}
