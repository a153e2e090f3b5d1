import { expect, test } from '@playwright/test';
import { SETTINGS_PATH } from './support/sites';

test( 'an admin opens the OpenAI key screen: React mounts, with no REST round trip', async ( {
	page,
} ) => {
	const restCalls: string[] = [];
	page.on( 'request', ( request ) => {
		const url = decodeURIComponent( request.url() );
		if ( url.includes( '/wp-json/' ) || url.includes( 'rest_route=' ) ) {
			restCalls.push( `${ request.method() } ${ url }` );
		}
	} );
	const response = await page.goto( SETTINGS_PATH );
	expect( response?.status() ).toBe( 200 );
	await expect(
		page.getByRole( 'heading', { level: 1 } ).first()
	).toContainText( 'OpenAI' );
	// Rendered by the React screen, not by the PHP shell: the status area, whatever the key's state.
	await expect(
		page.getByRole( 'main' ).getByRole( 'tab', { name: 'API key' } )
	).toBeVisible();
	await expect(
		page.getByRole( 'main' ).locator( '.key-guard-status' )
	).toBeVisible();
	await page.waitForLoadState( 'networkidle' );
	expect( restCalls, 'everything the page needs is preloaded' ).toEqual( [] );
} );
