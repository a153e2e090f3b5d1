/**
 * The README screenshot (docs/screenshot.png): a saved key that passed its test, with the next step,
 * and a typed key (under "Replace the key") whose test failed for lack of credit. Only runs when asked:
 *
 *     KEY_GUARD_SCREENSHOT=1 npx playwright test screenshot
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freshKey, keyApi, keyScreen } from './support/key-guard';
import { REPO_ROOT, SETTINGS_PATH } from './support/sites';

test.skip(
	! process.env.KEY_GUARD_SCREENSHOT,
	'set KEY_GUARD_SCREENSHOT=1 to update docs/screenshot.png'
);

test.use( { viewport: { width: 1280, height: 800 } } );

test( 'README screenshot', async ( { page } ) => {
	const api = await keyApi( page.request );
	await api.remove();
	await api.save( freshKey( 'ok' ) );
	const screen = keyScreen( page );

	await page.goto( SETTINGS_PATH );
	await screen.testConnection.click();
	await expect( screen.lastTest ).toContainText( 'Connected' );

	await screen.replaceKey.click();
	await screen.keyField.fill( freshKey( 'insufficient_quota' ) );
	await screen.testTypedKey.click();
	await expect( screen.headline ).toContainText( 'no credit left' );

	// No caret in the field and no hover: the picture should not depend on where focus was.
	await page.locator( ':focus' ).blur();
	// The whole page in one viewport, scrolled to the top, so the fixed admin bar and menu sit
	// where a site owner sees them (a scrolled full-page capture paints them mid-picture).
	const height = await page.evaluate( () => {
		window.scrollTo( 0, 0 );
		return document.documentElement.scrollHeight;
	} );
	await page.setViewportSize( { width: 1280, height } );
	// Over the empty area right of the cards, away from the admin bar's fly-out menus.
	await page.mouse.move( 1240, height / 2 );
	await expect.poll( () => page.evaluate( () => window.scrollY ) ).toBe( 0 );
	await page.screenshot( {
		path: path.join( REPO_ROOT, 'docs/screenshot.png' ),
		animations: 'disabled',
	} );
} );
