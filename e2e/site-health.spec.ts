/**
 * Tools → Site Health on real WordPress: the plugin's tests in words where core lists them, and
 * its Info section with the mask, never the key. Each state is checked with axe and photographed.
 */
import { expect, test } from '@playwright/test';
import { inspect } from './support/inspect';
import { expectNoKeyIn, freshKey, keyApi, maskOf } from './support/key-guard';

test( 'Site Health lists the key guard tests in words, and its Info section shows the mask, never the key', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const api = await keyApi( page.request );
	await api.save( key );

	await page.goto( '/wp-admin/site-health.php' );
	const main = page.locator( '#wpbody-content' );
	// Saved but never tested, and no budget: two recommendations, each with its way forward.
	await expect( main ).toContainText( 'The OpenAI key has not been tested', {
		timeout: 30000,
	} );
	await expect( main ).toContainText(
		'No OpenAI budget is set on this site'
	);
	await main
		.getByRole( 'button', { name: /The OpenAI key has not been tested/ } )
		.click();
	await expect(
		main
			.getByRole( 'link', { name: 'Open the OpenAI key settings' } )
			.first()
	).toBeVisible();
	await main.getByRole( 'button', { name: /Passed tests/ } ).click();
	await expect( main ).toContainText( 'An OpenAI API key is configured' );
	await inspect( page, 'desktop-site-health' );
	expectNoKeyIn( await page.content(), key, 'the Site Health status page' );

	await page.goto( '/wp-admin/site-health.php?tab=debug' );
	await main.getByRole( 'button', { name: 'Key Guard for OpenAI' } ).click();
	const section = main.locator(
		'#health-check-accordion-block-key-guard-for-openai'
	);
	await expect( section ).toContainText( maskOf( key ) );
	await expect( section ).toContainText( 'this site' );
	await inspect( page, 'desktop-site-health-info' );
	expectNoKeyIn( await page.content(), key, 'the Site Health Info tab' );
} );
