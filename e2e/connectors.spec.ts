/**
 * WordPress 7's AI features reach OpenAI only through the "AI Provider for OpenAI" plugin: the key
 * screen says, for each of its three states (absent, installed but inactive, active), whether they
 * can use the key and offers the one step that makes them, with the real plugin (the public
 * plugin, kept as a fixture in ../shared/fixtures/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { freshKey, keyApi } from './support/key-guard';
import { inspect, VIEWPORTS } from './support/inspect';
import { E2E_SITE_DIR, REPO_ROOT, SETTINGS_PATH } from './support/sites';

const SHARED =
	process.env.KEY_GUARD_SHARED_DIR ?? path.resolve( REPO_ROOT, '../shared' );
const FIXTURE = path.join( SHARED, 'fixtures/ai-provider-for-openai' );
const INSTALLED = path.join(
	E2E_SITE_DIR,
	'wp-content/plugins/ai-provider-for-openai'
);
// The provider plugin always calls https://api.openai.com/v1; this test-only must-use plugin sends
// those calls to the OpenAI simulator instead (this machine has no internet).
const REROUTE = path.join(
	E2E_SITE_DIR,
	'wp-content/mu-plugins/key-guard-e2e-reroute-openai.php'
);

/**
 * Writes the must-use plugin that reroutes OpenAI's address to the simulator.
 *
 * @param simulator The simulator's base URL, ending in /v1.
 */
function rerouteOpenAi( simulator: string ) {
	fs.mkdirSync( path.dirname( REROUTE ), { recursive: true } );
	fs.writeFileSync(
		REROUTE,
		`<?php
add_filter(
	'pre_http_request',
	static function ( $pre, $args, $url ) {
		$from = 'https://api.openai.com/v1/';
		if ( false !== $pre || 0 !== strpos( $url, $from ) ) {
			return $pre;
		}
		return wp_remote_request( ${ JSON.stringify(
			simulator.replace( /\/?$/, '/' )
		) } . substr( $url, strlen( $from ) ), $args );
	},
	1,
	3
);
`
	);
}

test.skip(
	! fs.existsSync( path.join( FIXTURE, 'plugin.php' ) ),
	`No AI Provider for OpenAI fixture at ${ FIXTURE }: set KEY_GUARD_SHARED_DIR to the folder that holds fixtures/.`
);

/**
 * The screen's section about WordPress's AI features.
 *
 * @param page The page.
 */
function coreAi( page: Page ) {
	return page
		.getByRole( 'main' )
		.locator( '.key-guard-core-ai' )
		.filter( { hasText: 'WordPress’s AI features' } );
}

/**
 * Looks at the section at both sizes, with axe, and keeps the pictures.
 *
 * @param page  The page.
 * @param state absent, inactive or active.
 */
async function inspectBoth( page: Page, state: string ) {
	for ( const viewport of VIEWPORTS ) {
		await page.setViewportSize( viewport );
		await coreAi( page ).scrollIntoViewIfNeeded();
		await inspect( page, `${ viewport.name }-core-ai-${ state }` );
	}
	await page.setViewportSize( VIEWPORTS[ 0 ] );
}

test.describe.serial( 'WordPress’s AI features and the provider plugin', () => {
	test.beforeAll( () => {
		fs.rmSync( INSTALLED, { recursive: true, force: true } );
	} );
	test.afterAll( () => {
		fs.rmSync( INSTALLED, { recursive: true, force: true } );
		fs.rmSync( REROUTE, { force: true } );
	} );

	test( 'absent: the screen offers to install it', async ( { page } ) => {
		const api = await keyApi( page.request );
		await api.save( freshKey( 'ok' ) );
		await page.goto( SETTINGS_PATH );
		const section = coreAi( page );
		await expect( section ).toContainText(
			'need the AI Provider for OpenAI plugin'
		);
		await expect(
			section.getByRole( 'link', {
				name: 'Install AI Provider for OpenAI',
			} )
		).toHaveAttribute(
			'href',
			/plugin-install\.php\?s=ai-provider-for-openai/
		);
		await expect(
			section.getByRole( 'link', { name: 'Open Settings → Connectors' } )
		).toHaveAttribute( 'href', /options-connectors\.php$/ );
		await inspectBoth( page, 'absent' );
	} );

	test( 'inactive: Activate activates it, and then it uses the key', async ( {
		page,
	} ) => {
		fs.cpSync( FIXTURE, INSTALLED, { recursive: true } );
		await page.goto( SETTINGS_PATH );
		const section = coreAi( page );
		const activate = section.getByRole( 'link', {
			name: 'Activate AI Provider for OpenAI',
		} );
		await expect( section ).toContainText( 'installed but not active' );
		await inspectBoth( page, 'inactive' );

		await activate.click();
		await expect( page ).toHaveURL( /plugins\.php/ );
		await expect( page.getByRole( 'main' ) ).toContainText(
			'Plugin activated.'
		);

		await page.goto( SETTINGS_PATH );
		await expect( section ).toContainText(
			'WordPress’s AI features can use this key through the AI Provider for OpenAI plugin.'
		);
		await expect(
			section.getByRole( 'link', { name: /^(Install|Activate) / } )
		).toHaveCount( 0 );
		await inspectBoth( page, 'active' );
	} );

	test( 'active: Settings → Connectors shows the same key', async ( {
		page,
	} ) => {
		const key = freshKey( 'ok' );
		await ( await keyApi( page.request ) ).save( key );
		rerouteOpenAi( process.env.KEY_GUARD_E2E_SIMULATOR_URL ?? '' );
		await page.goto( SETTINGS_PATH );
		await coreAi( page )
			.getByRole( 'link', { name: 'Open Settings → Connectors' } )
			.click();
		await expect( page ).toHaveURL( /options-connectors\.php/ );
		// Core asks the provider whether it is configured (a live models list with our key).
		const openai = page
			.getByRole( 'main' )
			.locator( '.components-item' )
			.filter( { hasText: 'OpenAI' } );
		await expect( openai ).toContainText( 'Connected' );
		await expect( openai ).not.toContainText( 'Set up' );
	} );
} );
