import { afterEach, describe, expect, it } from 'vitest';

import {
	DEFAULT_DASHBOARD_LINKS,
	getCoreAi,
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

describe( 'getCoreAi', () => {
	const connectorsUrl =
		'https://example.test/wp-admin/options-connectors.php';
	const activateUrl =
		'https://example.test/wp-admin/plugins.php?action=activate&plugin=ai-provider-for-openai%2Fplugin.php&_wpnonce=abc123';
	const installUrl =
		'https://example.test/wp-admin/plugin-install.php?s=ai-provider-for-openai&tab=search&type=term';

	afterEach( () => {
		delete window.keyGuardSettings;
	} );

	it( 'is null when the page printed nothing, or null (WordPress 6.x)', () => {
		expect( getCoreAi() ).toBeNull();
		window.keyGuardSettings = { coreAi: null };
		expect( getCoreAi() ).toBeNull();
	} );

	it( 'takes each state with its own link and the Connectors link', () => {
		window.keyGuardSettings = {
			coreAi: {
				state: 'active',
				activateUrl: null,
				installUrl: null,
				connectorsUrl,
			},
		};
		expect( getCoreAi() ).toEqual( {
			state: 'active',
			activateUrl: null,
			installUrl: null,
			connectorsUrl,
		} );
		window.keyGuardSettings = {
			coreAi: { state: 'inactive', activateUrl, connectorsUrl },
		};
		expect( getCoreAi() ).toEqual( {
			state: 'inactive',
			activateUrl,
			installUrl: null,
			connectorsUrl,
		} );
		window.keyGuardSettings = {
			coreAi: { state: 'absent', installUrl, connectorsUrl },
		};
		expect( getCoreAi() ).toEqual( {
			state: 'absent',
			activateUrl: null,
			installUrl,
			connectorsUrl,
		} );
	} );

	it( 'refuses an unknown state or a value that is not an object', () => {
		for ( const coreAi of [
			{ state: 'installed', connectorsUrl },
			{ state: 'ACTIVE', connectorsUrl },
			{ connectorsUrl },
			'active',
			[ 'active' ],
			42,
		] ) {
			window.keyGuardSettings = { coreAi };
			expect( getCoreAi() ).toBeNull();
		}
	} );

	it( 'keeps only http(s) links, and only the one that belongs to the state', () => {
		window.keyGuardSettings = {
			coreAi: {
				state: 'inactive',
				activateUrl: 'javascript:alert(1)',
				installUrl,
				connectorsUrl: 42,
			},
		};
		expect( getCoreAi() ).toEqual( {
			state: 'inactive',
			activateUrl: null,
			installUrl: null,
			connectorsUrl: null,
		} );
		window.keyGuardSettings = {
			coreAi: {
				state: 'active',
				activateUrl,
				installUrl,
				connectorsUrl: 'data:text/html,hi',
			},
		};
		expect( getCoreAi() ).toEqual( {
			state: 'active',
			activateUrl: null,
			installUrl: null,
			connectorsUrl: null,
		} );
	} );

	it( 'resolves a relative admin link against the page', () => {
		window.keyGuardSettings = {
			coreAi: {
				state: 'absent',
				connectorsUrl: 'options-connectors.php',
			},
		};
		expect( getCoreAi()?.connectorsUrl ).toBe(
			new URL( 'options-connectors.php', window.location.href ).href
		);
	} );
} );
