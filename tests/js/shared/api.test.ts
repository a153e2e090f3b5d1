import apiFetch from '@wordpress/api-fetch';
import { describe, expect, it, vi } from 'vitest';

import {
	KEY_PATH,
	TEST_PATH,
	getStatus,
	removeEnvironmentKey,
	removeKey,
	saveEnvironmentKey,
	saveKey,
	testConnection,
	toApiError,
} from '../../../src/shared/api';
import { getLimits, getUsage, saveLimits } from '../../../src/shared/usageApi';
import {
	makeLimits,
	makeResult,
	makeSaveResult,
	makeStatus,
} from '../fixtures';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const apiFetchMock = vi.mocked( apiFetch );

describe( 'api', () => {
	it( 'uses the key-guard/v1 paths', () => {
		expect( KEY_PATH ).toBe( '/key-guard/v1/key' );
		expect( TEST_PATH ).toBe( '/key-guard/v1/test' );
	} );

	it( 'reads the status with a plain GET the preloading middleware can answer', async () => {
		const status = makeStatus();
		apiFetchMock.mockResolvedValueOnce( status );
		await expect( getStatus() ).resolves.toBe( status );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/key-guard/v1/key',
		} );
	} );

	it( 'posts the key as typed, deletes, and tests', async () => {
		apiFetchMock.mockResolvedValueOnce( makeSaveResult() );
		await saveKey( ' sk-typed ' );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/key',
			method: 'POST',
			data: { key: ' sk-typed ' },
		} );

		apiFetchMock.mockResolvedValueOnce( makeStatus() );
		await removeKey();
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/key',
			method: 'DELETE',
		} );

		apiFetchMock.mockResolvedValueOnce( makeResult() );
		await testConnection( { model: 'gpt-4.1' } );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/test',
			method: 'POST',
			data: { model: 'gpt-4.1' },
		} );
	} );

	it( 'passes a WP_Error body through', async () => {
		const refusal = {
			code: 'key_guard_masked',
			message: 'That is the mask.',
			data: { status: 400 },
		};
		apiFetchMock.mockRejectedValueOnce( refusal );
		await expect( saveKey( 'sk-…' ) ).rejects.toEqual( refusal );
	} );

	it( 'resolves a typed key refused with 400 to its diagnosis, and rejects other refusals', async () => {
		const diagnosis = makeResult( { ok: false, code: 'admin_key' } );
		apiFetchMock.mockRejectedValueOnce( diagnosis );
		await expect( testConnection( { key: 'sk-admin-x' } ) ).resolves.toBe(
			diagnosis
		);

		const limited = {
			code: 'key_guard_rate_limited',
			message: 'Too many connection tests.',
			data: { status: 429, retry_after: 12 },
		};
		apiFetchMock.mockRejectedValueOnce( limited );
		await expect( testConnection( {} ) ).rejects.toEqual( limited );
	} );

	it( 'prepares and removes a key for another environment type', async () => {
		apiFetchMock.mockResolvedValueOnce( makeSaveResult() );
		await saveEnvironmentKey( 'staging', 'sk-typed' );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/environments/staging',
			method: 'POST',
			data: { key: 'sk-typed' },
		} );
		apiFetchMock.mockResolvedValueOnce( makeStatus() );
		await removeEnvironmentKey( 'local' );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/environments/local',
			method: 'DELETE',
		} );
	} );

	it( 'turns anything else into an ApiError', () => {
		expect( toApiError( new TypeError( 'Failed to fetch' ) ) ).toEqual( {
			code: 'unknown_error',
			message: 'Failed to fetch',
		} );
		expect( toApiError( undefined ).message ).toMatch( /request failed/ );
	} );

	it( 'reads usage with the range, grouping and split in the query', async () => {
		apiFetchMock.mockResolvedValue( {} );
		await getUsage( {
			from: '2026-11-01',
			to: '2026-11-20',
			group: 'caller',
		} );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/usage?group=caller&from=2026-11-01&to=2026-11-20',
		} );
		await getUsage( { group: 'caller' } );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/usage?group=caller',
		} );
		await getUsage( {
			from: '2026-10-22',
			to: '2026-11-20',
			group: 'day',
			series: 'model',
		} );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/usage?group=day&from=2026-10-22&to=2026-11-20&series=model',
		} );
	} );

	it( 'reads the limits and posts a change of them', async () => {
		apiFetchMock.mockResolvedValue( makeLimits() );
		await getLimits();
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/limits',
		} );
		await saveLimits( { callers: { 'ai-engine': { approved: true } } } );
		expect( apiFetchMock ).toHaveBeenLastCalledWith( {
			path: '/key-guard/v1/limits',
			method: 'POST',
			data: { callers: { 'ai-engine': { approved: true } } },
		} );
	} );
} );
