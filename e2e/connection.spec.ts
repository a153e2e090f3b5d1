/**
 * The connection test on Settings → OpenAI key: the saved key against the OpenAI simulator, and
 * typed keys that fail in every way the screen must explain, without touching the saved key.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	debugLogSize,
	freshKey,
	holdConnectionTests,
	keyApi,
	keyScreen,
	maskOf,
	pluginProblems,
} from './support/key-guard';
import { SETTINGS_PATH } from './support/sites';

const LINKS = {
	apiKeys: 'https://platform.openai.com/api-keys',
	billing:
		'https://platform.openai.com/settings/organization/billing/overview',
	limits: 'https://platform.openai.com/settings/organization/limits',
	projects: 'https://platform.openai.com/settings/organization/projects',
	help: 'https://help.openai.com/',
	countries: 'https://platform.openai.com/docs/supported-countries',
	status: 'https://status.openai.com/',
	org: 'https://platform.openai.com/settings/organization/general',
	models: 'https://platform.openai.com/docs/models',
	wpBlock:
		'https://developer.wordpress.org/reference/classes/wp_http/block_request/',
};

interface Failure {
	scenario: string;
	headline: string;
	advice: string | RegExp;
	/** Link label → dashboard URL, in the order shown. */
	links: Array< [ string, string ] >;
	/** HTTP status shown, or null when OpenAI never answered. */
	http: string | null;
	/** The check that failed: its label, as the checks list shows it. */
	failedCheck: string;
	/** The outcome word: "Warning" when the key was accepted but limited (rate limits). */
	outcome?: 'Failed' | 'Warning';
}

/** The failure table names its model, so each check and headline is known in advance. */
const TABLE_MODEL = 'gpt-5.4-nano';
/** What the test picks for a working key when the site names no model: the cheapest the key sees. */
const PICKED_MODEL = 'gpt-6-luna';
const MODEL_CHECK = `Model ${ TABLE_MODEL } is visible to the key`;
const REQUEST_CHECK = 'A 16-token test request is accepted';

const FAILURES: Failure[] = [
	{
		scenario: 'invalid_key',
		headline: 'OpenAI does not accept this key.',
		advice: 'The key is wrong, incomplete, revoked or deleted',
		links: [ [ 'OpenAI API keys', LINKS.apiKeys ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'insufficient_quota',
		headline:
			'The key works, but the account has no credit left or hit its spend limit.',
		advice: 'Add credit on the billing page',
		links: [
			[ 'OpenAI billing', LINKS.billing ],
			[ 'OpenAI limits and budgets', LINKS.limits ],
		],
		http: '429',
		failedCheck: REQUEST_CHECK,
	},
	{
		scenario: 'model_not_allowed',
		headline: `This project is not allowed to use the model "${ TABLE_MODEL }".`,
		advice: 'allow this model under model usage',
		links: [
			[ 'OpenAI projects', LINKS.projects ],
			[ 'OpenAI limits and budgets', LINKS.limits ],
		],
		http: '403',
		failedCheck: REQUEST_CHECK,
	},
	{
		scenario: 'billing_not_active',
		headline: 'Billing is not set up for this OpenAI account.',
		advice: 'Add a payment method or buy credit',
		links: [ [ 'OpenAI billing', LINKS.billing ] ],
		http: '429',
		failedCheck: REQUEST_CHECK,
	},
	{
		scenario: 'account_deactivated',
		headline: 'The OpenAI account behind this key is deactivated.',
		advice: 'contact OpenAI support',
		links: [ [ 'OpenAI help center', LINKS.help ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'region_blocked',
		headline: 'OpenAI does not serve the country this server is in.',
		advice: "applies to the server's location",
		links: [ [ 'Supported countries', LINKS.countries ] ],
		http: '403',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'rate_limited',
		headline: 'OpenAI is rate limiting this key.',
		advice: 'Wait 20 seconds and test again',
		links: [ [ 'OpenAI limits and budgets', LINKS.limits ] ],
		http: '429',
		failedCheck: MODEL_CHECK,
		outcome: 'Warning',
	},
	{
		scenario: 'server_error',
		headline: 'OpenAI had a server error.',
		advice: "This is on OpenAI's side",
		links: [ [ 'OpenAI status', LINKS.status ] ],
		http: '500',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'bad_gateway_html',
		headline: 'OpenAI had a server error.',
		advice: "This is on OpenAI's side",
		links: [ [ 'OpenAI status', LINKS.status ] ],
		http: '502',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'non_json',
		headline: 'The answer did not come from the OpenAI API.',
		advice: 'Check that http://127.0.0.1:',
		links: [],
		http: '200',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'no_organization',
		headline: 'The key and the organization do not match.',
		advice: 'Check the OPENAI_ORG_ID setting',
		links: [ [ 'OpenAI organization settings', LINKS.org ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'mismatched_organization',
		headline: 'The key and the organization do not match.',
		advice: 'Check the OPENAI_ORG_ID setting',
		links: [ [ 'OpenAI organization settings', LINKS.org ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'invalid_organization',
		headline: 'The key and the organization do not match.',
		advice: 'Check the OPENAI_ORG_ID setting',
		links: [ [ 'OpenAI organization settings', LINKS.org ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'ip_not_allowed',
		headline: "OpenAI refuses requests from this server's IP address.",
		advice: 'IP allowlist',
		links: [ [ 'OpenAI projects', LINKS.projects ] ],
		http: '401',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'missing_scope_responses',
		headline: 'The key is valid but not allowed to do this.',
		advice: /lacks the permission "api\.responses\.write"/,
		links: [ [ 'OpenAI API keys', LINKS.apiKeys ] ],
		http: '401',
		failedCheck: REQUEST_CHECK,
	},
	{
		scenario: 'missing_scope_403',
		headline: 'The key is valid but not allowed to do this.',
		advice: 'lacks the permission',
		links: [ [ 'OpenAI API keys', LINKS.apiKeys ] ],
		http: '403',
		failedCheck: REQUEST_CHECK,
	},
	{
		scenario: 'slow_down',
		headline: 'OpenAI is rate limiting this key.',
		advice: 'test again',
		links: [ [ 'OpenAI limits and budgets', LINKS.limits ] ],
		http: '429',
		failedCheck: MODEL_CHECK,
		outcome: 'Warning',
	},
	{
		scenario: 'model_not_found',
		headline: `The model "${ TABLE_MODEL }" does not exist or this key cannot see it.`,
		advice: 'Check the model name',
		links: [ [ 'OpenAI models', LINKS.models ] ],
		http: '404',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'invalid_url',
		headline: 'The answer did not come from the OpenAI API.',
		advice: 'Check that http://127.0.0.1:',
		links: [],
		http: '404',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'overloaded',
		headline: 'OpenAI had a server error.',
		advice: "This is on OpenAI's side",
		links: [ [ 'OpenAI status', LINKS.status ] ],
		http: '503',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'gateway_timeout_html',
		headline: 'OpenAI had a server error.',
		advice: "This is on OpenAI's side",
		links: [ [ 'OpenAI status', LINKS.status ] ],
		http: '504',
		failedCheck: MODEL_CHECK,
	},
	{
		scenario: 'connection_failed',
		headline: 'This server could not connect to OpenAI.',
		advice: "This is on this server's side, not OpenAI's",
		links: [ [ 'Blocking outgoing requests in WordPress', LINKS.wpBlock ] ],
		http: null,
		failedCheck: MODEL_CHECK,
	},
];

function escapeRegExp( text: string ): string {
	return text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
}

let logFrom = 0;
/** The key saved before each test. */
let stored = '';

test.beforeAll( () => {
	logFrom = debugLogSize();
} );

test.beforeEach( async ( { page } ) => {
	const api = await keyApi( page.request );
	await api.remove();
	stored = freshKey( 'ok' );
	await api.save( stored );
	await page.goto( SETTINGS_PATH );
	const screen = keyScreen( page );
	await expect( screen.maskedKey ).toHaveText( maskOf( stored ) );
	// The key field and the model are asked for now and then: open their sections.
	await screen.replaceKey.click();
	await screen.testSettings.click();
} );

test.afterAll( () => {
	expect( pluginProblems( undefined, logFrom ) ).toEqual( [] );
} );

/**
 * Asserts the saved key is still the one saved before the test, and was not tested.
 *
 * @param page The page.
 */
async function expectStoredKeyUntouched( page: Page ) {
	const screen = keyScreen( page );
	await expect( screen.maskedKey ).toHaveText( maskOf( stored ) );
	await expect( screen.lastTest ).toHaveCount( 0 );
	await expect( screen.status ).toContainText(
		'The key has not been tested yet.'
	);
	const status = await ( await keyApi( page.request ) ).status();
	expect( status ).toMatchObject( {
		source: 'database',
		masked: maskOf( stored ),
		last_test: null,
	} );
}

test( 'Test connection shows its progress, then a connected result with its facts', async ( {
	page,
} ) => {
	const screen = keyScreen( page );
	const inFlight = await holdConnectionTests( page );

	await test.step( 'before the test: nothing to announce, not tested yet', async () => {
		await expect( screen.lastTest ).toHaveCount( 0 );
		await expect( screen.result ).toHaveCount( 0 );
		// The live regions (by the saved key's test and by the key field) are in the page before
		// anything is said into them.
		await expect(
			screen.main.getByRole( 'status' ).filter( { hasText: /^$/ } )
		).toHaveCount( 2 );
	} );

	await test.step( 'click Test connection: the button is busy while the server tests', async () => {
		await screen.testConnection.click();
		await inFlight.held;
		await expect( screen.progress ).toBeVisible();
		await expect( screen.testConnection ).toBeDisabled();
		await expect( screen.testConnection ).toHaveClass( /is-busy/ );
		inFlight.release();
	} );

	await test.step( 'the result: connected, with the checks and the facts support asks for', async () => {
		await expect( screen.headline ).toContainText(
			'The key works and can generate text.'
		);
		await expect( screen.progress ).toHaveCount( 0 );
		await expect( screen.testConnection ).toBeEnabled();
		await expect( screen.result ).toContainText( 'Tested the saved key.' );

		const checks = screen.checks.getByRole( 'listitem' );
		await expect( checks ).toHaveCount( 3 );
		for ( const label of [
			'Key format',
			`Model ${ PICKED_MODEL } is visible to the key`,
			REQUEST_CHECK,
		] ) {
			await expect( checks.filter( { hasText: label } ) ).toContainText(
				`${ label }: Passed`
			);
		}

		await expect(
			screen.fact( 'Request ID' ).locator( 'code' )
		).toHaveText( /^req_[0-9a-f]{32}$/ );
		await expect( screen.fact( 'Latency' ) ).toHaveText( /^\d+ ms$/ );
		await expect( screen.fact( 'HTTP status' ) ).toHaveText( '200' );
		await expect( screen.fact( 'Model' ) ).toHaveText( PICKED_MODEL );

		// The figures support asks for are under "Technical details", closed until asked for.
		await expect( screen.fact( 'Latency' ) ).toBeHidden();
		await screen.technicalDetails.last().click();
		await expect( screen.fact( 'Latency' ) ).toBeVisible();
		const headroom = screen.rateLimit.getByRole( 'listitem' );
		await expect( headroom ).toHaveText( [
			/^Requests: [\d,]+\/5,000 \(resets in \w+\)$/,
			/^Tokens: [\d,]+\/4,000,000 \(resets in \w+\)$/,
		] );

		// Once the key works, the next step (a budget) takes the advice's place, with its link.
		await expect(
			screen.nextStep.getByRole( 'link', {
				name: /^OpenAI limits and budgets/,
			} )
		).toHaveAttribute( 'href', LINKS.limits );
	} );

	await test.step( 'the outcome is announced and kept as the last test', async () => {
		await expect( screen.spokenPolite ).toContainText(
			'The key works and can generate text.'
		);
		await expect( screen.lastTest ).toContainText( 'Connected' );
		await page.reload();
		await expect( screen.lastTest ).toContainText(
			'The key works and can generate text.'
		);
	} );
} );

test( 'a model the key cannot see fails the saved key’s test, and the failure is kept', async ( {
	page,
} ) => {
	const screen = keyScreen( page );
	await screen.main
		.getByRole( 'textbox', { name: 'Model' } )
		.fill( 'gpt-3.5-turbo' );
	await screen.testConnection.click();
	await expect( screen.headline ).toContainText(
		'The model "gpt-3.5-turbo" does not exist or this key cannot see it.'
	);
	await expect( screen.headline ).toContainText( 'Failed' );
	await expect( screen.fact( 'HTTP status' ) ).toHaveText( '404' );
	await expect( screen.lastTest ).toContainText( 'Failed' );
	await expect( screen.spokenAssertive ).toContainText(
		'Failed: The model "gpt-3.5-turbo"'
	);
} );

for ( const failure of FAILURES ) {
	test( `a typed ${ failure.scenario } key: “${ failure.headline }”`, async ( {
		page,
	} ) => {
		const screen = keyScreen( page );
		const typed = freshKey( failure.scenario );

		await test.step( 'type the key and choose Test this key, without saving', async () => {
			await screen.main
				.getByRole( 'textbox', { name: 'Model' } )
				.fill( TABLE_MODEL );
			await screen.keyField.fill( typed );
			await screen.testTypedKey.click();
		} );

		await test.step( 'the result says what is wrong and where to fix it', async () => {
			await expect( screen.headline ).toContainText( failure.headline );
			const outcome = failure.outcome ?? 'Failed';
			await expect( screen.headline ).toContainText( outcome );
			await expect( screen.result ).toContainText(
				'Tested the key typed above; it is not saved.'
			);
			await expect( screen.result ).toContainText( failure.advice );

			const links = screen.result.getByRole( 'link' );
			await expect( links ).toHaveCount( failure.links.length );
			for ( const [ index, [ label, url ] ] of failure.links.entries() ) {
				await expect( links.nth( index ) ).toHaveAccessibleName(
					new RegExp( `^${ escapeRegExp( label ) }` )
				);
				await expect( links.nth( index ) ).toHaveAttribute(
					'href',
					url
				);
			}

			await expect(
				screen.checks
					.getByRole( 'listitem' )
					.filter( { hasText: failure.failedCheck } )
			).toContainText( `${ failure.failedCheck }: ${ outcome }` );

			if ( failure.http === null ) {
				await expect( screen.fact( 'HTTP status' ) ).toHaveCount( 0 );
				await expect( screen.fact( 'Request ID' ) ).toHaveCount( 0 );
			} else {
				await expect( screen.fact( 'HTTP status' ) ).toHaveText(
					failure.http
				);
				await expect(
					screen.fact( 'Request ID' ).locator( 'code' )
				).toHaveText( /^req_[0-9a-f]{32}$/ );
			}
			await expect( screen.spokenAssertive ).toContainText(
				`${ outcome }: ${ failure.headline }`
			);
		} );

		await test.step( 'the saved key is unchanged and still works', async () => {
			await expect( screen.keyField ).toHaveValue( typed );
			await expectStoredKeyUntouched( page );
			await screen.testConnection.click();
			await expect( screen.headline ).toContainText( 'The key works' );
			await expect( screen.result ).toContainText(
				'Tested the saved key.'
			);
		} );
	} );
}

test( 'a key that may not look up models connects, with a warning naming the permission', async ( {
	page,
} ) => {
	const screen = keyScreen( page );
	await screen.main
		.getByRole( 'textbox', { name: 'Model' } )
		.fill( TABLE_MODEL );
	await screen.keyField.fill( freshKey( 'missing_scope_models' ) );
	await screen.testTypedKey.click();
	await expect( screen.headline ).toContainText(
		'The key works and can generate text, but lacks a permission.'
	);
	await expect( screen.headline ).toContainText( 'Warning' );
	await expect( screen.result ).toContainText(
		'lacks the permission "api.model.read"'
	);
	const checks = screen.checks.getByRole( 'listitem' );
	await expect( checks.filter( { hasText: MODEL_CHECK } ) ).toContainText(
		`${ MODEL_CHECK }: Warning`
	);
	await expect( checks.filter( { hasText: REQUEST_CHECK } ) ).toContainText(
		`${ REQUEST_CHECK }: Passed`
	);
	await expect( screen.fact( 'HTTP status' ) ).toHaveText( '200' );
	await expect(
		screen.result.getByRole( 'link', { name: /^OpenAI API keys/ } )
	).toHaveAttribute( 'href', LINKS.apiKeys );
	await expectStoredKeyUntouched( page );
} );

test( 'a rate limit shows how long to wait', async ( { page } ) => {
	const screen = keyScreen( page );
	await screen.keyField.fill( freshKey( 'rate_limited' ) );
	await screen.testTypedKey.click();
	await expect( screen.headline ).toContainText(
		'OpenAI is rate limiting this key.'
	);
	await screen.technicalDetails.last().click();
	await expect( screen.rateLimit.getByRole( 'listitem' ) ).toHaveText( [
		/^Requests: 0\/3 /,
		/^Tokens: /,
		'Retry after 20 seconds.',
	] );
	await expectStoredKeyUntouched( page );
} );
