/**
 * A site whose key is the OPENAI_API_KEY constant in wp-config.php: the screen shows the mask,
 * explains where to change the key, offers no field, and still tests the connection.
 */
import { expect, test as base } from '@playwright/test';
import {
	debugLogSize,
	expectNoKeyIn,
	freshKey,
	keyApi,
	keyScreen,
	maskOf,
	pluginProblems,
	recordResponses,
	REST_KEY,
} from './support/key-guard';
import { inspect } from './support/inspect';
import {
	CONSTANT_SITE_DIR,
	SETTINGS_PATH,
	startConstantSite,
	type ConstantSite,
} from './support/sites';

const test = base.extend< object, { constantSite: ConstantSite } >( {
	constantSite: [
		// `provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.
		async ( {}, provide ) => {
			// A fresh key: the default one is padded with "AAAA…", which CSS files contain too.
			const site = await startConstantSite( freshKey( 'ok' ) );
			await provide( site );
			await site.stop();
		},
		{ scope: 'worker', timeout: 180_000 },
	],
	baseURL: async ( { constantSite }, provide ) => provide( constantSite.url ),
	storageState: async ( { constantSite }, provide ) =>
		provide( constantSite.storageState ),
} );

let logFrom = 0;

test.beforeAll( async ( { constantSite } ) => {
	expect( constantSite.url ).toMatch( /^http:/ );
	logFrom = debugLogSize( CONSTANT_SITE_DIR );
} );

test.afterAll( () => {
	expect( pluginProblems( CONSTANT_SITE_DIR, logFrom ) ).toEqual( [] );
} );

test( 'the screen shows the constant’s mask, explains it, and offers no field', async ( {
	page,
	constantSite,
} ) => {
	const screen = keyScreen( page );
	const received = recordResponses( page );
	await page.goto( SETTINGS_PATH );

	await test.step( 'the mask of the constant, and where it comes from', async () => {
		await expect( screen.maskedKey ).toHaveText(
			maskOf( constantSite.key )
		);
		await expect(
			screen.text( 'From the OPENAI_API_KEY constant in wp-config.php' )
		).toBeVisible();
	} );

	await test.step( 'no way to edit or remove the key here', async () => {
		// The one field is the test's model, under "Test settings".
		await screen.testSettings.click();
		await expect( screen.main.getByRole( 'textbox' ) ).toHaveCount( 1 );
		await expect(
			screen.main.getByRole( 'textbox', { name: 'Model' } )
		).toBeVisible();
		await expect( screen.keyField ).toHaveCount( 0 );
		await expect( screen.saveKey ).toHaveCount( 0 );
		await expect( screen.testTypedKey ).toHaveCount( 0 );
		await expect( screen.removeKey ).toHaveCount( 0 );
	} );

	await test.step( 'it explains the constant and shows the line to edit', async () => {
		// Closed until asked for, under a heading of its own.
		await screen.main
			.getByRole( 'heading', { name: 'How to change this key' } )
			.getByRole( 'button' )
			.click();
		await expect(
			screen.text(
				/set by the OPENAI_API_KEY constant in wp-config\.php, so it cannot be changed on this screen/
			)
		).toBeVisible();
		await expect(
			screen.main
				.getByRole( 'code' )
				.filter( { hasText: "define( 'OPENAI_API_KEY'" } )
		).toHaveText( "define( 'OPENAI_API_KEY', 'sk-…' );" );
		await inspect( page, 'desktop-key-from-constant' );
	} );

	await test.step( 'the constant’s value never reaches the browser', async () => {
		expectNoKeyIn(
			await page.content(),
			constantSite.key,
			'the page HTML'
		);
		for ( const { url, body } of await received() ) {
			expectNoKeyIn( body, constantSite.key, `the response of ${ url }` );
		}
	} );

	await test.step( 'the REST API refuses to change or remove it', async () => {
		const api = await keyApi( page.request );
		for ( const response of [
			await page.request.post( REST_KEY, {
				headers: api.headers,
				data: { key: 'sk-proj-somethingelse0123456789' },
			} ),
			await page.request.delete( REST_KEY, { headers: api.headers } ),
		] ) {
			expect( response.status() ).toBe( 409 );
			expect( ( await response.json() ).code ).toBe(
				'key_guard_read_only'
			);
		}
		expect( await api.status() ).toMatchObject( {
			source: 'constant',
			editable: false,
			masked: maskOf( constantSite.key ),
		} );
	} );
} );

test( 'Test connection tests the constant’s key', async ( { page } ) => {
	const screen = keyScreen( page );
	await page.goto( SETTINGS_PATH );
	await screen.testConnection.click();
	await expect( screen.headline ).toContainText(
		'The key works and can generate text.'
	);
	await expect(
		screen.checks.getByRole( 'listitem' ).filter( { hasText: 'Passed' } )
	).toHaveCount( 3 );
	await expect( screen.lastTest ).toContainText( 'Connected' );
} );
