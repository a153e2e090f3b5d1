/**
 * What the browser tests share: fresh simulator keys, the key-guard/v1 REST API over a page's
 * cookies, the screen's locators, and the checks that a key never reaches the browser.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	expect,
	type APIRequestContext,
	type Page,
	type Response,
} from '@playwright/test';
import { simKey } from '../../tests/support/openai-simulator/keys';
import type { KeyStatus } from '../../src/shared/types';
import { debugLog, E2E_SITE_DIR, REPO_ROOT } from './sites';

export const REST_KEY = '/wp-json/key-guard/v1/key';
export const REST_TEST = '/wp-json/key-guard/v1/test';

/** The length of the key fragments the leak checks look for. */
export const LEAK_WINDOW = 20;

/**
 * A simulator key for `scenario` that no other test (or earlier run) uses.
 *
 * The seed fills the whole left half, so the key has no run of padding characters that could
 * match unrelated page content in the leak checks.
 *
 * @param scenario A simulator scenario, e.g. `ok`.
 */
export function freshKey( scenario: string ): string {
	const alphabet =
		'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const seed = Array.from(
		randomBytes( 64 ),
		( byte ) => alphabet[ byte % alphabet.length ]
	).join( '' );
	return simKey( scenario, seed );
}

/**
 * The mask the plugin shows for a project key: prefix, ellipsis, last four characters.
 *
 * @param key A `sk-proj-` key.
 */
export function maskOf( key: string ): string {
	return `sk-proj-\u2026${ key.slice( -4 ) }`;
}

/**
 * The fragments of `key` that appear in `text`: every LEAK_WINDOW-character substring is tried.
 *
 * @param text Anything the browser received.
 * @param key  The secret.
 */
export function keyFragmentsIn( text: string, key: string ): string[] {
	const found: string[] = [];
	for ( let start = 0; start + LEAK_WINDOW <= key.length; start++ ) {
		const fragment = key.slice( start, start + LEAK_WINDOW );
		if ( text.includes( fragment ) ) {
			found.push( fragment );
		}
	}
	return found;
}

/**
 * Asserts that no fragment of `key` is in `text`, naming where it looked.
 *
 * @param text  Text to search.
 * @param key   The secret.
 * @param where What the text is, for the failure message.
 */
export function expectNoKeyIn( text: string, key: string, where: string ) {
	const found = keyFragmentsIn( text, key );
	expect(
		found,
		`${ found.length } fragment(s) of the key in ${ where }, e.g. "${ found[ 0 ] }"`
	).toEqual( [] );
}

/**
 * Records the text bodies of every response a page receives, to search them for the key later.
 *
 * @param page The page to watch.
 * @return A function that waits for the bodies and returns them with their URLs.
 */
export function recordResponses(
	page: Page
): () => Promise< Array< { url: string; body: string } > > {
	const bodies: Array< Promise< { url: string; body: string } | null > > = [];
	const isText = ( response: Response ) =>
		/^(text\/|application\/(json|javascript|xml)|[^;]*\+json)/.test(
			response.headers()[ 'content-type' ] ?? ''
		);
	page.on( 'response', ( response ) => {
		if ( ! isText( response ) ) {
			return;
		}
		bodies.push(
			response.text().then(
				( body ) => ( { url: response.url(), body } ),
				// Redirects and aborted navigations have no body to read.
				() => null
			)
		);
	} );
	return async () =>
		( await Promise.all( bodies ) ).filter(
			( entry ): entry is { url: string; body: string } => entry !== null
		);
}

/**
 * The key-guard/v1 REST API, called with the cookies of `request` and a fresh REST nonce.
 *
 * @param request A page's or context's request object (logged in as an administrator).
 */
export async function keyApi( request: APIRequestContext ) {
	const nonceResponse = await request.get(
		'/wp-admin/admin-ajax.php?action=rest-nonce'
	);
	expect( nonceResponse.status(), 'REST nonce (are we logged in?)' ).toBe(
		200
	);
	const headers = { 'X-WP-Nonce': await nonceResponse.text() };

	async function json< T >(
		response: Awaited< ReturnType< APIRequestContext[ 'get' ] > >,
		what: string
	): Promise< T > {
		expect(
			response.status(),
			`${ what }: ${ await response.text() }`
		).toBe( 200 );
		return ( await response.json() ) as T;
	}

	return {
		headers,
		status: async () =>
			json< KeyStatus >(
				await request.get( REST_KEY, { headers } ),
				'GET /key'
			),
		save: async ( key: string ) =>
			json< KeyStatus >(
				await request.post( REST_KEY, { headers, data: { key } } ),
				'POST /key'
			),
		remove: async () =>
			json< KeyStatus >(
				await request.delete( REST_KEY, { headers } ),
				'DELETE /key'
			),
	};
}

/**
 * The OpenAI key screen's parts, found the way a person finds them: by role, label and name.
 *
 * @param page The page showing Settings → OpenAI key.
 */
export function keyScreen( page: Page ) {
	// wp.a11y's live regions repeat what is said outside <main>; text is looked for inside it.
	const main = page.getByRole( 'main' );
	// The latest result on screen: a typed key's (by the key field) comes after the saved key's.
	const result = main.getByRole( 'region', { name: 'Test result' } ).last();
	const status = main.locator( '.key-guard-status' );
	return {
		main,
		/** The status area: where things stand, the saved key's test and its last result. */
		status,
		/**
		 * Text shown on the screen (not the screen reader's copy of it).
		 * @param text
		 */
		text: ( text: string | RegExp ) =>
			main.getByText( text, { exact: typeof text === 'string' } ),
		title: page.getByRole( 'heading', { level: 1, name: 'OpenAI key' } ),
		/**
		 * One of the screen's tabs (API key, Events).
		 * @param name
		 */
		tab: ( name: string ) => main.getByRole( 'tab', { name } ),
		keyField: page.getByLabel( 'OpenAI API key', { exact: true } ),
		/** The key form: "Add a key" (no key yet) or "Replace the key". */
		form: main.getByRole( 'region', {
			name: /^(Add a key|Replace the key)$/,
		} ),
		/** Opens (or closes) the "Replace the key" section: a heading's toggle button. */
		replaceKey: main.getByRole( 'button', {
			name: 'Replace the key',
			exact: true,
		} ),
		/** Makes the key field visible: it is closed under "Replace the key" once a key is saved. */
		openKeyField: async () => {
			const replace = main.getByRole( 'button', {
				name: 'Replace the key',
				exact: true,
			} );
			if (
				( await replace.count() ) > 0 &&
				( await replace.getAttribute( 'aria-expanded' ) ) !== 'true'
			) {
				await replace.click();
			}
		},
		showKey: page.getByRole( 'button', { name: 'Show key' } ),
		saveKey: page.getByRole( 'button', { name: 'Save key' } ),
		testTypedKey: page.getByRole( 'button', { name: 'Test this key' } ),
		testConnection: page.getByRole( 'button', {
			name: 'Test connection',
		} ),
		/** Opens the closed test settings (the model field). */
		testSettings: main.getByRole( 'button', {
			name: 'Test settings',
			exact: true,
		} ),
		removeKey: page.getByRole( 'button', { name: 'Remove key' } ),
		/** The status area's "Key" entry: the mask. */
		maskedKey: status
			.getByRole( 'term' )
			.filter( { hasText: /^Key$/ } )
			.locator( 'xpath=following-sibling::dd[1]' ),
		/** The saved key's last test, in the status area. */
		lastTest: main.getByRole( 'region', {
			name: 'Last test of the saved key',
		} ),
		nextStep: status.locator( '.key-guard-status__next' ),
		/** Keys for copies of this site (closed at first). */
		copies: main.locator( '.key-guard-environments' ),
		/** Opens (or closes) "Keys for copies of this site". */
		copiesToggle: main.getByRole( 'button', {
			name: 'Keys for copies of this site',
			exact: true,
		} ),
		progress: page
			.getByRole( 'status' )
			.filter( { hasText: 'Testing connection…' } ),
		result,
		headline: result.getByRole( 'heading' ).first(),
		checks: result.getByRole( 'list', { name: 'Checks' } ),
		/** The "Technical details" toggles (one per result on screen). */
		technicalDetails: main.getByRole( 'button', {
			name: 'Technical details',
			exact: true,
		} ),
		/** Rate-limit headroom, under the latest result's technical details (found open or closed). */
		rateLimit: result.locator( '.key-guard-rate-limit' ),
		/**
		 * A fact under the latest result's technical details, by its term (Model, Latency, HTTP
		 * status, Request ID); found whether the details are open or closed.
		 * @param term
		 */
		fact: ( term: string ) =>
			result
				.locator( 'dt' )
				.filter( { hasText: new RegExp( `^${ term }$` ) } )
				.locator( 'xpath=following-sibling::dd[1]' ),
		/** What wp.a11y.speak() last said, politely or assertively. */
		spokenPolite: page.locator( '#a11y-speak-polite' ),
		spokenAssertive: page.locator( '#a11y-speak-assertive' ),
	};
}

/**
 * Lets a test hold the connection test's REST request in flight, to see the screen while it waits.
 *
 * @param page The page.
 * @return release() lets the held request through.
 */
export async function holdConnectionTests(
	page: Page
): Promise< { release: () => void; held: Promise< void > } > {
	let release = () => {};
	const gate = new Promise< void >( ( resolve ) => ( release = resolve ) );
	let markHeld = () => {};
	const held = new Promise< void >( ( resolve ) => ( markHeld = resolve ) );
	await page.route(
		( url ) =>
			decodeURIComponent( url.href ).includes( '/key-guard/v1/test' ),
		async ( route ) => {
			markHeld();
			await gate;
			await route.continue();
		}
	);
	return { release, held };
}

/** Where PHP reports a problem in our plugin: its files, or its names in a message. */
const PLUGIN_MARKERS = [
	path.join( REPO_ROOT, 'php' ) + path.sep,
	path.join( REPO_ROOT, 'plugin.php' ),
	path.join( REPO_ROOT, 'uninstall.php' ),
	'plugins/key-guard-for-openai/',
	'Key_Guard\\',
	'key-guard',
	'key_guard',
];
const PHP_PROBLEM = /PHP (Fatal error|Parse error|Warning|Notice|Deprecated)/;

/**
 * The lines PHP wrote to a site's debug.log since `from` bytes that point at our plugin.
 *
 * @param siteDir Site directory.
 * @param from    Byte offset, e.g. the log's size before the tests ran.
 */
export function pluginProblems( siteDir = E2E_SITE_DIR, from = 0 ): string[] {
	return debugLog( siteDir, from )
		.split( '\n' )
		.filter(
			( line ) =>
				PHP_PROBLEM.test( line ) &&
				PLUGIN_MARKERS.some( ( marker ) => line.includes( marker ) )
		);
}

/**
 * The current size of a site's debug.log, to read only what comes after.
 *
 * @param siteDir Site directory.
 */
export function debugLogSize( siteDir = E2E_SITE_DIR ): number {
	const file = path.join( siteDir, 'debug.log' );
	return fs.existsSync( file ) ? fs.statSync( file ).size : 0;
}

/**
 * PHP's own error output, as display_errors prints it (plain or with html_errors), e.g.
 * "Warning: Undefined variable $x in /path/file.php on line 12", or an uncaught exception's
 * "Fatal error: Uncaught …" (whose " on line" comes after the stack trace).
 */
const PHP_ERROR_OUTPUT =
	/(?:<b>)?(?:PHP )?(?:(?:Fatal error|Parse error|Recoverable fatal error|Warning|Notice|Deprecated)(?:<\/b>)?:\s+[^\n]*? in (?:<b>)?\S+?(?:<\/b>)? on line (?:<b>)?\d+|Fatal error(?:<\/b>)?:\s+Uncaught [^\n]*)/g;

/**
 * The PHP error messages printed into `text` (an answer's raw body), to show none reached a visitor.
 *
 * @param text A raw HTTP body.
 */
export function phpErrorOutputIn( text: string ): string[] {
	return text.match( PHP_ERROR_OUTPUT ) ?? [];
}

/**
 * Searches everything it is given for pieces of several secrets at once and remembers where it
 * looked, so a suite can say how many places it searched. A finding is a soft failure: the run
 * goes on and reports every place a key turned up, not just the first.
 *
 * @param secrets The keys to look for, by a name for the failure message.
 */
export function leakScanner( secrets: Record< string, string > ) {
	const locations: string[] = [];
	/**
	 * The fragments of any secret in `text`, named after their secret.
	 * @param text Text to search.
	 */
	const find = ( text: string ): string[] =>
		Object.entries( secrets ).flatMap( ( [ name, key ] ) =>
			keyFragmentsIn( text, key ).map(
				( fragment ) => `${ name }: "${ fragment }"`
			)
		);
	return {
		find,
		locations,
		/**
		 * Looks for every secret in `text` and counts `where` as a place searched.
		 * @param text  Text to search.
		 * @param where What the text is, for the count and the failure message.
		 * @return The fragments found.
		 */
		scan: ( text: string, where: string ): string[] => {
			locations.push( where );
			const found = find( text );
			expect
				.soft(
					found.length,
					`fragments of a key in ${ where }, e.g. ${ found[ 0 ] }`
				)
				.toBe( 0 );
			return found;
		},
	};
}
