/**
 * Starts the private MariaDB (and Redis, when the Redis drop-in fixture is there) once for every
 * cluster test file, and stops at the end what it started: a server found running is left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cluster';

interface Service {
	started: boolean;
	stop: () => Promise< void >;
}

export default async function setup(): Promise< () => Promise< void > > {
	const services: {
		startMariaDb: () => Promise< Service >;
		startRedis: () => Promise< Service >;
	} = await import( path.join( REPO_ROOT, 'scripts/services.mjs' ) );
	const { redisDropIn }: { redisDropIn: () => string } = await import(
		path.join( REPO_ROOT, 'scripts/make-site.mjs' )
	);
	const started = [ await services.startMariaDb() ];
	if ( fs.existsSync( redisDropIn() ) ) {
		started.push( await services.startRedis() );
	}
	return async () => {
		for ( const service of started.reverse() ) {
			await service.stop();
		}
	};
}
