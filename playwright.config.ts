import { defineConfig } from '@playwright/test';

/**
 * Browser tests against a real WordPress 7.1 served by `php -S` (see e2e/global-setup.ts), in
 * Debian's Chromium: Playwright's own browser builds cannot be downloaded here.
 */
export default defineConfig( {
	testDir: 'e2e',
	globalSetup: './e2e/global-setup.ts',
	globalTeardown: './e2e/global-teardown.ts',
	// One site, one database: tests run one at a time.
	workers: 1,
	fullyParallel: false,
	forbidOnly: Boolean( process.env.CI ),
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	outputDir: 'test-results',
	reporter: process.env.CI
		? [ [ 'list' ] ]
		: [ [ 'list' ], [ 'html', { open: 'never' } ] ],
	use: {
		baseURL: 'http://127.0.0.1:8890',
		storageState: 'e2e/.auth/admin.json',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic',
			],
		},
	},
} );
