/**
 * The key screen as a site owner meets it, on a laptop (1280×900) and a phone (390×844): the first
 * run in order, results where the person is looking, details on request, the events paged. (Keys for
 * copies, which only a production or staging site offers, are seen in copy.spec.ts.) Every state is checked with axe (no serious or critical
 * violation), measured (page height, no sideways scrolling) and photographed into
 * artifacts/screens/ for CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { inspect, VIEWPORTS } from './support/inspect';
import {
	freshKey,
	holdConnectionTests,
	keyApi,
	keyScreen,
} from './support/key-guard';
import { E2E_SITE_DIR, SETTINGS_PATH } from './support/sites';

/**
 * Sets the site's limit on connection tests per minute with a must-use plugin (the real
 * key_guard_test_rate_limit filter), or removes it.
 *
 * @param limit Tests per minute, or null to remove the plugin.
 */
function testLimit( limit: number | null ) {
	const dir = path.join( E2E_SITE_DIR, 'wp-content/mu-plugins' );
	const file = path.join( dir, 'key-guard-e2e-test-limit.php' );
	if ( limit === null ) {
		fs.rmSync( file, { force: true } );
		return;
	}
	fs.mkdirSync( dir, { recursive: true } );
	fs.writeFileSync(
		file,
		`<?php\nadd_filter( 'key_guard_test_rate_limit', static function () { return ${ limit }; } );\n`
	);
}

/**
 * Opens the key screen with a fresh, working key saved and not yet tested.
 *
 * @param page The page.
 */
async function openWithSavedKey( page: Page ) {
	const api = await keyApi( page.request );
	await api.remove();
	await api.save( freshKey( 'ok' ) );
	await page.goto( SETTINGS_PATH );
}

for ( const viewport of VIEWPORTS ) {
	test.describe( `at ${ viewport.width }×${ viewport.height }`, () => {
		test.use( {
			viewport: { width: viewport.width, height: viewport.height },
		} );

		test( 'first run: no key → save → test → next step', async ( {
			page,
		} ) => {
			const screen = keyScreen( page );
			await ( await keyApi( page.request ) ).remove();
			await page.goto( SETTINGS_PATH );

			await test.step( 'no key: the status says so and the key field comes first', async () => {
				await expect( screen.status ).toContainText(
					'No OpenAI key is set yet.'
				);
				await expect( screen.keyField ).toBeVisible();
				await expect( screen.testConnection ).toHaveCount( 0 );
				await inspect( page, `${ viewport.name }-first-visit` );
			} );

			await test.step( 'save: the test is offered and has focus', async () => {
				await screen.keyField.fill( freshKey( 'ok' ) );
				await screen.saveKey.click();
				await expect( screen.status ).toContainText(
					'A key is saved: test it next'
				);
				await expect( screen.testConnection ).toBeFocused();
				await expect( screen.keyField ).toBeHidden();
				await inspect( page, `${ viewport.name }-saved-untested` );
			} );

			await test.step( 'test: the result in the status area, focused, then the next step', async () => {
				await screen.testConnection.click();
				await expect( screen.status ).toContainText(
					'Connected to OpenAI'
				);
				await expect( screen.headline ).toBeFocused();
				await expect( screen.headline ).toBeInViewport();
				await expect( screen.status ).toContainText(
					'Last test of the saved key'
				);
				await expect( screen.spokenPolite ).toContainText(
					'Connected'
				);
				await expect( screen.nextStep ).toContainText( 'budget' );
				// Latency, HTTP status, request id are asked for, not shown.
				await expect( screen.fact( 'Latency' ) ).toBeHidden();
				await screen.technicalDetails.first().click();
				await expect( screen.fact( 'Latency' ) ).toBeVisible();
				await expect( screen.fact( 'HTTP status' ) ).toHaveText(
					'200'
				);
				// Every section a person can open is checked open too.
				await screen.testSettings.click();
				await inspect( page, `${ viewport.name }-tested-key-opened` );
				await screen.testSettings.click();
				await screen.technicalDetails.first().click();
				await inspect( page, `${ viewport.name }-tested-key` );
			} );

			await test.step( 'the first tab stop is not destructive', async () => {
				await page.reload();
				// From the start of the screen (below WordPress's own menus), as a keyboard user reaches it.
				await page.locator( '#key-guard-root' ).evaluate( ( root ) => {
					root.tabIndex = -1;
					root.focus();
				} );
				const stops: string[] = [];
				await page.keyboard.press( 'Tab' );
				for ( let i = 0; i < 4; i++ ) {
					stops.push(
						await page
							.locator( ':focus' )
							.evaluate( ( node ) => node.textContent ?? '' )
					);
					await page.keyboard.press( 'Tab' );
				}
				const remove = stops.findIndex( ( text ) =>
					text.includes( 'Remove key' )
				);
				const testAt = stops.findIndex( ( text ) =>
					text.includes( 'Test connection' )
				);
				expect( testAt, stops.join( ' | ' ) ).toBeGreaterThanOrEqual(
					0
				);
				expect(
					remove === -1 || remove > testAt,
					stops.join( ' | ' )
				).toBe( true );
			} );
		} );

		test( 'a typed key that fails: result and focus by the key field', async ( {
			page,
		} ) => {
			const screen = keyScreen( page );
			await openWithSavedKey( page );

			await screen.replaceKey.click();
			await screen.keyField.fill( freshKey( 'insufficient_quota' ) );
			await screen.testTypedKey.click();
			const typed = screen.form.getByRole( 'region', {
				name: 'Test result',
			} );
			await expect( typed.getByRole( 'heading' ) ).toContainText(
				'no credit left'
			);
			await expect( typed.getByRole( 'heading' ) ).toBeFocused();
			await expect( typed ).toContainText(
				'Tested the key typed above; it is not saved.'
			);
			await screen.technicalDetails.last().click();
			await expect(
				typed.getByText(
					/insufficient_quota|exceeded your current quota/
				)
			).toBeVisible();
			await inspect( page, `${ viewport.name }-typed-key-details` );
			await screen.technicalDetails.last().click();
			// OpenAI's own words are technical: under the disclosure, never in the checks.
			await expect(
				typed.getByRole( 'list', { name: 'Checks' } )
			).not.toContainText( 'insufficient_quota' );
			await inspect( page, `${ viewport.name }-typed-key-failed` );
		} );

		test( 'a slow answer shows the seconds it has taken', async ( {
			page,
		} ) => {
			const screen = keyScreen( page );
			await openWithSavedKey( page );
			const { release, held } = await holdConnectionTests( page );
			await screen.testConnection.click();
			await held;
			await expect( screen.progress ).toBeVisible();
			await expect(
				screen.main.getByText(
					/^Waiting for OpenAI: [3-9] seconds so far\.$/
				)
			).toBeVisible( { timeout: 8000 } );
			await inspect( page, `${ viewport.name }-slow-answer` );
			release();
			await expect( screen.status ).toContainText(
				'Connected to OpenAI'
			);
			await expect( screen.progress ).toHaveCount( 0 );
		} );

		test( 'too many tests: the wait counts down and the last result stays', async ( {
			page,
		} ) => {
			const screen = keyScreen( page );
			await openWithSavedKey( page );
			await screen.testConnection.click();
			await expect( screen.status ).toContainText(
				'Connected to OpenAI'
			);
			// One test a minute from now on: the one just run fills it.
			testLimit( 1 );
			try {
				await screen.testConnection.click();
				const wait = screen.status.locator( '.key-guard-test__wait' );
				await expect( wait ).toContainText(
					/You can test again in \d+ seconds?\./
				);
				const first = Number(
					( await wait.textContent() )?.match( /\d+/ )?.[ 0 ]
				);
				await expect
					.poll( async () =>
						Number(
							( await wait.textContent() )?.match( /\d+/ )?.[ 0 ]
						)
					)
					.toBeLessThan( first );
				await expect( screen.testConnection ).toBeDisabled();
				await expect( screen.headline ).toContainText(
					'The key works'
				);
				await inspect( page, `${ viewport.name }-rate-limited` );
			} finally {
				testLimit( null );
			}
		} );

		test( 'events: the latest ten, then the rest on request', async ( {
			page,
		} ) => {
			const screen = keyScreen( page );
			const api = await keyApi( page.request );
			// 50 events or more: saves and removals, each one recorded.
			for ( let i = 0; i < 25; i++ ) {
				await api.save( freshKey( 'ok' ) );
				await api.remove();
			}
			await api.save( freshKey( 'ok' ) );
			await page.goto( SETTINGS_PATH );
			await inspect( page, `${ viewport.name }-key-with-50-events` );

			await screen.tab( 'Events' ).click();
			const rows = screen.main.getByRole( 'table' ).getByRole( 'row' );
			await expect( rows ).toHaveCount( 11 );
			await inspect( page, `${ viewport.name }-events` );
			await screen.main
				.getByRole( 'button', { name: /^Show \d+ older events?$/ } )
				.click();
			await expect( rows ).not.toHaveCount( 11 );
			await inspect( page, `${ viewport.name }-events-all` );
		} );
	} );
}
