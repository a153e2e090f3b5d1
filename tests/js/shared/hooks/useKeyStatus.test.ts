import { act, renderHook, waitFor } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import { describe, expect, it, vi } from 'vitest';

import { useKeyStatus } from '../../../../src/shared/hooks/useKeyStatus';
import { makeResult, makeSaveResult, makeStatus } from '../../fixtures';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const apiFetchMock = vi.mocked( apiFetch );

async function loaded() {
	apiFetchMock.mockResolvedValueOnce( makeStatus() );
	const hook = renderHook( () => useKeyStatus() );
	await waitFor( () => expect( hook.result.current.status ).not.toBeNull() );
	return hook;
}

describe( 'useKeyStatus', () => {
	it( 'keeps the status a save returns, without its notices', async () => {
		const { result } = await loaded();
		apiFetchMock.mockResolvedValueOnce(
			makeSaveResult( {
				notices: [ { code: 'trimmed', message: 'Removed a space.' } ],
			} )
		);
		await act( async () => {
			await result.current.save( 'sk-new' );
		} );
		expect( result.current.status?.masked ).toBe( 'sk-proj-…Zz99' );
		expect( result.current.status ).not.toHaveProperty( 'notices' );
	} );

	it( 'leaves the status alone when a save is refused', async () => {
		const { result } = await loaded();
		apiFetchMock.mockRejectedValueOnce( {
			code: 'key_guard_too_short',
			message: 'Too short.',
		} );
		await act( async () => {
			await expect( result.current.save( 'sk-x' ) ).rejects.toMatchObject(
				{ code: 'key_guard_too_short' }
			);
		} );
		expect( result.current.status?.masked ).toBe( 'sk-proj-…Ab3d' );
	} );

	it( 'records tests of the stored key only', async () => {
		const { result } = await loaded();
		act( () =>
			result.current.recordTest(
				makeResult( { key_source: 'candidate' } )
			)
		);
		expect( result.current.status?.last_test ).toBeNull();
		const stored = makeResult();
		act( () => result.current.recordTest( stored ) );
		expect( result.current.status?.last_test ).toBe( stored );
	} );
} );
