/**
 * Who may see and change the key: administrators only. Editors and subscribers get WordPress's
 * refusal and 403 from the REST API; visitors are sent to the login form and get 401.
 */
import path from 'node:path';
import { expect, request, test } from '@playwright/test';
import {
	debugLogSize,
	freshKey,
	keyApi,
	keyScreen,
	maskOf,
	pluginProblems,
	REST_KEY,
	REST_TEST,
} from './support/key-guard';
import {
	ADMIN_STATE,
	AUTH_DIR,
	E2E_URL,
	saveLogin,
	SETTINGS_PATH,
} from './support/sites';

/** Every route and method of key-guard/v1, with a body where one is needed. */
const ROUTES = [
	{ method: 'GET', url: REST_KEY },
	{ method: 'POST', url: REST_KEY, data: { key: freshKey( 'ok' ) } },
	{ method: 'DELETE', url: REST_KEY },
	{ method: 'POST', url: REST_TEST, data: {} },
];

const ROLES = [ 'editor', 'subscriber' ];
const stateOf = ( role: string ) => path.join( AUTH_DIR, `${ role }.json` );

let logFrom = 0;
/** The key the administrator saved before each test; nobody else may change it. */
let stored = '';

/**
 * Saves a fresh key as the administrator, through a request context of its own.
 */
async function saveKeyAsAdmin(): Promise< void > {
	const admin = await request.newContext( {
		baseURL: E2E_URL,
		storageState: ADMIN_STATE,
	} );
	try {
		const api = await keyApi( admin );
		stored = freshKey( 'ok' );
		await api.save( stored );
	} finally {
		await admin.dispose();
	}
}

/**
 * Asserts that the administrator's key is still there, unchanged.
 */
async function expectKeyUnchanged(): Promise< void > {
	const admin = await request.newContext( {
		baseURL: E2E_URL,
		storageState: ADMIN_STATE,
	} );
	try {
		expect( await ( await keyApi( admin ) ).status() ).toMatchObject( {
			configured: true,
			masked: maskOf( stored ),
			last_test: null,
		} );
	} finally {
		await admin.dispose();
	}
}

test.beforeAll( async () => {
	logFrom = debugLogSize();
	// Users make-site creates; their logins are saved here, before any context needs them.
	for ( const role of ROLES ) {
		await saveLogin( E2E_URL, stateOf( role ), role, 'password' );
	}
} );

test.beforeEach( saveKeyAsAdmin );

test.afterAll( () => {
	expect( pluginProblems( undefined, logFrom ) ).toEqual( [] );
} );

for ( const role of ROLES ) {
	test.describe( `a logged-in ${ role }`, () => {
		test.use( { storageState: stateOf( role ) } );

		test( 'cannot open the screen', async ( { page } ) => {
			const response = await page.goto( SETTINGS_PATH );
			expect( response?.status() ).toBe( 403 );
			await expect(
				page.getByText(
					'Sorry, you are not allowed to access this page.'
				)
			).toBeVisible();
			await expect( keyScreen( page ).keyField ).toHaveCount( 0 );
			await expect( page.getByText( maskOf( stored ) ) ).toHaveCount( 0 );
		} );

		test( 'does not see the menu entry', async ( { page } ) => {
			await page.goto( '/wp-admin/profile.php' );
			await expect(
				page.getByRole( 'heading', { level: 1, name: 'Profile' } )
			).toBeVisible();
			const menu = page.getByRole( 'navigation', { name: 'Main menu' } );
			await expect(
				menu.getByRole( 'link', { name: 'Profile', exact: true } )
			).toBeVisible();
			await expect(
				menu.getByRole( 'link', { name: 'OpenAI key' } )
			).toHaveCount( 0 );
		} );

		test( 'gets 403 from every REST route, and changes nothing', async ( {
			page,
		} ) => {
			const { headers } = await keyApi( page.request );
			for ( const route of ROUTES ) {
				const response = await page.request.fetch( route.url, {
					method: route.method,
					headers,
					data: route.data,
				} );
				expect(
					response.status(),
					`${ route.method } ${ route.url }`
				).toBe( 403 );
				expect( ( await response.json() ).code ).toBe(
					'rest_forbidden'
				);
			}
			await expectKeyUnchanged();
		} );
	} );
}

test.describe( 'a visitor who is not logged in', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );

	test( 'is sent to the login form, and comes back to the screen after logging in', async ( {
		page,
	} ) => {
		await test.step( 'open the screen: the login form instead', async () => {
			await page.goto( SETTINGS_PATH );
			await expect( page ).toHaveURL( /\/wp-login\.php\?redirect_to=/ );
			expect(
				decodeURIComponent(
					new URL( page.url() ).searchParams.get( 'redirect_to' ) ??
						''
				)
			).toContain( 'page=key-guard-for-openai' );
			await expect( keyScreen( page ).keyField ).toHaveCount( 0 );
		} );

		await test.step( 'log in as the administrator: the screen opens', async () => {
			await page
				.getByLabel( 'Username or Email Address' )
				.fill( 'admin' );
			await page
				.getByLabel( 'Password', { exact: true } )
				.fill( 'password' );
			await page.getByRole( 'button', { name: 'Log In' } ).click();
			await expect( page ).toHaveURL( /page=key-guard-for-openai/ );
			await expect( keyScreen( page ).maskedKey ).toHaveText(
				maskOf( stored )
			);
		} );
	} );

	test( 'gets 401 from every REST route, and changes nothing', async ( {
		page,
	} ) => {
		for ( const route of ROUTES ) {
			const response = await page.request.fetch( route.url, {
				method: route.method,
				data: route.data,
			} );
			expect(
				response.status(),
				`${ route.method } ${ route.url }`
			).toBe( 401 );
			expect( ( await response.json() ).code ).toBe( 'rest_forbidden' );
		}
		await expectKeyUnchanged();
	} );
} );

test.describe( 'an administrator', () => {
	test( 'finds the screen from the plugins list and the Settings menu', async ( {
		page,
	} ) => {
		await test.step( 'the plugin’s Settings link on Plugins', async () => {
			await page.goto( '/wp-admin/plugins.php' );
			const row = page
				.getByRole( 'row' )
				.filter( { hasText: 'Key Guard for OpenAI' } )
				.first();
			const settings = row.getByRole( 'link', {
				name: 'Settings',
				exact: true,
			} );
			await expect( settings ).toHaveAttribute(
				'href',
				/options-general\.php\?page=key-guard-for-openai$/
			);
			await settings.click();
			await expect( page ).toHaveURL( SETTINGS_PATH );
			await expect( keyScreen( page ).title ).toBeVisible();
			await expect( keyScreen( page ).maskedKey ).toHaveText(
				maskOf( stored )
			);
		} );

		await test.step( 'Settings → OpenAI key in the admin menu', async () => {
			// The Settings submenu is open on its own pages; elsewhere it only flies out on hover.
			await page.goto( '/wp-admin/options-general.php' );
			const menuItem = page
				.getByRole( 'navigation', { name: 'Main menu' } )
				.getByRole( 'link', { name: 'OpenAI key' } );
			await expect( menuItem ).toHaveAttribute(
				'href',
				/options-general\.php\?page=key-guard-for-openai$/
			);
			await menuItem.click();
			await expect( page ).toHaveURL( SETTINGS_PATH );
		} );
	} );
} );
