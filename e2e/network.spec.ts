/**
 * Failures with no HTTP answer from OpenAI, through the whole stack: the browser asks, WordPress's
 * HTTP API fails for real (refused port, unresolvable host, TLS to a plain-HTTP server, a server
 * that never answers in the 15 s budget), and the screen explains it.
 */
import { expect, test as base } from '@playwright/test';
import { simKey } from '../tests/support/openai-simulator/keys';
import {
	debugLogSize,
	freshKey,
	keyApi,
	keyScreen,
	maskOf,
	pluginProblems,
} from './support/key-guard';
import {
	NETWORK_SITE_DIR,
	SETTINGS_PATH,
	simulatorUrl,
	startNetworkSite,
	type NetworkSite,
} from './support/sites';

const test = base.extend< object, { networkSite: NetworkSite } >( {
	networkSite: [
		// `provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.
		async ( {}, provide ) => {
			const site = await startNetworkSite( simulatorUrl() );
			await provide( site );
			await site.stop();
		},
		{ scope: 'worker', timeout: 180_000 },
	],
	baseURL: async ( { networkSite }, provide ) => provide( networkSite.url ),
	storageState: async ( { networkSite }, provide ) =>
		provide( networkSite.storageState ),
} );

let logFrom = 0;
const stored = freshKey( 'ok' );

test.beforeAll( () => {
	logFrom = debugLogSize( NETWORK_SITE_DIR );
} );

test.afterAll( () => {
	expect( pluginProblems( NETWORK_SITE_DIR, logFrom ) ).toEqual( [] );
} );

const simulatorPort = () => new URL( simulatorUrl() ).port;

const CASES = [
	{
		name: 'a refused connection',
		baseUrl: () => 'http://127.0.0.1:9/v1',
		headline: 'This server could not connect to OpenAI.',
		advice: 'firewall',
	},
	{
		name: 'a host that does not resolve',
		baseUrl: () => 'http://key-guard-e2e.invalid/v1',
		headline: "This server could not look up OpenAI's address.",
		advice: 'key-guard-e2e.invalid',
	},
	{
		name: 'TLS to a server that does not speak it',
		baseUrl: () => `https://127.0.0.1:${ simulatorPort() }/v1`,
		headline: 'The secure connection to OpenAI failed.',
		advice: 'certificate',
	},
];

for ( const failure of CASES ) {
	test( `the stored key over ${ failure.name }: “${ failure.headline }”`, async ( {
		page,
		networkSite,
	} ) => {
		const screen = keyScreen( page );
		await test.step( 'point the site at the failing address', async () => {
			await networkSite.serveWith( failure.baseUrl() );
			await ( await keyApi( page.request ) ).save( stored );
			await page.goto( SETTINGS_PATH );
		} );

		await test.step( 'test the stored key and read the diagnosis', async () => {
			await screen.testConnection.click();
			await expect( screen.headline ).toContainText( failure.headline, {
				timeout: 20_000,
			} );
			await expect( screen.result ).toContainText( failure.advice );
			await expect( screen.result ).toContainText( 'Failed' );
		} );

		await test.step( 'the stored key is unchanged', async () => {
			const status = await ( await keyApi( page.request ) ).status();
			expect( status.masked ).toBe( maskOf( stored ) );
			expect( status.last_test?.code ).toBeDefined();
		} );
	} );
}

test( 'a server that never answers is a timeout within the 15 s budget', async ( {
	page,
	networkSite,
} ) => {
	test.setTimeout( 90_000 );
	const screen = keyScreen( page );
	await networkSite.serveWith( simulatorUrl() );
	await ( await keyApi( page.request ) ).save( stored );
	await page.goto( SETTINGS_PATH );

	await screen.replaceKey.click();
	await screen.keyField.fill( simKey( 'slow', 'netslow' ) );
	const started = Date.now();
	await screen.testTypedKey.click();
	await expect( screen.headline ).toContainText(
		'OpenAI did not answer in time.',
		{ timeout: 30_000 }
	);
	const seconds = ( Date.now() - started ) / 1000;
	expect( seconds ).toBeGreaterThan( 10 );
	expect( seconds ).toBeLessThan( 20 );
	expect( ( await ( await keyApi( page.request ) ).status() ).masked ).toBe(
		maskOf( stored )
	);
} );
