/**
 * Cookie authentication without a valid REST nonce cannot write: a page on another site that makes
 * the admin's browser post to our routes gets nowhere, and the stored key stays.
 */
import { expect, test } from '@playwright/test';
import { freshKey, keyApi, maskOf } from './support/key-guard';

const WRITES = [
	{
		method: 'POST',
		path: '/wp-json/key-guard/v1/key',
		body: { key: freshKey( 'ok' ) },
	},
	{ method: 'DELETE', path: '/wp-json/key-guard/v1/key', body: undefined },
	{ method: 'POST', path: '/wp-json/key-guard/v1/test', body: {} },
	{ method: 'POST', path: '/wp-json/key-guard/v1/key/confirm', body: {} },
	{
		method: 'POST',
		path: '/wp-json/key-guard/v1/environments/staging',
		body: { key: freshKey( 'ok' ) },
	},
	{
		method: 'DELETE',
		path: '/wp-json/key-guard/v1/environments/development',
		body: undefined,
	},
] as const;

test( 'admin cookies without a nonce, or with a wrong one, cannot write', async ( {
	page,
} ) => {
	const api = await keyApi( page.request );
	const stored = freshKey( 'ok' );
	await api.save( stored );
	const prepared = await page.request.post(
		'/wp-json/key-guard/v1/environments/development',
		{ headers: api.headers, data: { key: freshKey( 'ok' ) } }
	);
	expect( prepared.status() ).toBe( 200 );
	const before = await api.status();
	expect(
		before.environments.find( ( e ) => e.environment === 'development' )
			?.configured
	).toBe( true );

	for ( const write of WRITES ) {
		await test.step( `${ write.method } ${ write.path }`, async () => {
			const without = await page.request.fetch( write.path, {
				method: write.method,
				data: write.body,
			} );
			// No nonce: WordPress treats the cookie as absent, so the route sees nobody logged in.
			expect( without.status() ).toBe( 401 );

			const wrong = await page.request.fetch( write.path, {
				method: write.method,
				data: write.body,
				headers: { 'X-WP-Nonce': 'not-a-nonce' },
			} );
			expect( wrong.status() ).toBe( 403 );
			expect( ( await wrong.json() ).code ).toBe(
				'rest_cookie_invalid_nonce'
			);
		} );
	}

	const status = await api.status();
	expect( status.masked ).toBe( maskOf( stored ) );
	expect( status.last_test ).toBeNull();
	expect( status.environments ).toEqual( before.environments );
} );
