/* eslint-disable no-console -- the run's summary goes to the console. */
/**
 * Stops what global setup started, and points at PHP notices the run left in debug.log.
 */
import { debugLog, E2E_SITE_DIR } from './support/sites';

export default async function globalTeardown(): Promise< void > {
	const runtime = globalThis.keyGuardE2e;
	globalThis.keyGuardE2e = undefined;
	for ( const stop of ( runtime?.stops ?? [] ).reverse() ) {
		await stop();
	}
	const log = debugLog( E2E_SITE_DIR ).trim();
	if ( log ) {
		console.warn(
			`\nPHP wrote ${ log.split( '\n' ).length } line(s) to ${ E2E_SITE_DIR }/debug.log:\n${ log.slice( 0, 4000 ) }`
		);
	}
}
