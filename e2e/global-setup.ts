/**
 * Starts the OpenAI simulator, makes a fresh `.wp-sites/e2e` pointed at it, serves it on
 * E2E_URL and saves an admin login, before any test runs.
 */
import { startSimulator } from '../tests/support/openai-simulator/server';
import {
	ADMIN_STATE,
	E2E_SITE_DIR,
	E2E_URL,
	saveLogin,
	startMainSite,
} from './support/sites';

export interface E2eRuntime {
	stops: Array< () => Promise< void > >;
}

declare global {
	// Shared with global-teardown.ts, which runs in the same runner process.

	var keyGuardE2e: E2eRuntime | undefined;
}

export default async function globalSetup(): Promise< void > {
	const runtime: E2eRuntime = { stops: [] };
	globalThis.keyGuardE2e = runtime;

	// Port 0: a free port, so a dev simulator on 9999 never collides with the tests'.
	const simulator = await startSimulator( { port: 0 } );
	runtime.stops.push( () => simulator.close() );

	const site = await startMainSite( simulator.url );
	runtime.stops.push( site.stop );
	if ( site.plugin !== 'active' ) {
		throw new Error(
			`the plugin is ${ site.plugin } on ${ E2E_SITE_DIR } (see its debug.log)`
		);
	}

	await saveLogin( E2E_URL, ADMIN_STATE );

	// Read by the tests (workers inherit the runner's environment).
	process.env.KEY_GUARD_E2E_BASE_URL = E2E_URL;
	process.env.KEY_GUARD_E2E_SIMULATOR_URL = simulator.url;
	process.env.KEY_GUARD_E2E_SITE_DIR = E2E_SITE_DIR;
}
