import { afterEach, describe, expect, it } from 'vitest';

import {
	DEFAULT_DASHBOARD_LINKS,
	getDashboardLinks,
	isOpenaiOwnBaseUrl,
} from '../../../src/shared/settings';

describe( 'getDashboardLinks', () => {
	afterEach( () => {
		delete window.keyGuardSettings;
	} );

	it( 'falls back to the defaults when the page printed nothing', () => {
		expect( getDashboardLinks() ).toEqual( DEFAULT_DASHBOARD_LINKS );
	} );

	it( 'takes https links from the page and ignores anything else', () => {
		window.keyGuardSettings = {
			dashboardLinks: {
				apiKeys: 'https://example.test/keys',
				billing: 'javascript:alert(1)',
			},
		};
		const links = getDashboardLinks();
		expect( links.apiKeys ).toBe( 'https://example.test/keys' );
		expect( links.billing ).toBe( DEFAULT_DASHBOARD_LINKS.billing );
	} );

	it( 'reads the api_keys spelling the PHP side uses', () => {
		window.keyGuardSettings = {
			dashboardLinks: { api_keys: 'https://example.test/api-keys' },
		};
		expect( getDashboardLinks().apiKeys ).toBe(
			'https://example.test/api-keys'
		);
	} );
} );

describe( 'isOpenaiOwnBaseUrl', () => {
	afterEach( () => {
		delete window.keyGuardSettings;
	} );

	it( 'is OpenAI’s own API unless the page says otherwise', () => {
		expect( isOpenaiOwnBaseUrl() ).toBe( true );
		window.keyGuardSettings = { openaiOwnBaseUrl: true };
		expect( isOpenaiOwnBaseUrl() ).toBe( true );
		window.keyGuardSettings = { openaiOwnBaseUrl: false };
		expect( isOpenaiOwnBaseUrl() ).toBe( false );
	} );
} );
