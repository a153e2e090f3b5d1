/**
 * A production database copied to a staging site: the key saved on production is held back until
 * an administrator confirms it or enters another one, a key prepared on production for staging
 * sites is used there instead, and a copy with other salts cannot decrypt the key at all.
 *
 * The spec makes its own production site (.wp-sites/e2e-prod on 8894), saves a key there, stops it,
 * and copies it to .wp-sites/e2e-copy (8895) the way a host clones a site: files and database as
 * they are, a new wp-config.php for the new address and environment type, salts kept or not. A
 * small mu-plugin in the sites reports what get_option() hands to any plugin (a hash, never the key).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { TestResult } from '../src/shared/types';
import { inspect, VIEWPORTS } from './support/inspect';
import {
	expectNoKeyIn,
	freshKey,
	keyApi,
	keyScreen,
	maskOf,
	pluginProblems,
	recordResponses,
	REST_TEST,
} from './support/key-guard';
import {
	AUTH_DIR,
	E2E_HOST,
	REPO_ROOT,
	SETTINGS_PATH,
	loadScripts,
	saveLogin,
	simulatorDefines,
	simulatorUrl,
} from './support/sites';

interface SiteSpec {
	dir: string;
	port: number;
	url: string;
}

const PROD: SiteSpec = {
	dir: path.join( REPO_ROOT, '.wp-sites/e2e-prod' ),
	port: 8894,
	url: `http://${ E2E_HOST }:8894`,
};
const COPY: SiteSpec = {
	dir: path.join( REPO_ROOT, '.wp-sites/e2e-copy' ),
	port: 8895,
	url: `http://${ E2E_HOST }:8895`,
};

const OPTION = 'connectors_ai_openai_api_key';
const SALT_NAMES = '(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)';

const PROBE_PHP = `<?php
// Written by e2e/copy.spec.ts: what WordPress hands any plugin that reads the key (a hash, never the key).
add_action(
	'init',
	static function () {
		if ( ! isset( $_GET['key-guard-e2e-probe'] ) ) {
			return;
		}
		$value = get_option( '${ OPTION }' );
		wp_send_json(
			array(
				'user'   => is_user_logged_in() ? wp_get_current_user()->user_login : '',
				'empty'  => '' === $value,
				'sha256' => is_string( $value ) ? hash( 'sha256', $value ) : null,
			)
		);
	},
	99
);
`;

interface Probe {
	user: string;
	empty: boolean;
	sha256: string | null;
}

const sha256 = ( text: string ) =>
	createHash( 'sha256' ).update( text ).digest( 'hex' );

/** The key saved on production in the first test. */
const prodKey = freshKey( 'ok' );

/** Servers and browser contexts to close after each test, even a failed one. */
const cleanups: Array< () => Promise< void > > = [];

test.describe.configure( { mode: 'serial' } );

/**
 * Closes the contexts and stops the servers opened so far, newest first.
 */
async function closeAll(): Promise< void > {
	for ( const cleanup of cleanups.splice( 0 ).reverse() ) {
		await cleanup();
	}
}

test.afterEach( closeAll );

/**
 * Defines for a site of this spec: the simulator, and room for many connection tests.
 */
function defines(): Record< string, string > {
	return simulatorDefines( simulatorUrl() );
}

/**
 * Serves a site, logs the admin in, and registers the server to stop after the test.
 *
 * @param site The site.
 * @return Its storage state file.
 */
async function serve( site: SiteSpec ): Promise< string > {
	const { serveSite } = await loadScripts();
	const server = await serveSite( {
		dir: site.dir,
		host: E2E_HOST,
		port: site.port,
	} );
	cleanups.push( server.stop );
	return saveLogin(
		site.url,
		path.join( AUTH_DIR, `admin-${ path.basename( site.dir ) }.json` )
	);
}

/**
 * A page in a new browser context logged in to `site` (closed after the test).
 *
 * @param browser      The browser.
 * @param site         The site.
 * @param storageState The admin's storage state for that site.
 */
async function openPage(
	browser: Browser,
	site: SiteSpec,
	storageState: string
): Promise< Page > {
	const context = await browser.newContext( {
		baseURL: site.url,
		storageState,
	} );
	cleanups.push( () => context.close() );
	return context.newPage();
}

/**
 * What get_option() returns on `site`, for the logged-in admin of `page` and for a visitor.
 *
 * @param page A page logged in to the site.
 * @param site The site.
 */
async function probe(
	page: Page,
	site: SiteSpec
): Promise< { admin: Probe; visitor: Probe } > {
	const url = `${ site.url }/?key-guard-e2e-probe=1`;
	const admin = ( await ( await page.request.get( url ) ).json() ) as Probe;
	const visitor = ( await ( await fetch( url ) ).json() ) as Probe;
	expect( admin.user, 'the probe ran as the admin' ).toBe( 'admin' );
	expect( visitor.user, 'the probe ran as a visitor' ).toBe( '' );
	return { admin, visitor };
}

/**
 * How many requests the simulator received with `key` as the bearer token (the key is not printed).
 *
 * @param key The key.
 */
async function simulatorRequestsWith( key: string ): Promise< number > {
	const origin = new URL( simulatorUrl() ).origin;
	const requests = ( await (
		await fetch( `${ origin }/__simulator/requests` )
	).json() ) as Array< { headers: Record< string, string > } >;
	return requests.filter(
		( request ) => request.headers.authorization === `Bearer ${ key }`
	).length;
}

/**
 * One salt of a site's wp-config.php.
 *
 * @param dir Site directory.
 */
function loggedInKey( dir: string ): string {
	const config = fs.readFileSync( path.join( dir, 'wp-config.php' ), 'utf8' );
	const match = config.match( /define\( 'LOGGED_IN_KEY', '([^']*)' \);/ );
	expect( match, `LOGGED_IN_KEY in ${ dir }/wp-config.php` ).not.toBeNull();
	return match![ 1 ];
}

/**
 * Copies the (stopped) production site to COPY as a host clones a site to staging: every file and
 * the database as they are, then a wp-config.php for the new address and environment type, and
 * the address in the database's home and siteurl options replaced.
 *
 * @param keepSalts Whether the copy keeps production's salts (a clone) or gets new ones.
 */
async function copyProduction( keepSalts: boolean ): Promise< void > {
	fs.rmSync( COPY.dir, { recursive: true, force: true } );
	fs.mkdirSync( COPY.dir, { recursive: true } );
	for ( const name of fs.readdirSync( PROD.dir ) ) {
		if ( name.endsWith( '.log' ) ) {
			continue;
		}
		// Core's big folders are hard links into the core cache in every site made by make-site.
		const flags = [ 'wp-admin', 'wp-includes' ].includes( name )
			? '-al'
			: '-a';
		execFileSync( 'cp', [ flags, path.join( PROD.dir, name ), COPY.dir ] );
	}
	const config = path.join( COPY.dir, 'wp-config.php' );
	if ( ! keepSalts ) {
		// make-site keeps the salts it finds and makes new ones for those missing.
		fs.writeFileSync(
			config,
			fs
				.readFileSync( config, 'utf8' )
				.replace(
					new RegExp( `^define\\( '${ SALT_NAMES }', .*\\n`, 'gm' ),
					''
				)
		);
	}
	const { makeSite } = await loadScripts();
	await makeSite( {
		dir: COPY.dir,
		url: COPY.url,
		envType: 'staging',
		quiet: true,
		defines: defines(),
	} );
	// What a search-replace of the address does to the copied database.
	execFileSync(
		'php',
		[
			'-r',
			`$db = new PDO( 'sqlite:' . $argv[1] );
			$db->prepare( "UPDATE wp_options SET option_value = ? WHERE option_name IN ( 'home', 'siteurl' )" )->execute( array( $argv[2] ) );`,
			path.join( COPY.dir, 'wp-content/database/.ht.sqlite' ),
			COPY.url,
		],
		{ stdio: [ 'ignore', 'inherit', 'inherit' ] }
	);
	if ( keepSalts ) {
		expect( loggedInKey( COPY.dir ) ).toBe( loggedInKey( PROD.dir ) );
	} else {
		expect( loggedInKey( COPY.dir ) ).not.toBe( loggedInKey( PROD.dir ) );
	}
}

/**
 * Saves a key through the screen and waits for the mask.
 *
 * @param page The page at the key screen.
 * @param key  The key.
 */
async function saveThroughScreen( page: Page, key: string ): Promise< void > {
	const screen = keyScreen( page );
	await screen.keyField.fill( key );
	await screen.saveKey.click();
	await expect( screen.text( 'API key saved' ) ).toBeVisible();
	await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
	await expect( screen.keyField ).toHaveValue( '' );
}

const HELD_WARNING = new RegExp(
	`The saved key comes from the production site ${ PROD.url.replace(
		/[.]/g,
		'\\.'
	) }, but this is ${ COPY.url.replace( /[.]/g, '\\.' ) } \\(staging\\)`
);
const UNDECRYPTABLE_WARNING = /The saved key cannot be decrypted/;
const confirmButton = ( page: Page ) =>
	page.getByRole( 'button', { name: 'Use the production key on this site' } );

test( 'production: an admin saves the key, which WordPress hands out there', async ( {
	browser,
} ) => {
	await test.step( 'make and serve a production site', async () => {
		const { makeSite } = await loadScripts();
		const made = await makeSite( {
			dir: PROD.dir,
			url: PROD.url,
			fresh: true,
			quiet: true,
			envType: 'production',
			defines: defines(),
		} );
		expect( made.plugin ).toBe( 'active' );
		// Copies of the site carry it along, as they carry every plugin.
		fs.writeFileSync(
			path.join(
				PROD.dir,
				'wp-content/mu-plugins/key-guard-e2e-probe.php'
			),
			PROBE_PHP
		);
	} );
	const storageState = await serve( PROD );
	const page = await openPage( browser, PROD, storageState );
	const screen = keyScreen( page );

	await test.step( 'save the key through the screen', async () => {
		await page.goto( SETTINGS_PATH );
		await expect(
			screen.text( 'No OpenAI key is set yet.' )
		).toBeVisible();
		await saveThroughScreen( page, prodKey );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status ).toMatchObject( {
			configured: true,
			source: 'database',
		} );
		expect( status.warnings.map( ( { code } ) => code ) ).toEqual( [] );
	} );

	await test.step( 'every plugin reads the key on production', async () => {
		const { admin, visitor } = await probe( page, PROD );
		expect( admin.sha256 ).toBe( sha256( prodKey ) );
		expect( visitor.sha256 ).toBe( sha256( prodKey ) );
	} );

	await test.step(
		'stop production, so its database can be copied',
		closeAll
	);
} );

test( 'staging copy: the production key is held back until an admin confirms it', async ( {
	browser,
} ) => {
	await test.step( 'copy production to staging, salts and all', () =>
		copyProduction( true ) );
	const storageState = await serve( COPY );
	const page = await openPage( browser, COPY, storageState );
	const screen = keyScreen( page );
	const received = recordResponses( page );

	await test.step( 'the screen says the key is held, naming the production address', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( screen.text( HELD_WARNING ) ).toBeVisible();
		// The status puts the problem first: the key is there but not usable.
		await expect( screen.status ).toContainText(
			'The key needs attention'
		);
		await expect( confirmButton( page ) ).toBeVisible();
		await expect(
			page.getByRole( 'region', { name: 'Add a key' } )
		).toBeVisible();
		// Nothing stored is usable, so there is nothing to test.
		await expect( screen.testConnection ).toHaveCount( 0 );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status ).toMatchObject( {
			configured: false,
			source: 'none',
			masked: '',
		} );
		expect( status.warnings.map( ( { code } ) => code ) ).toContain(
			'held_copy'
		);
	} );

	await test.step( 'no plugin gets the key: get_option() returns an empty string', async () => {
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.empty ).toBe( true );
		expect( visitor.empty ).toBe( true );
	} );

	await test.step( 'a test of the stored key sends no key to OpenAI', async () => {
		const api = await keyApi( page.request );
		const response = await page.request.post( REST_TEST, {
			headers: api.headers,
			data: {},
		} );
		expect( response.status() ).toBe( 200 );
		const result = ( await response.json() ) as TestResult;
		expect( result ).toMatchObject( {
			ok: false,
			code: 'no_key',
			key_source: 'stored',
		} );
		expect( await simulatorRequestsWith( prodKey ) ).toBe( 0 );
	} );

	await test.step( 'confirm: the production key is in use on this site', async () => {
		const confirmed = page.waitForResponse(
			( response ) =>
				decodeURIComponent( response.url() ).includes(
					'key-guard/v1/key/confirm'
				) && response.request().method() === 'POST'
		);
		await confirmButton( page ).click();
		expect( ( await confirmed ).status() ).toBe( 200 );
		await expect( screen.maskedKey ).toHaveText( maskOf( prodKey ) );
		await expect( screen.status ).toContainText(
			'A key is saved: test it next'
		);
		await expect( screen.text( HELD_WARNING ) ).toHaveCount( 0 );
		await expect( confirmButton( page ) ).toHaveCount( 0 );
		// Still a copy: the screen goes on advising a key of its own.
		await expect(
			screen.text(
				/This key was saved on http:\/\/127\.0\.0\.1:8894 \(production\)/
			)
		).toBeVisible();
	} );

	await test.step( 'every plugin now reads the production key, after a reload too', async () => {
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.sha256 ).toBe( sha256( prodKey ) );
		expect( visitor.sha256 ).toBe( sha256( prodKey ) );
		await page.reload();
		await expect( screen.maskedKey ).toHaveText( maskOf( prodKey ) );
		await expect( confirmButton( page ) ).toHaveCount( 0 );
	} );

	await test.step( 'a test of the stored key now sends it', async () => {
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'Connected' );
		expect( await simulatorRequestsWith( prodKey ) ).toBeGreaterThan( 0 );
	} );

	await test.step( 'the browser never received the production key', async () => {
		expectNoKeyIn( await page.content(), prodKey, 'the page HTML' );
		for ( const { url, body } of await received() ) {
			expectNoKeyIn( body, prodKey, `the response of ${ url }` );
		}
	} );

	expect( pluginProblems( COPY.dir ) ).toEqual( [] );
} );

test( 'staging copy: a key entered for staging replaces the held one', async ( {
	browser,
} ) => {
	const stagingKey = freshKey( 'ok' );
	await test.step( 'copy production to staging, salts and all', () =>
		copyProduction( true ) );
	const storageState = await serve( COPY );
	const page = await openPage( browser, COPY, storageState );
	const screen = keyScreen( page );

	await test.step( 'the production key is held', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( screen.text( HELD_WARNING ) ).toBeVisible();
	} );

	await test.step( 'save a staging key: no warning, and it is the key in use', async () => {
		await saveThroughScreen( page, stagingKey );
		await expect( screen.text( HELD_WARNING ) ).toHaveCount( 0 );
		await expect( confirmButton( page ) ).toHaveCount( 0 );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status.warnings.map( ( { code } ) => code ) ).toEqual( [] );
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.sha256 ).toBe( sha256( stagingKey ) );
		expect( visitor.sha256 ).toBe( sha256( stagingKey ) );
	} );

	await test.step( 'a test of the stored key sends the staging key', async () => {
		const before = await simulatorRequestsWith( prodKey );
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'Connected' );
		expect( await simulatorRequestsWith( stagingKey ) ).toBeGreaterThan(
			0
		);
		expect( await simulatorRequestsWith( prodKey ) ).toBe( before );
	} );

	expect( pluginProblems( COPY.dir ) ).toEqual( [] );
} );

test( 'copy with other salts: the key cannot be decrypted, is not used, and a pasted key repairs it', async ( {
	browser,
} ) => {
	const repairKey = freshKey( 'ok' );
	await test.step( 'copy production to staging with new salts', () =>
		copyProduction( false ) );
	const storageState = await serve( COPY );
	const page = await openPage( browser, COPY, storageState );
	const screen = keyScreen( page );
	const received = recordResponses( page );

	await test.step( 'the screen says the saved key cannot be decrypted', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( screen.text( UNDECRYPTABLE_WARNING ) ).toBeVisible();
		// The status puts the problem first: the key is there but not usable.
		await expect( screen.status ).toContainText(
			'The key needs attention'
		);
		// Nothing decrypts, so there is nothing to confirm either.
		await expect( confirmButton( page ) ).toHaveCount( 0 );
		await expect( screen.testConnection ).toHaveCount( 0 );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status ).toMatchObject( { configured: false, source: 'none' } );
		expect( status.warnings.map( ( { code } ) => code ) ).toEqual( [
			'undecryptable',
		] );
	} );

	await test.step( 'no plugin gets a key', async () => {
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.empty ).toBe( true );
		expect( visitor.empty ).toBe( true );
	} );

	await test.step( 'paste a key: the warning goes and the new key is in use', async () => {
		await saveThroughScreen( page, repairKey );
		await expect( screen.text( UNDECRYPTABLE_WARNING ) ).toHaveCount( 0 );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status.warnings.map( ( { code } ) => code ) ).toEqual( [] );
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.sha256 ).toBe( sha256( repairKey ) );
		expect( visitor.sha256 ).toBe( sha256( repairKey ) );
	} );

	await test.step( 'the browser never received the production key', async () => {
		for ( const { url, body } of await received() ) {
			expectNoKeyIn( body, prodKey, `the response of ${ url }` );
		}
	} );

	expect( pluginProblems( COPY.dir ) ).toEqual( [] );
} );

test( 'staging copy: a key prepared on production for staging sites is used there automatically', async ( {
	browser,
} ) => {
	const preparedKey = freshKey( 'ok' );

	await test.step( 'on production, prepare a key for staging sites', async () => {
		const storageState = await serve( PROD );
		const page = await openPage( browser, PROD, storageState );
		await page.goto( SETTINGS_PATH );
		const staging = page.getByRole( 'region', { name: 'Staging' } );
		// Needed now and then: closed until asked for.
		await expect( staging ).toBeHidden();
		await keyScreen( page ).copiesToggle.click();
		await expect( staging.getByText( 'No key saved.' ) ).toBeVisible();
		// Copies are made from production down the line: no second production key is offered.
		await expect(
			page.getByRole( 'region', { name: 'Production' } )
		).toHaveCount( 0 );
		await staging
			.getByRole( 'button', { name: 'Add a staging key' } )
			.click();
		await staging
			.getByLabel( 'OpenAI API key for staging sites' )
			.fill( preparedKey );
		await staging
			.getByRole( 'button', { name: 'Save the staging key' } )
			.click();
		await expect(
			staging.getByText( `${ maskOf( preparedKey ) }, saved` )
		).toBeVisible();
		// The prepared key is tested before any copy depends on it; the result shows by its row.
		for ( const viewport of VIEWPORTS ) {
			await page.setViewportSize( viewport );
			await staging
				.getByRole( 'button', { name: 'Test the staging key' } )
				.click();
			const result = staging.getByRole( 'region', {
				name: 'Test result',
			} );
			await expect( result.getByRole( 'heading' ) ).toContainText(
				'The key works'
			);
			await expect( result.getByRole( 'heading' ) ).toBeFocused();
			await inspect( page, `${ viewport.name }-copies-tested` );
		}
		// Production itself goes on using its own key.
		await expect( keyScreen( page ).maskedKey ).toHaveText(
			maskOf( prodKey )
		);
		const { admin, visitor } = await probe( page, PROD );
		expect( admin.sha256 ).toBe( sha256( prodKey ) );
		expect( visitor.sha256 ).toBe( sha256( prodKey ) );
		await closeAll();
	} );

	await test.step( 'copy production to staging, salts and all', () =>
		copyProduction( true ) );
	const storageState = await serve( COPY );
	const page = await openPage( browser, COPY, storageState );
	const screen = keyScreen( page );
	const received = recordResponses( page );

	await test.step( 'the copy runs on the staging key, with nothing held and nothing to confirm', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( screen.maskedKey ).toHaveText( maskOf( preparedKey ) );
		await expect(
			screen.text(
				`This site uses the key saved for staging sites on ${ PROD.url }. Saving a key below replaces it.`
			)
		).toBeVisible();
		await expect( screen.text( HELD_WARNING ) ).toHaveCount( 0 );
		await expect( confirmButton( page ) ).toHaveCount( 0 );
		const status = await ( await keyApi( page.request ) ).status();
		expect( status ).toMatchObject( {
			configured: true,
			source: 'database',
			masked: maskOf( preparedKey ),
		} );
		expect( status.warnings.map( ( { code } ) => code ) ).toEqual( [] );
	} );

	await test.step( 'every plugin reads the staging key', async () => {
		const { admin, visitor } = await probe( page, COPY );
		expect( admin.sha256 ).toBe( sha256( preparedKey ) );
		expect( visitor.sha256 ).toBe( sha256( preparedKey ) );
	} );

	await test.step( 'a test of the stored key sends the staging key, never the production one', async () => {
		const before = await simulatorRequestsWith( prodKey );
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'Connected' );
		expect( await simulatorRequestsWith( preparedKey ) ).toBeGreaterThan(
			0
		);
		expect( await simulatorRequestsWith( prodKey ) ).toBe( before );
	} );

	await test.step( 'the browser never received either key', async () => {
		for ( const { url, body } of await received() ) {
			expectNoKeyIn( body, prodKey, `the response of ${ url }` );
			expectNoKeyIn( body, preparedKey, `the response of ${ url }` );
		}
	} );

	expect( pluginProblems( COPY.dir ) ).toEqual( [] );
	expect( pluginProblems( PROD.dir ) ).toEqual( [] );
} );
