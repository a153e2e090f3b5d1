/**
 * The oldest WordPress the plugin claims, 6.8 (Debian trixie): the screen runs on that release's own
 * React and components, saves and tests a key, and opens the Usage tab; no PHP notice, axe clean.
 * (The PHP suites run on 6.8 too: scripts/test.sh.)
 */
import { expect, test as base } from '@playwright/test';
import { inspect } from './support/inspect';
import {
	debugLogSize,
	expectNoKeyIn,
	freshKey,
	keyScreen,
	maskOf,
	pluginProblems,
} from './support/key-guard';
import {
	SETTINGS_PATH,
	WP6_SITE_DIR,
	simulatorUrl,
	startWordPress6Site,
} from './support/sites';

const test = base.extend<
	object,
	{ wp6: Awaited< ReturnType< typeof startWordPress6Site > > }
>( {
	wp6: [
		// `provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.
		async ( {}, provide ) => {
			const site = await startWordPress6Site( simulatorUrl() );
			await provide( site );
			await site.stop();
		},
		{ scope: 'worker', timeout: 180_000 },
	],
	baseURL: async ( { wp6 }, provide ) => provide( wp6.url ),
	storageState: async ( { wp6 }, provide ) => provide( wp6.storageState ),
} );

test( 'on WordPress 6.8 the screen saves and tests a key and shows the usage', async ( {
	page,
} ) => {
	const from = debugLogSize( WP6_SITE_DIR );
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );
	const key = freshKey( 'ok' );
	const screen = keyScreen( page );

	await page.goto( SETTINGS_PATH );
	await expect( screen.title ).toBeVisible();
	await inspect( page, 'desktop-wp68-first-visit' );

	await screen.keyField.fill( key );
	await screen.saveKey.click();
	await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
	await screen.testConnection.click();
	await expect( screen.headline ).toContainText( 'works', {
		timeout: 30_000,
	} );
	expectNoKeyIn( await page.content(), key, 'the key screen on 6.8' );
	await inspect( page, 'desktop-wp68-tested' );

	await screen.tab( 'Usage' ).click();
	await expect(
		page.getByRole( 'heading', { name: /Budget|Limits/ } ).first()
	).toBeVisible();

	expect( errors ).toEqual( [] );
	expect( pluginProblems( WP6_SITE_DIR, from ) ).toEqual( [] );
} );
