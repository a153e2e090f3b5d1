/**
 * The WordPress sites the browser tests run against, and how to log in to them.
 *
 * Global setup serves `.wp-sites/e2e` (option-backed key) on E2E_URL; a test that needs the key
 * fixed by a constant calls startConstantSite() for `.wp-sites/e2e-constant`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { simKey } from '../../tests/support/openai-simulator/keys';

export const REPO_ROOT = path.resolve( __dirname, '../..' );

/** What e2e uses of scripts/make-site.mjs and scripts/serve.mjs. */
interface Scripts {
	makeSite: ( options: {
		dir: string;
		url: string;
		fresh?: boolean;
		quiet?: boolean;
		defines?: Record< string, string >;
		envType?: string;
		multisite?: boolean;
		wp?: 'sid' | 'trixie';
	} ) => Promise< { plugin: string } >;
	serveSite: ( options: {
		dir: string;
		host?: string;
		port?: number;
		env?: Record< string, string >;
	} ) => Promise< { url: string; stop: () => Promise< void > } >;
}

// Playwright's TS loader turns static imports of .mjs files into require() and breaks them;
// import() of a computed path loads them as the ES modules they are (typed by Scripts above).
export const loadScripts = async (): Promise< Scripts > => ( {
	...( await import( path.join( REPO_ROOT, 'scripts/make-site.mjs' ) ) ),
	...( await import( path.join( REPO_ROOT, 'scripts/serve.mjs' ) ) ),
} );
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'password';

export const E2E_HOST = '127.0.0.1';
export const E2E_PORT = 8890;
export const E2E_URL = `http://${ E2E_HOST }:${ E2E_PORT }`;
export const E2E_SITE_DIR = path.join( REPO_ROOT, '.wp-sites/e2e' );
export const CONSTANT_PORT = 8891;
export const CONSTANT_SITE_DIR = path.join(
	REPO_ROOT,
	'.wp-sites/e2e-constant'
);
export const AUTH_DIR = path.join( REPO_ROOT, 'e2e/.auth' );
export const ADMIN_STATE = path.join( AUTH_DIR, 'admin.json' );
export const SETTINGS_PATH =
	'/wp-admin/options-general.php?page=key-guard-for-openai';

/**
 * The simulator's base URL (e.g. http://127.0.0.1:PORT/v1), published by global setup.
 */
export function simulatorUrl(): string {
	const url = process.env.KEY_GUARD_E2E_SIMULATOR_URL;
	if ( ! url ) {
		throw new Error(
			'KEY_GUARD_E2E_SIMULATOR_URL is not set: run the tests through `npx playwright test`'
		);
	}
	return url;
}

/**
 * Defines that point a site at the simulator and let the HTTP API reach it.
 *
 * @param simulator Simulator base URL.
 */
export function simulatorDefines(
	simulator: string
): Record< string, string > {
	return {
		OPENAI_BASE_URL: simulator,
		KEY_GUARD_DEV_ALLOW_HOST: new URL( simulator ).host,
		// The specs run far more than 10 tests a minute as one admin; the limit itself is covered in PHPUnit.
		KEY_GUARD_TEST_RATE_LIMIT: '1000',
	};
}

/**
 * Logs in through wp-login.php and saves the cookies as a Playwright storage state file.
 *
 * @param baseUrl  Site URL.
 * @param file     Where to save the storage state.
 * @param user     User login.
 * @param password Password.
 * @return The storage state path.
 */
export async function saveLogin(
	baseUrl: string,
	file: string,
	user: string = ADMIN_USER,
	password: string = ADMIN_PASSWORD
): Promise< string > {
	// No inherited cookies: inside a test, request contexts start from the test's storage state.
	const context = await request.newContext( {
		baseURL: baseUrl,
		storageState: { cookies: [], origins: [] },
	} );
	try {
		// The first visit sets WordPress's test cookie, which the login form checks.
		await context.get( '/wp-login.php' );
		const response = await context.post( '/wp-login.php', {
			form: {
				log: user,
				pwd: password,
				'wp-submit': 'Log In',
				redirect_to: `${ baseUrl }/wp-admin/`,
				testcookie: '1',
			},
			maxRedirects: 0,
		} );
		const state = await context.storageState();
		if (
			response.status() !== 302 ||
			! state.cookies.some( ( cookie ) =>
				cookie.name.startsWith( 'wordpress_logged_in_' )
			)
		) {
			throw new Error(
				`logging in as ${ user } at ${ baseUrl } failed (HTTP ${ response.status() })`
			);
		}
		fs.mkdirSync( path.dirname( file ), { recursive: true } );
		fs.writeFileSync( file, JSON.stringify( state, null, '\t' ) );
		return file;
	} finally {
		await context.dispose();
	}
}

export interface ConstantSite {
	/** Site URL (http://127.0.0.1:8891). */
	url: string;
	/** The key defined as the OPENAI_API_KEY constant (a simulator `ok` key). */
	key: string;
	/** Storage state of a logged-in admin on this site. */
	storageState: string;
	stop: () => Promise< void >;
}

let constantSite: Promise< ConstantSite > | null = null;

/**
 * Makes and serves `.wp-sites/e2e-constant`, whose key comes from the OPENAI_API_KEY constant
 * (so the screen is read-only). Made once per worker; stopped when the worker exits or by stop().
 *
 * @param key The constant's value; defaults to the simulator's `ok` key.
 */
export function startConstantSite(
	key: string = simKey( 'ok', 'constant' )
): Promise< ConstantSite > {
	if ( ! constantSite ) {
		constantSite = ( async () => {
			const { makeSite, serveSite } = await loadScripts();
			const url = `http://${ E2E_HOST }:${ CONSTANT_PORT }`;
			await makeSite( {
				dir: CONSTANT_SITE_DIR,
				url,
				fresh: true,
				quiet: true,
				defines: {
					...simulatorDefines( simulatorUrl() ),
					OPENAI_API_KEY: key,
				},
			} );
			const server = await serveSite( {
				dir: CONSTANT_SITE_DIR,
				host: E2E_HOST,
				port: CONSTANT_PORT,
			} );
			const storageState = await saveLogin(
				url,
				path.join( AUTH_DIR, 'admin-constant.json' )
			);
			return {
				url,
				key,
				storageState,
				stop: async () => {
					constantSite = null;
					await server.stop();
				},
			};
		} )();
	}
	return constantSite;
}

/**
 * Makes (fresh) and serves the main e2e site, pointed at the simulator.
 *
 * @param simulator Simulator base URL.
 */
export async function startMainSite(
	simulator: string
): Promise< { plugin: string; stop: () => Promise< void > } > {
	const { makeSite, serveSite } = await loadScripts();
	const site = await makeSite( {
		dir: E2E_SITE_DIR,
		url: E2E_URL,
		fresh: true,
		quiet: true,
		defines: simulatorDefines( simulator ),
	} );
	const server = await serveSite( {
		dir: E2E_SITE_DIR,
		host: E2E_HOST,
		port: E2E_PORT,
	} );
	return { plugin: site.plugin, stop: server.stop };
}

/**
 * New lines of a site's debug.log since `from` bytes, to catch PHP notices a flow caused.
 *
 * @param siteDir Site directory.
 * @param from    Byte offset to read from.
 */
export function debugLog( siteDir: string = E2E_SITE_DIR, from = 0 ): string {
	const file = path.join( siteDir, 'debug.log' );
	if ( ! fs.existsSync( file ) ) {
		return '';
	}
	return fs.readFileSync( file ).subarray( from ).toString( 'utf8' );
}

export const NETWORK_PORT = 8892;
export const NETWORK_SITE_DIR = path.join( REPO_ROOT, '.wp-sites/e2e-network' );

export interface NetworkSite {
	/** Site URL (http://127.0.0.1:8892). */
	url: string;
	/** Storage state of a logged-in admin on this site. */
	storageState: string;
	/** Restarts the server with OPENAI_BASE_URL set to `baseUrl` in its environment. */
	serveWith: ( baseUrl: string ) => Promise< void >;
	stop: () => Promise< void >;
}

/**
 * Makes `.wp-sites/e2e-network`, whose API base URL is switched per test through the server's
 * environment (env beats constants, as in the SDKs), to reach refused ports, unresolvable hosts,
 * TLS to a plain-HTTP server. `*.invalid` is an accessible host so DNS itself is what fails.
 *
 * @param baseUrl The first base URL to serve with.
 */
export async function startNetworkSite(
	baseUrl: string
): Promise< NetworkSite > {
	const { makeSite, serveSite } = await loadScripts();
	const url = `http://${ E2E_HOST }:${ NETWORK_PORT }`;
	await makeSite( {
		dir: NETWORK_SITE_DIR,
		url,
		fresh: true,
		quiet: true,
		defines: { WP_ACCESSIBLE_HOSTS: '127.0.0.1,localhost,*.invalid' },
	} );
	let server: { stop: () => Promise< void > } | null = null;
	const serveWith = async ( next: string ) => {
		await server?.stop();
		server = await serveSite( {
			dir: NETWORK_SITE_DIR,
			host: E2E_HOST,
			port: NETWORK_PORT,
			env: { OPENAI_BASE_URL: next },
		} );
	};
	await serveWith( baseUrl );
	const storageState = await saveLogin(
		url,
		path.join( AUTH_DIR, 'admin-network.json' )
	);
	return {
		url,
		storageState,
		serveWith,
		stop: async () => {
			await server?.stop();
			server = null;
		},
	};
}

export const MULTISITE_HOST = '127.0.0.3';
export const MULTISITE_SITE_DIR = path.join(
	REPO_ROOT,
	'.wp-sites/e2e-multisite'
);

export interface Multisite {
	/** The main site's URL (http://127.0.0.3: a network refuses a port, so port 80). */
	url: string;
	/** Storage state of the super admin. */
	storageState: string;
	stop: () => Promise< void >;
}

/**
 * Makes (fresh) and serves `.wp-sites/e2e-multisite`: a subdirectory network (the main site and
 * /site2/, the plugin network-activated, `admin` a super admin) on port 80 of its own loopback
 * address, pointed at the simulator.
 *
 * @param simulator Simulator base URL.
 */
export async function startMultisite(
	simulator: string
): Promise< Multisite > {
	const { makeSite, serveSite } = await loadScripts();
	const url = `http://${ MULTISITE_HOST }`;
	await makeSite( {
		dir: MULTISITE_SITE_DIR,
		url,
		fresh: true,
		quiet: true,
		multisite: true,
		defines: simulatorDefines( simulator ),
	} );
	const server = await serveSite( {
		dir: MULTISITE_SITE_DIR,
		host: MULTISITE_HOST,
		port: 80,
	} );
	const storageState = await saveLogin(
		url,
		path.join( AUTH_DIR, 'admin-multisite.json' )
	);
	return { url, storageState, stop: server.stop };
}

export const WP6_PORT = 8893;
export const WP6_SITE_DIR = path.join( REPO_ROOT, '.wp-sites/e2e-wp6' );

/**
 * Makes (fresh) and serves `.wp-sites/e2e-wp6`: the oldest WordPress the plugin claims (6.8.x, from
 * Debian trixie), pointed at the simulator, to see the screen run on that release's own React and
 * components.
 *
 * @param simulator Simulator base URL.
 */
export async function startWordPress6Site( simulator: string ): Promise< {
	url: string;
	storageState: string;
	stop: () => Promise< void >;
} > {
	const { makeSite, serveSite } = await loadScripts();
	const url = `http://${ E2E_HOST }:${ WP6_PORT }`;
	await makeSite( {
		dir: WP6_SITE_DIR,
		url,
		fresh: true,
		quiet: true,
		wp: 'trixie',
		defines: simulatorDefines( simulator ),
	} );
	const server = await serveSite( {
		dir: WP6_SITE_DIR,
		host: E2E_HOST,
		port: WP6_PORT,
	} );
	const storageState = await saveLogin(
		url,
		path.join( AUTH_DIR, 'admin-wp6.json' )
	);
	return { url, storageState, stop: server.stop };
}
