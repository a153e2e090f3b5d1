/**
 * Saving, showing, hiding and removing the key on Settings → OpenAI key, and proof that the
 * browser never receives the saved key back.
 */
import { expect, test } from '@playwright/test';
import {
	debugLogSize,
	expectNoKeyIn,
	freshKey,
	keyApi,
	keyFragmentsIn,
	keyScreen,
	maskOf,
	pluginProblems,
	recordResponses,
} from './support/key-guard';
import { SETTINGS_PATH } from './support/sites';

let logFrom = 0;

test.beforeAll( () => {
	logFrom = debugLogSize();
} );

test.beforeEach( async ( { page } ) => {
	await ( await keyApi( page.request ) ).remove();
} );

test.afterAll( () => {
	expect( pluginProblems( undefined, logFrom ) ).toEqual( [] );
} );

test( 'a pasted key is cleaned, saved, and from then on shown only as its mask', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const screen = keyScreen( page );
	const received = recordResponses( page );

	await test.step( 'open the screen: no key is set', async () => {
		await page.goto( SETTINGS_PATH );
		await expect( screen.title ).toBeVisible();
		await expect(
			screen.text( 'No OpenAI key is set yet.' )
		).toBeVisible();
		await expect( screen.removeKey ).toHaveCount( 0 );
		await expect( screen.saveKey ).toBeDisabled();
	} );

	await test.step( 'paste the key wrapped in spaces and quotes: the screen says what it will remove', async () => {
		await expect( screen.keyField ).toHaveAttribute( 'type', 'password' );
		await screen.keyField.fill( `  "${ key }"  ` );
		await expect(
			screen.text( 'Removed spaces around the key.' )
		).toBeVisible();
		await expect(
			screen.text( 'Removed the quotes around the key.' )
		).toBeVisible();
		await expect(
			screen.text( 'Key type: Project key (sk-proj-)' )
		).toBeVisible();
		// The feedback is tied to the field, so a screen reader hears it with the field.
		await expect( screen.keyField ).toHaveAccessibleDescription(
			/Removed the quotes around the key\./
		);
		await expect( screen.saveKey ).toBeEnabled();
	} );

	await test.step( 'save: the mask, a notice, and an empty field', async () => {
		await screen.saveKey.click();
		await expect( screen.text( 'API key saved' ) ).toBeVisible();
		await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
		await expect( screen.status ).toContainText(
			'A key is saved: test it next'
		);
		// The next step has focus: the test of the key just saved.
		await expect( screen.testConnection ).toBeFocused();
		await expect( screen.text( 'Saved in the database' ) ).toBeVisible();
		await expect( screen.keyField ).toHaveValue( '' );
		await expect( screen.keyField ).toHaveAttribute( 'type', 'password' );
		await expect(
			screen.text( 'The server cleaned up the key before saving it:' )
		).toBeVisible();
		await expect(
			screen.text( 'Removed the quotes around the key.' )
		).toBeVisible();
		await expect(
			page.getByRole( 'heading', { name: 'Replace the key' } )
		).toBeVisible();
	} );

	await test.step( 'the server stored the cleaned key', async () => {
		const status = await ( await keyApi( page.request ) ).status();
		expect( status ).toMatchObject( {
			configured: true,
			source: 'database',
			editable: true,
			masked: maskOf( key ),
			kind: 'project',
		} );
		expect( status.saved_by_name ).toBe( 'admin' );
		expect( status.saved_by ).toEqual( expect.any( Number ) );
	} );

	await test.step( 'reload: the mask is still there, the field still empty', async () => {
		await page.reload();
		await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
		await expect( screen.keyField ).toHaveValue( '' );
	} );

	await test.step( 'test the saved key, so its answer is searched too', async () => {
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'Connected' );
	} );

	await test.step( 'no 20-character piece of the key reached the browser', async () => {
		// The check itself must be able to see a key.
		expect( keyFragmentsIn( `x${ key }x`, key ) ).toHaveLength(
			key.length - 19
		);

		const html = await page.content();
		expect( html ).toContain( maskOf( key ) );
		expect( html ).not.toContain( key );
		expectNoKeyIn( html, key, 'the page HTML' );

		const inline = await page
			.locator( 'script:not([src])' )
			.allTextContents();
		expect( inline.join( '\n' ) ).toContain( 'createPreloadingMiddleware' );
		expectNoKeyIn( inline.join( '\n' ), key, 'the inline scripts' );

		const storage = await page.evaluate( () =>
			JSON.stringify( {
				local: { ...window.localStorage },
				session: { ...window.sessionStorage },
			} )
		);
		expectNoKeyIn( storage, key, 'web storage' );

		const responses = await received();
		expect(
			responses.map( ( { url } ) => decodeURIComponent( url ) ),
			'the save and the test went over the network'
		).toEqual(
			expect.arrayContaining( [
				expect.stringContaining( 'key-guard/v1/key' ),
				expect.stringContaining( 'key-guard/v1/test' ),
			] )
		);
		for ( const { url, body } of responses ) {
			expectNoKeyIn( body, key, `the response of ${ url }` );
		}
	} );
} );

test( 'Show key / Hide key switch the field between hidden and visible', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const screen = keyScreen( page );
	await page.goto( SETTINGS_PATH );
	await screen.openKeyField();
	await screen.keyField.fill( key );

	const hideKey = page.getByRole( 'button', { name: 'Hide key' } );
	await test.step( 'hidden at first', async () => {
		await expect( screen.keyField ).toHaveAttribute( 'type', 'password' );
		await expect( hideKey ).toHaveCount( 0 );
	} );
	await test.step( 'Show key: visible as text, the button now says Hide key', async () => {
		await screen.showKey.click();
		await expect( screen.keyField ).toHaveAttribute( 'type', 'text' );
		await expect( screen.showKey ).toHaveCount( 0 );
		await expect( screen.keyField ).toHaveValue( key );
	} );
	await test.step( 'Hide key: hidden again, the key untouched', async () => {
		await hideKey.click();
		await expect( screen.keyField ).toHaveAttribute( 'type', 'password' );
		await expect( screen.showKey ).toBeVisible();
		await expect( screen.keyField ).toHaveValue( key );
	} );
} );

test( 'removing the key asks first, then the screen says no key is set', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const api = await keyApi( page.request );
	await api.save( key );
	const screen = keyScreen( page );
	const dialog = page.getByRole( 'dialog', {
		name: 'Remove the OpenAI key?',
	} );

	await page.goto( SETTINGS_PATH );
	await expect( screen.maskedKey ).toHaveText( maskOf( key ) );

	await test.step( 'Remove key, then Cancel: nothing changes', async () => {
		await screen.removeKey.click();
		await expect( dialog ).toBeVisible();
		await expect( dialog ).toContainText(
			'stop working until a new key is saved'
		);
		await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
		await expect( dialog ).toBeHidden();
		await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
		expect( ( await api.status() ).configured ).toBe( true );
	} );

	await test.step( 'Remove key, then confirm: no key is set', async () => {
		await screen.removeKey.click();
		await dialog.getByRole( 'button', { name: 'Remove key' } ).click();
		await expect( dialog ).toBeHidden();
		await expect( screen.text( 'API key removed' ) ).toBeVisible();
		await expect(
			screen.text( 'No OpenAI key is set yet.' )
		).toBeVisible();
		await expect( screen.maskedKey ).toHaveCount( 0 );
		await expect( screen.removeKey ).toHaveCount( 0 );
		await expect(
			page.getByRole( 'region', { name: 'Add a key' } )
		).toBeVisible();
	} );

	await test.step( 'the server agrees, after a reload too', async () => {
		expect( await api.status() ).toMatchObject( {
			configured: false,
			source: 'none',
			masked: '',
		} );
		await page.reload();
		await expect(
			screen.text( 'No OpenAI key is set yet.' )
		).toBeVisible();
	} );
} );
