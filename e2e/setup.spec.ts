/**
 * The set-up guide on the key screen, in the browser: open while not done, ticked by itself as the
 * key is saved and tested, ticked by hand and remembered after a reload, links to OpenAI's pages,
 * (closing once done is covered in tests/js). Each state is checked with axe.
 */
import { expect, test } from '@playwright/test';
import { inspect } from './support/inspect';
import { freshKey, keyApi, keyScreen } from './support/key-guard';
import { SETTINGS_PATH } from './support/sites';

test( 'the set-up guide ticks what it sees and remembers what was ticked by hand', async ( {
	page,
} ) => {
	const api = await keyApi( page.request );
	await api.remove();
	const guide = page.getByRole( 'button', { name: /^Set-up guide/ } );
	const step = ( name: string ) =>
		page.getByRole( 'checkbox', { name, exact: true } );

	await test.step( 'no key yet: open, nothing done', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( guide ).toHaveAccessibleName( /\(0 of 8 done\)/ );
		await expect( guide ).toHaveAttribute( 'aria-expanded', 'true' );
		await expect(
			page.getByRole( 'link', { name: /Open API keys/ } )
		).toHaveAttribute( 'href', 'https://platform.openai.com/api-keys' );
		await inspect( page, 'desktop-setup-guide' );
	} );

	await test.step( 'a key saved and tested ticks two steps by itself', async () => {
		await api.save( freshKey( 'ok' ) );
		await page.goto( SETTINGS_PATH );
		const screen = keyScreen( page );
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'works', {
			timeout: 30_000,
		} );
		await expect( guide ).toHaveAccessibleName( /\(2 of 8 done\)/ );
	} );

	await test.step( 'a step ticked by hand is remembered', async () => {
		await step( 'Open the OpenAI platform' ).check();
		await expect( guide ).toHaveAccessibleName( /\(3 of 8 done\)/ );
		await page.reload();
		await expect( step( 'Open the OpenAI platform' ) ).toBeChecked();
		await inspect( page, 'desktop-setup-guide-ticked' );
	} );

	await test.step( 'unticked again, for the next run', async () => {
		await step( 'Open the OpenAI platform' ).uncheck();
		await expect( guide ).toHaveAccessibleName( /\(2 of 8 done\)/ );
	} );
} );
