/* eslint-disable no-console -- the suite prints how many places it searched. */
/**
 * The leak suite: after a random key is saved through the screen, neither the key nor any
 * 20-character piece of it is in any admin page, REST answer (ours and core's, `context=edit`),
 * our scripts and styles, debug.log, PHP's error output while OpenAI misbehaves, the audit trail,
 * the files the site wrote, or the database file in plaintext.
 *
 * It runs on its own site, `.wp-sites/e2e-debug`, made as a careless host would run it: WP_DEBUG,
 * WP_DEBUG_LOG and WP_DEBUG_DISPLAY on, and a must-use plugin that keeps PHP printing its errors
 * into REST and JSON answers too (core turns that off for them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { type TestResult } from '../src/shared/types';
import {
	freshKey,
	keyApi,
	keyFragmentsIn,
	keyScreen,
	LEAK_WINDOW,
	leakScanner,
	maskOf,
	phpErrorOutputIn,
	pluginProblems,
	recordResponses,
	REST_KEY,
	REST_TEST,
} from './support/key-guard';
import {
	AUTH_DIR,
	debugLog,
	E2E_HOST,
	loadScripts,
	REPO_ROOT,
	saveLogin,
	SETTINGS_PATH,
	simulatorDefines,
	simulatorUrl,
} from './support/sites';

const DEBUG_PORT = 8893;
const DEBUG_URL = `http://${ E2E_HOST }:${ DEBUG_PORT }`;
const DEBUG_SITE_DIR = path.join( REPO_ROOT, '.wp-sites/e2e-debug' );
const REST_AUDIT = '/wp-json/key-guard/v1/audit';

/** What the must-use plugin makes PHP say on request, to show the checks see PHP's output. */
const NOISE = 'leak suite: a deliberate notice';

/**
 * Written into the site's mu-plugins. Its names avoid "key-guard", so its own notice is not
 * mistaken for one of the plugin's by pluginProblems().
 */
const WORST_CASE_HOST = `<?php
/**
 * Plugin Name: Leak suite worst case
 * Description: Written by e2e/leak.spec.ts. PHP prints every error into every answer, REST and JSON ones included; ?leak_suite_noise=1 adds a notice to a REST answer on purpose; connection tests time out after 3 s instead of 14.
 */
error_reporting( E_ALL );
ini_set( 'display_errors', '1' );
add_filter( 'key_guard_test_timeout', static function () { return 3; } );
if ( isset( $_GET['leak_suite_noise'] ) ) {
	add_filter( 'rest_pre_echo_response', static function ( $result ) {
		trigger_error( ${ JSON.stringify( NOISE ) }, E_USER_NOTICE );
		return $result;
	} );
}
`;

/** Simulator scenarios in which OpenAI, or something in front of it, answers badly or not at all. */
const UPSTREAM_FAILURES = [
	'non_json',
	'bad_gateway_html',
	'gateway_timeout_html',
	'server_error',
	'connection_failed',
	'invalid_key',
];

/** Base URLs that fail before any HTTP answer (set through the server's environment). */
const NETWORK_FAILURES = [
	{
		name: 'dns',
		baseUrl: 'http://leak-suite.invalid/v1',
		code: 'dns_failure',
	},
	{
		name: 'refused',
		baseUrl: 'http://127.0.0.1:9/v1',
		code: 'connection_failed',
	},
];

/** Admin pages that could show an option's value, besides ours. */
const ADMIN_PAGES = [
	'/wp-admin/',
	'/wp-admin/plugins.php',
	'/wp-admin/options.php',
	'/wp-admin/options-general.php',
	'/wp-admin/options-connectors.php',
	'/wp-admin/site-health.php?tab=debug',
	'/wp-admin/profile.php',
];

/** Every key this run sends to the site; each is searched for everywhere. */
const SECRETS: Record< string, string > = {
	'the saved key': freshKey( 'ok' ),
	'the typed ok key': freshKey( 'ok' ),
	'the typed slow key': freshKey( 'slow' ),
	...Object.fromEntries(
		UPSTREAM_FAILURES.flatMap( ( scenario ) => [
			[ `the stored ${ scenario } key`, freshKey( scenario ) ],
			[ `the typed ${ scenario } key`, freshKey( scenario ) ],
		] )
	),
	...Object.fromEntries(
		NETWORK_FAILURES.map( ( { name } ) => [
			`the typed key over ${ name }`,
			freshKey( 'ok' ),
		] )
	),
};
const SAVED = SECRETS[ 'the saved key' ];

interface DebugSite {
	url: string;
	storageState: string;
	/** Restarts the server with `env` (e.g. OPENAI_BASE_URL, which beats the constant). */
	serveWith: ( env?: Record< string, string > ) => Promise< void >;
	stop: () => Promise< void >;
}

/** Makes `.wp-sites/e2e-debug` fresh, with the worst-case debug settings, and serves it. */
async function startDebugSite(): Promise< DebugSite > {
	const { makeSite, serveSite } = await loadScripts();
	const site = await makeSite( {
		dir: DEBUG_SITE_DIR,
		url: DEBUG_URL,
		fresh: true,
		quiet: true,
		defines: {
			...simulatorDefines( simulatorUrl() ),
			// make-site already sets WP_DEBUG (true) and this log path; they are spelled out here
			// because the suite depends on them. Defines are strings: 'true' is truthy, as core reads it.
			WP_DEBUG_LOG: path.join( DEBUG_SITE_DIR, 'debug.log' ),
			WP_DEBUG_DISPLAY: 'true',
			WP_ACCESSIBLE_HOSTS: '127.0.0.1,localhost,*.invalid',
		},
	} );
	expect( site.plugin, 'the plugin on the debug site' ).toBe( 'active' );
	fs.writeFileSync(
		path.join( DEBUG_SITE_DIR, 'wp-content/mu-plugins/leak-suite.php' ),
		WORST_CASE_HOST
	);
	let server: { stop: () => Promise< void > } | null = null;
	const serveWith = async ( env: Record< string, string > = {} ) => {
		await server?.stop();
		server = await serveSite( {
			dir: DEBUG_SITE_DIR,
			host: E2E_HOST,
			port: DEBUG_PORT,
			env,
		} );
	};
	await serveWith();
	const storageState = await saveLogin(
		DEBUG_URL,
		path.join( AUTH_DIR, 'admin-debug.json' )
	);
	return {
		url: DEBUG_URL,
		storageState,
		serveWith,
		stop: async () => {
			await server?.stop();
			server = null;
		},
	};
}

const test = base.extend< object, { debugSite: DebugSite } >( {
	debugSite: [
		// `provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.
		async ( {}, provide ) => {
			const site = await startDebugSite();
			await provide( site );
			await site.stop();
		},
		{ scope: 'worker', timeout: 180_000 },
	],
	baseURL: async ( { debugSite }, provide ) => provide( debugSite.url ),
	storageState: async ( { debugSite }, provide ) =>
		provide( debugSite.storageState ),
} );

/**
 * Every file under `dir` changed since `since` (ms), without following links: the plugin's link
 * leads back to this repository, and wp-admin and wp-includes are never written.
 *
 * @param dir   Directory to walk.
 * @param since Epoch milliseconds.
 */
function filesWrittenSince( dir: string, since: number ): string[] {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const file = path.join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return [ 'wp-admin', 'wp-includes' ].includes( entry.name )
					? []
					: filesWrittenSince( file, since );
			}
			return entry.isFile() && fs.statSync( file ).mtimeMs >= since
				? [ file ]
				: [];
		} );
}

test( 'no piece of any key reaches a page, an answer, a log, the audit trail or the database in plaintext', async ( {
	page,
	debugSite,
} ) => {
	test.setTimeout( 240_000 );
	const started = Date.now();
	const scanner = leakScanner( SECRETS );
	const received = recordResponses( page );
	const screen = keyScreen( page );
	let api = await keyApi( page.request );

	/**
	 * Names a request body by the secrets in it, so each place searched has its own name.
	 *
	 * @param data A JSON body.
	 */
	const describe = ( data: Record< string, unknown > ) =>
		Object.entries( data )
			.map( ( [ field, value ] ) => {
				const name = Object.keys( SECRETS ).find(
					( secret ) => SECRETS[ secret ] === value
				);
				const built = scanner.find( String( value ) ).length > 0;
				return `${ field }: ${
					name ?? ( built ? 'text made from a key' : 'no key' )
				}`;
			} )
			.join( ', ' );

	/**
	 * Calls a REST route and searches its raw answer: for every key, for PHP's error output, and
	 * whether anything but JSON got into it.
	 *
	 * @param method           HTTP method.
	 * @param route            Path under the site, with its query.
	 * @param options
	 * @param options.data     JSON body.
	 * @param options.expected The HTTP status expected; null for any.
	 * @param options.note     What else tells this call apart, for its name.
	 * @return The parsed answer.
	 */
	async function rest< T = unknown >(
		method: string,
		route: string,
		{
			data,
			expected = 200,
			note,
		}: {
			data?: Record< string, unknown >;
			expected?: number | null;
			note?: string;
		} = {}
	): Promise< T > {
		const response = await page.request.fetch( route, {
			method,
			headers: api.headers,
			data,
			timeout: 30_000,
		} );
		const text = await response.text();
		const where = [
			`${ method } ${ route }`,
			data && `{ ${ describe( data ) } }`,
			note && `(${ note })`,
			`→ HTTP ${ response.status() }`,
		]
			.filter( Boolean )
			.join( ' ' );
		if ( expected !== null ) {
			expect
				.soft( response.status(), `${ where }: ${ text }` )
				.toBe( expected );
		}
		scanner.scan( text, where );
		expect
			.soft( phpErrorOutputIn( text ), `PHP output in ${ where }` )
			.toEqual( [] );
		let parsed: T | undefined;
		expect
			.soft(
				() => ( parsed = JSON.parse( text ) as T ),
				`${ where } is JSON only`
			)
			.not.toThrow();
		return parsed as T;
	}

	/**
	 * Opens an admin page and searches its HTML as served and as rendered once loaded. (Not at
	 * network idle: the Connectors screen's REST calls can wait on php -S's four workers for long.)
	 *
	 * @param pagePath Path under the site.
	 */
	async function scanAdminPage( pagePath: string ) {
		const response = await page.goto( pagePath );
		expect( response?.status(), pagePath ).toBe( 200 );
		const served = ( await response?.text() ) ?? '';
		scanner.scan( served, `${ pagePath } as served` );
		expect
			.soft( phpErrorOutputIn( served ), `PHP output in ${ pagePath }` )
			.toEqual( [] );
		scanner.scan( await page.content(), `${ pagePath } as rendered` );
	}

	await test.step( 'the checks can fail: PHP prints into REST answers and the log, the scanner sees one piece', async () => {
		expect( keyFragmentsIn( `x${ SAVED }x`, SAVED ) ).toHaveLength(
			SAVED.length - LEAK_WINDOW + 1
		);
		expect(
			scanner.find( `…${ SAVED.slice( 70, 70 + LEAK_WINDOW ) }…` )
		).toHaveLength( 1 );
		const noisy = await page.request.get( '/wp-json/?leak_suite_noise=1' );
		expect( phpErrorOutputIn( await noisy.text() ) ).toEqual( [
			expect.stringContaining( NOISE ),
		] );
		expect( debugLog( DEBUG_SITE_DIR ) ).toContain( NOISE );
	} );

	await test.step( 'stored and typed keys while OpenAI misbehaves: no key, no PHP output', async () => {
		for ( const scenario of UPSTREAM_FAILURES ) {
			const stored = `the stored ${ scenario } key`;
			await rest( 'POST', REST_KEY, {
				data: { key: SECRETS[ stored ] },
			} );
			const result = await rest< TestResult >( 'POST', REST_TEST, {
				note: `${ stored } saved`,
			} );
			expect.soft( result?.ok, stored ).toBe( false );
			const typed = `the typed ${ scenario } key`;
			const candidate = await rest< TestResult >( 'POST', REST_TEST, {
				data: { key: SECRETS[ typed ] },
				note: `${ stored } saved`,
			} );
			expect.soft( candidate?.ok, typed ).toBe( false );
			await rest( 'GET', REST_KEY, { note: `${ stored } saved` } );
			await rest( 'DELETE', REST_KEY, { note: `${ stored } saved` } );
		}
		const slow = await rest< TestResult >( 'POST', REST_TEST, {
			data: { key: SECRETS[ 'the typed slow key' ] },
		} );
		expect.soft( slow?.code, 'the typed slow key' ).toBe( 'timeout' );
	} );

	await test.step( 'save the key on the screen like a person, and test it', async () => {
		await page.goto( SETTINGS_PATH );
		await expect(
			screen.text( 'No OpenAI key is set yet.' )
		).toBeVisible();
		await screen.keyField.fill( SAVED );
		await screen.saveKey.click();
		await expect( screen.text( 'API key saved' ) ).toBeVisible();
		await expect( screen.maskedKey ).toHaveText( maskOf( SAVED ) );
		await expect( screen.keyField ).toHaveValue( '' );
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'Connected' );
	} );

	await test.step( 'the settings page: HTML, inline scripts, our scripts and styles, storage, cookies', async () => {
		scanner.scan( await page.content(), 'the settings page after saving' );
		await scanAdminPage( SETTINGS_PATH );
		await expect( screen.maskedKey ).toHaveText( maskOf( SAVED ) );

		const inline = (
			await page.locator( 'script:not([src])' ).allTextContents()
		).join( '\n' );
		expect( inline ).toContain( 'createPreloadingMiddleware' );
		scanner.scan( inline, 'the inline scripts' );

		const assets = await page
			.locator( 'script[src], link[rel="stylesheet"][href]' )
			.evaluateAll( ( elements ) =>
				elements.map(
					( element ) =>
						element.getAttribute( 'src' ) ??
						element.getAttribute( 'href' ) ??
						''
				)
			);
		const ours = assets.filter( ( url ) =>
			url.includes( '/plugins/key-guard-for-openai/' )
		);
		expect( ours ).toEqual(
			expect.arrayContaining( [
				expect.stringContaining( 'build/settings.js' ),
				expect.stringContaining( 'build/settings.css' ),
			] )
		);
		for ( const url of ours ) {
			const response = await page.request.get( url );
			expect( response.status(), url ).toBe( 200 );
			scanner.scan( await response.text(), `our asset ${ url }` );
		}

		scanner.scan(
			await page.evaluate( () =>
				JSON.stringify( {
					local: { ...window.localStorage },
					session: { ...window.sessionStorage },
				} )
			),
			'web storage'
		);
		scanner.scan(
			JSON.stringify( await page.context().cookies() ),
			'cookies'
		);
	} );

	await test.step( 'our REST routes with the key saved, refusals included', async () => {
		api = await keyApi( page.request );
		await rest( 'GET', REST_KEY );
		await rest( 'GET', REST_AUDIT );
		await rest( 'OPTIONS', REST_KEY );
		await rest( 'GET', '/wp-json/key-guard/v1' );
		const stored = await rest< TestResult >( 'POST', REST_TEST );
		expect.soft( stored?.ok, 'the saved key tests ok' ).toBe( true );
		for ( const typed of [
			'the typed ok key',
			...UPSTREAM_FAILURES.map(
				( scenario ) => `the typed ${ scenario } key`
			),
		] ) {
			await rest( 'POST', REST_TEST, {
				data: { key: SECRETS[ typed ] },
				note: 'the saved key saved',
			} );
		}

		// Each is made from the saved key, and none may be echoed back.
		const refused = {
			'a character outside the key alphabet': `${ SAVED.slice(
				0,
				60
			) }#${ SAVED.slice( 60 ) }`,
			'three keys in a row': SAVED.repeat( 3 ),
			'an admin key': `sk-admin-${ SAVED.slice( 8 ) }`,
			'a line of a .env file': `OPENAI_API_KEY=${ SAVED } # prod`,
		};
		for ( const [ what, key ] of Object.entries( refused ) ) {
			for ( const route of [ REST_KEY, REST_TEST ] ) {
				await rest( 'POST', route, {
					data: { key },
					expected: 400,
					note: what,
				} );
			}
		}
		await rest( 'POST', REST_KEY, {
			data: { key: SAVED.repeat( 26 ) },
			expected: 400,
			note: 'longer than the schema allows',
		} );
		await rest( 'POST', REST_KEY, {
			data: { key: SAVED, note: SAVED },
			expected: 400,
			note: 'an unknown field',
		} );
		await rest( 'POST', REST_TEST, {
			data: { key: SAVED, model: `${ SAVED } !` },
			expected: 400,
			note: 'a key as the model',
		} );
		await rest( 'POST', '/wp-json/key-guard/v1/key/confirm', {
			expected: null,
		} );
		expect(
			( await api.status() ).masked,
			'the refusals left the key alone'
		).toBe( maskOf( SAVED ) );
	} );

	await test.step( "core's REST answers: settings and users/me with context=edit, the index", async () => {
		await rest( 'GET', '/wp-json/wp/v2/settings?context=edit' );
		await rest( 'POST', '/wp-json/wp/v2/settings?context=edit', {
			data: { description: 'Leak suite' },
		} );
		await rest( 'GET', '/wp-json/wp/v2/users/me?context=edit' );
		await rest( 'GET', '/wp-json/' );
	} );

	await test.step( 'the other admin pages, options.php with its masked ciphertext row', async () => {
		for ( const adminPath of ADMIN_PAGES ) {
			await scanAdminPage( adminPath );
		}
		await page.goto( '/wp-admin/options.php' );
		const row = page.locator( '#connectors_ai_openai_api_key' );
		await expect( row, 'the option row is listed' ).toBeDisabled();
		await expect( row ).toHaveValue( /^\u2022+.{4}$/ );
	} );

	await test.step( 'no HTTP answer at all: DNS failure and refused connection, stored and typed key', async () => {
		for ( const { name, baseUrl, code } of NETWORK_FAILURES ) {
			await debugSite.serveWith( { OPENAI_BASE_URL: baseUrl } );
			const stored = await rest< TestResult >( 'POST', REST_TEST, {
				note: `the saved key over ${ name }`,
			} );
			expect
				.soft( stored?.code, `the saved key over ${ name }` )
				.toBe( code );
			const typed = await rest< TestResult >( 'POST', REST_TEST, {
				data: { key: SECRETS[ `the typed key over ${ name }` ] },
			} );
			expect
				.soft( typed?.code, `a typed key over ${ name }` )
				.toBe( code );
			await rest( 'GET', REST_KEY, { note: `after ${ name }` } );
		}
		await debugSite.serveWith();
	} );

	await test.step( 'the audit trail: GET /audit and the events on the screen', async () => {
		const events = await rest< Array< { event: string } > >(
			'GET',
			REST_AUDIT,
			{ note: 'at the end' }
		);
		expect( events.map( ( { event } ) => event ) ).toEqual(
			expect.arrayContaining( [ 'saved', 'tested', 'removed' ] )
		);
		// The events have a tab of their own, which the address can open.
		await page.goto( `${ SETTINGS_PATH }#events` );
		const table = page
			.getByRole( 'main' )
			.getByRole( 'table' )
			.filter( { hasText: 'Event' } );
		await expect( table ).toBeVisible();
		// All of them, not only the latest ten.
		const more = page.getByRole( 'button', {
			name: /^Show \d+ older events?$/,
		} );
		if ( await more.count() ) {
			await more.click();
		}
		await expect( table ).toContainText( 'Key saved' );
		expect( await table.getByRole( 'row' ).count() ).toBe(
			events.length + 1
		);
		scanner.scan( await table.innerText(), 'the events on the screen' );
	} );

	await test.step( 'everything the browser received', async () => {
		const responses = await received();
		expect(
			responses.map( ( { url } ) => decodeURIComponent( url ) )
		).toEqual(
			expect.arrayContaining( [
				expect.stringContaining( 'key-guard/v1/key' ),
				expect.stringContaining( 'key-guard/v1/test' ),
				expect.stringContaining( 'options-connectors.php' ),
			] )
		);
		for ( const { url, body } of responses ) {
			scanner.scan( body, `the browser's copy of ${ url }` );
			expect
				.soft( phpErrorOutputIn( body ), `PHP output in ${ url }` )
				.toEqual( [] );
		}
	} );

	await test.step( 'debug.log, the server log, the database and every other file the site wrote', async () => {
		const logFile = path.join( DEBUG_SITE_DIR, 'debug.log' );
		const log = debugLog( DEBUG_SITE_DIR );
		expect( log, 'debug.log has the deliberate notice' ).toContain( NOISE );
		scanner.scan( log, 'debug.log' );
		// The log's text would show a piece, if one were there.
		const planted = SAVED.slice( 100, 100 + LEAK_WINDOW );
		expect( scanner.find( `${ log }\n${ planted }` ) ).toContain(
			`the saved key: "${ planted }"`
		);
		expect(
			pluginProblems( DEBUG_SITE_DIR ).filter(
				( line ) => ! line.includes( NOISE )
			),
			'PHP problems in our plugin'
		).toEqual( [] );

		const database = path.join(
			DEBUG_SITE_DIR,
			'wp-content/database/.ht.sqlite'
		);
		const bytes = fs.readFileSync( database ).toString( 'latin1' );
		expect( bytes, 'the option row, encrypted' ).toMatch(
			/connectors_ai_openai_api_key.{0,64}kg2:/s
		);

		const written = filesWrittenSince( DEBUG_SITE_DIR, started );
		expect( written ).toEqual(
			expect.arrayContaining( [
				database,
				logFile,
				path.join( DEBUG_SITE_DIR, 'server.log' ),
			] )
		);
		for ( const file of written.filter( ( one ) => one !== logFile ) ) {
			scanner.scan(
				fs.readFileSync( file ).toString( 'latin1' ),
				path.relative( DEBUG_SITE_DIR, file )
			);
		}
	} );

	const seconds = ( ( Date.now() - started ) / 1000 ).toFixed( 1 );
	const summary = `${ scanner.locations.length } places searched (${
		new Set( scanner.locations ).size
	} distinct) for ${
		Object.keys( SECRETS ).length
	} keys, every ${ LEAK_WINDOW }-character piece, in ${ seconds } s`;
	test.info().annotations.push( {
		type: 'leak suite',
		description: summary,
	} );
	console.log( `Leak suite: ${ summary }` );
	if ( process.env.KEY_GUARD_LEAK_LIST ) {
		console.log( [ ...new Set( scanner.locations ) ].join( '\n' ) );
	}
} );
