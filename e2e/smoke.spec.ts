import { expect, test } from '@playwright/test';
import { SETTINGS_PATH } from './support/sites';

test( 'an admin opens the OpenAI key screen', async ( { page } ) => {
	const response = await page.goto( SETTINGS_PATH );
	expect( response?.status() ).toBe( 200 );
	await expect(
		page.getByRole( 'heading', { level: 1 } ).first()
	).toContainText( 'OpenAI' );
} );
