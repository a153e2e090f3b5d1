/**
 * How the simulator's SDK tests state what a failure must look like, and check it: the error class
 * the official `openai` SDK raises, the status, and the body's code, type, param and message.
 */
import type { APIError } from 'openai';
import { expect } from 'vitest';

export const REQUEST_ID = /^req_[0-9a-f]{32}$/;
export const INVALID_REQUEST = 'invalid_request_error';

export type ErrorClass = new ( ...args: never[] ) => Error;

export interface Failure {
	error: ErrorClass;
	/** Undefined for connection errors. */
	status?: number;
	/** `null` when the body says null; undefined when there is no error object. */
	code?: string | null;
	type?: string | null;
	param?: string | null;
	message?: RegExp;
	/** The body's `error` is a plain string. */
	stringError?: boolean;
}

export function fail(
	error: ErrorClass,
	status: number,
	type: string | null,
	code: string | null,
	message?: RegExp
): Failure {
	return { error, status, type, code, message };
}

export async function rejection(
	promise: Promise< unknown >
): Promise< APIError > {
	const settled = await promise.then(
		( value ) => ( { value } ),
		( error: unknown ) => ( { error } )
	);
	if ( ! ( 'error' in settled ) ) {
		throw new Error(
			`Expected a failure, got ${ JSON.stringify( settled.value ) }.`
		);
	}
	return settled.error as APIError;
}

export async function expectFailure(
	promise: Promise< unknown >,
	expected: Failure
): Promise< void > {
	const error = await rejection( promise );
	expect( error ).toBeInstanceOf( expected.error );
	expect( error.status ).toBe( expected.status );
	if ( expected.status === undefined ) {
		expect( error.requestID ).toBeUndefined();
	} else {
		expect( error.requestID ).toMatch( REQUEST_ID );
	}
	expect( error.code ).toBe( expected.code );
	expect( error.type ).toBe( expected.type );
	if ( 'param' in expected ) {
		expect( error.param ).toBe( expected.param );
	}
	if ( expected.message ) {
		expect( error.message ).toMatch( expected.message );
	}
	if ( expected.stringError ) {
		expect( typeof error.error ).toBe( 'string' );
	}
}
