/**
 * The Usage tab on real WordPress: the chart and its table from seeded counts, a budget set in
 * the screen that holds the next OpenAI request back with a clear message, and a plugin waiting
 * for approval that goes through once approved. Each state is checked with axe, measured and
 * photographed (artifacts/screens/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { inspect, VIEWPORTS } from './support/inspect';
import { freshKey, keyApi, keyScreen } from './support/key-guard';
import {
	E2E_SITE_DIR,
	E2E_URL,
	REPO_ROOT,
	SETTINGS_PATH,
} from './support/sites';

const ASK_PLUGIN = path.join(
	E2E_SITE_DIR,
	'wp-content/mu-plugins/key-guard-e2e-ask.php'
);
/** How the usage guard names the must-use plugin above. */
const ASK_LABEL = 'Must-use plugin: key-guard-e2e-ask.php';

/**
 * Runs PHP in the e2e site (WordPress loaded) and gives back what it returns.
 *
 * @param code   A PHP function body; $params holds the params.
 * @param params Its parameters.
 */
async function php< T = unknown >(
	code: string,
	params: Record< string, unknown > = {}
): Promise< T > {
	const scripts: {
		runInSite: (
			dir: string,
			url: string,
			code: string,
			params: Record< string, unknown >
		) => T;
	} = await import( path.join( REPO_ROOT, 'scripts/make-site.mjs' ) );
	return scripts.runInSite( E2E_SITE_DIR, E2E_URL, code, params );
}

/** Empties the usage tables and removes the limits. */
async function resetUsage() {
	await php(
		`global $wpdb;
		foreach ( array( 'usage', 'requests', 'quota' ) as $name ) {
			$wpdb->query( 'DELETE FROM ' . key_guard()->get( $name )->name() );
		}
		delete_option( 'key_guard_limits' );
		return true;`
	);
}

/**
 * A must-use plugin that asks OpenAI (the simulator) through wp_remote_post from a REST route,
 * as any plugin would, and reports what it got.
 */
function installAskPlugin() {
	fs.mkdirSync( path.dirname( ASK_PLUGIN ), { recursive: true } );
	fs.writeFileSync(
		ASK_PLUGIN,
		`<?php
add_action( 'rest_api_init', static function () {
	register_rest_route( 'key-guard-e2e/v1', '/ask', array(
		'methods'             => 'POST',
		'permission_callback' => '__return_true',
		'callback'            => static function () {
			$answer = wp_remote_post( OPENAI_BASE_URL . '/responses', array(
				'headers' => array( 'Authorization' => 'Bearer ' . get_option( 'connectors_ai_openai_api_key' ), 'Content-Type' => 'application/json' ),
				'body'    => wp_json_encode( array( 'model' => 'gpt-4o-mini', 'input' => 'Hi', 'max_output_tokens' => 16 ) ),
				'timeout' => 10,
			) );
			if ( is_wp_error( $answer ) ) {
				return array( 'code' => $answer->get_error_code(), 'message' => $answer->get_error_message(), 'data' => $answer->get_error_data() );
			}
			return array( 'status' => wp_remote_retrieve_response_code( $answer ) );
		},
	) );
} );
`
	);
}

/**
 * The must-use plugin's request to OpenAI, and what came of it.
 *
 * @param page The page (its request context).
 */
async function ask( page: Page ) {
	const response = await page.request.post( '/wp-json/key-guard-e2e/v1/ask' );
	expect( response.status() ).toBe( 200 );
	return response.json();
}

/**
 * Opens the Usage tab.
 *
 * @param page The page.
 */
async function openUsage( page: Page ) {
	await page.goto( `${ SETTINGS_PATH }#usage` );
	await expect(
		page.getByRole( 'heading', { name: 'This month', exact: true } )
	).toBeVisible();
}

test.afterEach( async () => {
	fs.rmSync( ASK_PLUGIN, { force: true } );
	await resetUsage();
} );

for ( const viewport of VIEWPORTS ) {
	test.describe( `at ${ viewport.width }×${ viewport.height }`, () => {
		test.use( {
			viewport: { width: viewport.width, height: viewport.height },
		} );

		test( 'the chart and its table show the seeded counts', async ( {
			page,
		} ) => {
			await resetUsage();
			await php(
				`$usage = key_guard()->get( 'usage' );
				$usage->add( wp_date( 'Y-m-d', time() - 2 * DAY_IN_SECONDS ), 'gpt-4o-mini', 'ai-engine', array( 'requests' => 7, 'input_tokens' => 7000, 'output_tokens' => 700, 'cost_micros' => 1470 ) );
				$usage->add( wp_date( 'Y-m-d' ), 'gpt-4.1', 'theme:twentytwentyfive', array( 'requests' => 3, 'blocked' => 2, 'input_tokens' => 3000, 'output_tokens' => 300, 'cost_micros' => 8400 ) );
				return true;`
			);
			await openUsage( page );
			const main = page.getByRole( 'main' );
			await expect(
				main.getByRole( 'img', { name: /^Requests per day by model/ } )
			).toBeVisible();
			await main.getByRole( 'button', { name: 'Show as table' } ).click();
			const table = main.getByRole( 'table', {
				name: /^Requests per day by model/,
			} );
			await expect(
				table.getByRole( 'columnheader', { name: 'gpt-4o-mini' } )
			).toBeVisible();
			await expect(
				table.getByRole( 'columnheader', { name: 'gpt-4.1' } )
			).toBeVisible();
			await expect( table.locator( 'tfoot' ) ).toContainText( '10' );
			await expect( table.getByRole( 'row' ) ).toHaveCount( 32 );
			await expect( main ).toContainText( 'Top callers this month' );
			await expect( main ).toContainText( 'Twenty Twenty-Five' );
			await inspect( page, `${ viewport.name }-usage-seeded` );
		} );
	} );
}

test( 'a monthly budget set in the screen holds the next request back, in words', async ( {
	page,
} ) => {
	await resetUsage();
	await ( await keyApi( page.request ) ).save( freshKey( 'ok' ) );
	await openUsage( page );
	const main = page.getByRole( 'main' );
	await main.getByLabel( 'Monthly budget (US dollars)' ).fill( '0' );
	await main.getByRole( 'button', { name: 'Save limits' } ).click();
	await expect( main ).toContainText( 'Limits saved' );
	await inspect( page, 'desktop-usage-budget-set' );

	const screen = keyScreen( page );
	await screen.tab( 'API key' ).click();
	await screen.testConnection.click();
	await expect( screen.main ).toContainText(
		"This site's own usage limit held the test back."
	);
	await expect( screen.main ).toContainText( 'monthly OpenAI budget' );

	installAskPlugin();
	const held = await ask( page );
	expect( held.code ).toBe( 'key_guard_limit_reached' );
	expect( held.data.limit ).toBe( 'monthly_budget' );
	expect( held.message ).toBe(
		'This site reached its monthly OpenAI budget.'
	);
} );

test( 'a plugin waiting for approval goes through once approved', async ( {
	page,
} ) => {
	await resetUsage();
	await ( await keyApi( page.request ) ).save( freshKey( 'ok' ) );
	await php(
		"return key_guard()->get( 'limits' )->update( array( 'unknown_callers' => 'approve' ) );"
	);
	installAskPlugin();
	const held = await ask( page );
	expect( held.data.limit ).toBe( 'caller_not_approved' );

	await openUsage( page );
	const main = page.getByRole( 'main' );
	await expect( main ).toContainText( 'Callers waiting for approval' );
	await inspect( page, 'desktop-usage-waiting' );
	await main
		.getByRole( 'button', { name: `Approve ${ ASK_LABEL }` } )
		.click();
	await expect( main ).toContainText( `${ ASK_LABEL } can use OpenAI now.` );

	expect( ( await ask( page ) ).status ).toBe( 200 );
} );
