/**
 * A subdirectory network (its own server on port 80, see startMultisite): the network key managed
 * under Network Admin → Settings → OpenAI key, used by sites without a key of their own, which say
 * so; the network's settings refused in words when wrong. Each state is checked with axe.
 */
import { expect, test as base } from '@playwright/test';
import { inspect } from './support/inspect';
import {
	expectNoKeyIn,
	freshKey,
	keyScreen,
	maskOf,
} from './support/key-guard';
import { simulatorUrl, startMultisite, type Multisite } from './support/sites';

const test = base.extend< object, { network: Multisite } >( {
	network: [
		// `provide` is Playwright's `use`, renamed so the React hooks lint rule leaves it alone.
		async ( {}, provide ) => {
			const site = await startMultisite( simulatorUrl() );
			await provide( site );
			await site.stop();
		},
		{ scope: 'worker', timeout: 180_000 },
	],
	baseURL: async ( { network }, provide ) => provide( network.url ),
	storageState: async ( { network }, provide ) =>
		provide( network.storageState ),
} );

const NETWORK_PAGE = '/wp-admin/network/settings.php?page=key-guard-network';
const SITE_SCREEN = '/wp-admin/options-general.php?page=key-guard-for-openai';

test( 'a network key saved under Network Admin is every site’s key, until site keys are allowed', async ( {
	page,
} ) => {
	const key = freshKey( 'ok' );
	const main = page.locator( '#wpbody-content' );

	await test.step( 'the network screen without a key', async () => {
		await page.goto( NETWORK_PAGE );
		await expect(
			page.getByRole( 'heading', {
				level: 1,
				name: 'OpenAI key for the network',
			} )
		).toBeVisible();
		await expect( main ).toContainText( 'No network key is set' );
		await inspect( page, 'desktop-network-empty' );
	} );

	await test.step( 'save the network key', async () => {
		await page.getByLabel( 'Network key', { exact: true } ).fill( key );
		await page.getByRole( 'button', { name: 'Save network key' } ).click();
		await expect( page.getByRole( 'status' ).first() ).toContainText(
			'Network key saved'
		);
		await expect( main ).toContainText( maskOf( key ) );
		expectNoKeyIn( await page.content(), key, 'the network screen' );
		await inspect( page, 'desktop-network-key' );
	} );

	await test.step( 'a wrong budget is refused in words, nothing saved', async () => {
		const budget = page.getByLabel( 'Network monthly budget (US dollars)' );
		await budget.fill( 'lots' );
		await page.getByRole( 'button', { name: 'Save settings' } ).click();
		await expect( page.getByRole( 'alert' ).first() ).toContainText(
			'Network monthly budget: enter an amount in US dollars'
		);
		await expect( budget ).toHaveValue( '' );
		await inspect( page, 'desktop-network-refused' );
	} );

	await test.step( 'the main site and /site2/ run on the network key and say so', async () => {
		for ( const prefix of [ '', '/site2' ] ) {
			await page.goto( prefix + SITE_SCREEN );
			const screen = keyScreen( page );
			await expect( screen.maskedKey ).toHaveText( maskOf( key ) );
			await expect( screen.main ).toContainText(
				'This site uses the network key'
			);
			await expect( screen.keyField ).toHaveCount( 0 );
			expectNoKeyIn(
				await page.content(),
				key,
				`${ prefix } key screen`
			);
		}
		await inspect( page, 'desktop-network-site' );
		const screen = keyScreen( page );
		await screen.testConnection.click();
		await expect( screen.headline ).toContainText( 'works', {
			timeout: 30_000,
		} );
	} );

	await test.step( 'allow site keys and set a network budget', async () => {
		await page.goto( NETWORK_PAGE );
		await page
			.getByLabel(
				'Allow a site to use a key of its own instead of the network key'
			)
			.check();
		await page
			.getByLabel( 'Network monthly budget (US dollars)' )
			.fill( '25' );
		await page.getByRole( 'button', { name: 'Save settings' } ).click();
		await expect( page.getByRole( 'status' ).first() ).toContainText(
			'Network settings saved'
		);
		await expect( main ).toContainText( 'of the network budget of $25.00' );
		await page.goto( '/site2' + SITE_SCREEN );
		const screen = keyScreen( page );
		await screen.openKeyField();
		await expect( screen.keyField ).toBeVisible();
	} );
} );
