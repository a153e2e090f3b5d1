/**
 * The recent key events on Settings → OpenAI key: saving, testing and removing show up in words,
 * with who did it, and the key itself is in none of them.
 */
import { expect, test } from '@playwright/test';
import {
	expectNoKeyIn,
	freshKey,
	keyApi,
	keyScreen,
} from './support/key-guard';
import { SETTINGS_PATH } from './support/sites';

test( 'saving, testing and removing the key are listed as recent events', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const screen = keyScreen( page );
	const events = page
		.getByRole( 'main' )
		.getByRole( 'table' )
		.filter( { hasText: 'Event' } );
	await ( await keyApi( page.request ) ).remove();
	await page.goto( SETTINGS_PATH );

	await test.step( 'save and test: both appear, newest first', async () => {
		await screen.keyField.fill( key );
		await screen.saveKey.click();
		await screen.tab( 'Events' ).click();
		await expect( events.getByRole( 'row' ).nth( 1 ) ).toContainText(
			'Key saved'
		);
		await screen.tab( 'API key' ).click();
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'The key works' );
		await screen.tab( 'Events' ).click();
		const newest = events.getByRole( 'row' ).nth( 1 );
		await expect( newest ).toContainText( 'Connection tested' );
		await expect( newest ).toContainText( 'Connected' );
		await expect( newest ).toContainText( 'admin' );
	} );

	await test.step( 'the events survive a reload and never hold the key', async () => {
		await page.reload();
		// The Events tab is kept in the address, so it is still open.
		await expect( events ).toContainText( 'Key saved' );
		const answer = await page.request.get( '/wp-json/key-guard/v1/audit', {
			headers: ( await keyApi( page.request ) ).headers,
		} );
		expect( answer.status() ).toBe( 200 );
		expectNoKeyIn( await answer.text(), key, 'GET /audit' );
		expectNoKeyIn( await page.content(), key, 'the page' );
	} );

	await test.step( 'remove: listed too', async () => {
		await screen.tab( 'API key' ).click();
		await screen.removeKey.click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: /remove/i } )
			.click();
		await screen.tab( 'Events' ).click();
		await expect( events.getByRole( 'row' ).nth( 1 ) ).toContainText(
			'Key removed'
		);
	} );
} );
