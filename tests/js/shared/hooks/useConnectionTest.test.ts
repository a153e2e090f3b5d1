import { act, renderHook } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import { speak } from '@wordpress/a11y';
import { describe, expect, it, vi } from 'vitest';

import { useConnectionTest } from '../../../../src/shared/hooks/useConnectionTest';
import { deferred, makeResult } from '../../fixtures';
import type { TestResult } from '../../../../src/shared/types';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );
const apiFetchMock = vi.mocked( apiFetch );

describe( 'useConnectionTest', () => {
	it( 'says which key is being tested, then keeps and announces the result', async () => {
		const answer = deferred< TestResult >();
		apiFetchMock.mockReturnValueOnce( answer.promise );
		const onResult = vi.fn();
		const { result } = renderHook( () => useConnectionTest( onResult ) );

		let running!: Promise< TestResult | null >;
		act( () => {
			running = result.current.run( ' gpt-4.1 ', 'sk-typed' );
		} );
		expect( result.current.running ).toBe( 'candidate' );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/key-guard/v1/test',
			method: 'POST',
			data: { key: 'sk-typed', model: 'gpt-4.1' },
		} );

		const outcome = makeResult( { key_source: 'candidate' } );
		await act( async () => {
			answer.resolve( outcome );
			await running;
		} );
		expect( result.current.running ).toBeNull();
		expect( result.current.result ).toBe( outcome );
		expect( onResult ).toHaveBeenCalledWith( outcome );
		expect( speak ).toHaveBeenLastCalledWith(
			'Connected: Connected to OpenAI.',
			'polite'
		);
	} );

	it( 'keeps a refused request as an error, leaving the announcement to the notice that shows it', async () => {
		apiFetchMock.mockRejectedValueOnce( {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
		} );
		const { result } = renderHook( () => useConnectionTest() );
		await act( async () => {
			await result.current.run( '' );
		} );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/key-guard/v1/test',
			method: 'POST',
			data: {},
		} );
		expect( result.current.error?.code ).toBe( 'rest_forbidden' );
		expect( result.current.result ).toBeNull();
		// TestError's notice speaks it once; the hook does not say it a second time.
		expect( speak ).not.toHaveBeenCalledWith(
			'Sorry, you are not allowed to do that.',
			'assertive'
		);

		act( () => result.current.reset() );
		expect( result.current.error ).toBeNull();
	} );

	it( 'drops the answer to a test whose key was saved or removed meanwhile', async () => {
		let answer: ( value: unknown ) => void = () => {};
		apiFetchMock.mockReturnValueOnce(
			new Promise( ( resolve ) => ( answer = resolve ) )
		);
		const onResult = vi.fn();
		const { result } = renderHook( () => useConnectionTest( onResult ) );
		let pending: Promise< unknown > = Promise.resolve();
		act( () => {
			pending = result.current.run( '' );
		} );
		expect( result.current.running ).toBe( 'stored' );
		act( () => result.current.reset() );
		expect( result.current.running ).toBeNull();
		await act( async () => {
			answer( makeResult() );
			await pending;
		} );
		expect( result.current.result ).toBeNull();
		expect( result.current.focusPending ).toBe( false );
		expect( onResult ).not.toHaveBeenCalled();
	} );

	it( 'keeps the previous result on screen when the server refuses to run another test', async () => {
		const previous = makeResult();
		apiFetchMock.mockResolvedValueOnce( previous );
		apiFetchMock.mockRejectedValueOnce( {
			code: 'key_guard_rate_limited',
			message: 'Too many connection tests: 10 per minute are allowed.',
			data: { status: 429, retry_after: 30 },
		} );
		const { result } = renderHook( () => useConnectionTest() );
		await act( async () => {
			await result.current.run( '' );
		} );
		await act( async () => {
			await result.current.run( '' );
		} );
		expect( result.current.error?.code ).toBe( 'key_guard_rate_limited' );
		expect( result.current.result ).toEqual( previous );
		expect( result.current.waitSeconds ).toBe( 30 );
	} );

	it( 'after too many tests, waits out Retry-After and then clears the refusal', async () => {
		vi.useFakeTimers();
		try {
			apiFetchMock.mockRejectedValueOnce( {
				code: 'key_guard_rate_limited',
				message: 'Too many connection tests. Try again in 3 seconds.',
				data: { status: 429, retry_after: 3 },
			} );
			const { result } = renderHook( () => useConnectionTest() );
			await act( async () => {
				await result.current.run( '' );
			} );
			expect( result.current.waitSeconds ).toBe( 3 );
			expect( result.current.error?.code ).toBe(
				'key_guard_rate_limited'
			);

			act( () => result.current.reset() );
			expect( result.current.error ).not.toBeNull();

			for ( const left of [ 2, 1 ] ) {
				await act( async () => {
					vi.advanceTimersByTime( 1000 );
				} );
				expect( result.current.waitSeconds ).toBe( left );
				expect( result.current.error ).not.toBeNull();
			}
			await act( async () => {
				vi.advanceTimersByTime( 1000 );
			} );
			expect( result.current.waitSeconds ).toBe( 0 );
			expect( result.current.error ).toBeNull();
		} finally {
			vi.useRealTimers();
		}
	} );
} );
