#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * One WordPress site on the private MariaDB served by TWO `php -S` web servers, each with several
 * PHP workers, as a load-balanced pair of production web servers: the site's address (WP_HOME) is a
 * front port that hands each connection to the next server in turn, and every server answers
 * requests carrying that address's Host header. Optionally with the Redis object cache (shared by
 * both servers) and the OpenAI simulator (OPENAI_BASE_URL, reachable by wp_safe_remote_*).
 *
 * CLI: node scripts/cluster.mjs [--dir .wp-sites/cluster] [--redis] [--simulator]
 *        [--mu-plugin FILE ...] [--define NAME=VALUE ...] [--port 8700] [--workers 4]
 *      Serves until Ctrl-C, then stops everything it started.
 * API: import { startCluster } from './cluster.mjs';
 *      const cluster = await startCluster( { redis, simulator, defines, muPlugins } );
 *      cluster.urls      the two servers, e.g. [ 'http://127.0.0.1:8701', 'http://127.0.0.1:8702' ]
 *      cluster.url       the site's address (the front), cluster.host its Host header
 *      cluster.wp( code, params ) runs PHP in the site (see runInSite in make-site.mjs)
 *      await cluster.stop()
 * Tests reach it through tests/cluster/support/cluster.ts (typed, with fireParallel()).
 *
 * The site is made fresh every time (database kg_<folder name>); MariaDB and Redis are started
 * when they do not answer and, then only, stopped by stop(). Ports come from 8700-8799 unless given.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, addDefine, makeSite, runInSite } from './make-site.mjs';
import { serveSite } from './serve.mjs';
import { startMariaDb, startRedis } from './services.mjs';

const HOST = '127.0.0.1';
const PORT_RANGE = [ 8700, 8799 ];
const SIMULATOR_CLI = 'tests/support/openai-simulator/cli.ts';

/**
 * Whether a port can be bound on the host right now.
 *
 * @param {number} port Port.
 * @return {Promise<boolean>} Free.
 */
function portFree( port ) {
	return new Promise( ( resolve ) => {
		const server = net.createServer();
		server.once( 'error', () => resolve( false ) );
		server.listen( port, HOST, () =>
			server.close( () => resolve( true ) )
		);
	} );
}

/**
 * The first free ports from `from` on, within the range.
 *
 * @param {number} count How many.
 * @param {number} from  First port to try.
 * @return {Promise<number[]>} Ports.
 */
async function freePorts( count, from ) {
	const ports = [];
	for (
		let port = from;
		port <= PORT_RANGE[ 1 ] && ports.length < count;
		port++
	) {
		if ( await portFree( port ) ) {
			ports.push( port );
		}
	}
	if ( ports.length < count ) {
		throw new Error(
			`no ${ count } free ports between ${ from } and ${ PORT_RANGE[ 1 ] }`
		);
	}
	return ports;
}

/**
 * The load balancer in front of the servers: each connection goes to the next server in turn.
 * Only WordPress's own requests to its address need it (loopback requests, redirects followed);
 * tests talk to each server directly with the front's Host header.
 *
 * @param {number}   port     Port to listen on.
 * @param {number[]} backends Server ports.
 * @return {Promise<{ close: () => Promise<void> }>} The running front.
 */
function startFront( port, backends ) {
	let next = 0;
	const sockets = new Set();
	const server = net.createServer( ( client ) => {
		const backend = net.connect(
			backends[ next++ % backends.length ],
			HOST
		);
		for ( const socket of [ client, backend ] ) {
			sockets.add( socket );
			socket.once( 'close', () => sockets.delete( socket ) );
			socket.once( 'error', () => {
				client.destroy();
				backend.destroy();
			} );
		}
		client.pipe( backend ).pipe( client );
	} );
	return new Promise( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( port, HOST, () =>
			resolve( {
				close: () =>
					new Promise( ( done ) => {
						sockets.forEach( ( socket ) => socket.destroy() );
						server.close( () => done() );
					} ),
			} )
		);
	} );
}

/**
 * Starts the OpenAI simulator on a free port (a process of its own, as scripts/test.sh does).
 *
 * @return {Promise<{ url: string, stop: () => Promise<void> }>} Its base URL (…/v1) and stop.
 */
function startSimulator() {
	const child = spawn(
		process.execPath,
		[ '--import', 'tsx', SIMULATOR_CLI, '--port', '0', '--host', HOST ],
		{ cwd: REPO_ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ] }
	);
	let output = '';
	const kill = () => child.kill( 'SIGTERM' );
	process.once( 'exit', kill );
	const stop = () =>
		new Promise( ( resolve ) => {
			process.removeListener( 'exit', kill );
			if ( child.exitCode !== null || child.signalCode !== null ) {
				resolve();
				return;
			}
			child.once( 'exit', () => resolve() );
			child.kill( 'SIGTERM' );
		} );
	return new Promise( ( resolve, reject ) => {
		const timer = setTimeout( () => {
			stop();
			reject(
				new Error(
					`the OpenAI simulator did not start within 20 s:\n${ output }`
				)
			);
		}, 20000 );
		const onData = ( chunk ) => {
			output += chunk;
			const match = output.match( /listening on (http\S+)/ );
			if ( match ) {
				clearTimeout( timer );
				resolve( { url: match[ 1 ].replace( /\/+$/, '' ), stop } );
			}
		};
		child.stdout.on( 'data', onData );
		child.stderr.on( 'data', onData );
		child.once( 'exit', ( code ) => {
			clearTimeout( timer );
			reject(
				new Error(
					`the OpenAI simulator exited with code ${ code }:\n${ output }`
				)
			);
		} );
	} );
}

/**
 * Checks that a server answers the site's REST index for the site's Host header.
 *
 * @param {string} url  Server URL.
 * @param {string} host Host header (the site's address).
 */
async function assertServes( url, host ) {
	const status = await new Promise( ( resolve, reject ) => {
		const call = request(
			`${ url }/wp-json/`,
			{ headers: { host }, agent: false },
			( response ) => {
				response.resume();
				response.once( 'end', () => resolve( response.statusCode ) );
			}
		);
		call.once( 'error', reject );
		call.end();
	} );
	if ( status !== 200 ) {
		throw new Error(
			`${ url }/wp-json/ answered ${ status } for Host ${ host }`
		);
	}
}

/**
 * Starts the cluster. See the file's comment.
 *
 * @param {Object}                 [options]
 * @param {string}                 [options.dir]       Site directory (default .wp-sites/cluster); also
 *                                                     names the database, so two clusters need two.
 * @param {boolean}                [options.redis]     With the Redis object cache.
 * @param {boolean}                [options.simulator] Start the OpenAI simulator and point the site at it.
 * @param {Record<string, string>} [options.defines]   Extra constants for wp-config.php.
 * @param {string[]}               [options.muPlugins] PHP files copied into wp-content/mu-plugins/.
 * @param {number}                 [options.port]      First port to look for free ones from (front,
 *                                                     then the two servers; default 8700).
 * @param {number}                 [options.workers]   PHP workers per server (default 4).
 * @param {boolean}                [options.quiet]     Print nothing.
 * @return {Promise<Object>} The running cluster (see the file's comment).
 */
export async function startCluster( {
	dir = '.wp-sites/cluster',
	redis = false,
	simulator = false,
	defines = {},
	muPlugins = [],
	port = PORT_RANGE[ 0 ],
	workers = 4,
	quiet = false,
} = {} ) {
	const began = Date.now();
	const say = quiet ? () => {} : ( line ) => console.log( line );
	const stops = [];
	const stop = async () => {
		while ( stops.length ) {
			await stops.pop()();
		}
	};
	const timings = {};
	try {
		let mark = Date.now();
		const database = await startMariaDb( { quiet } );
		stops.push( database.stop );
		timings.mariadb = ( Date.now() - mark ) / 1000;
		if ( ! database.started ) {
			say(
				`MariaDB: already running on ${ path.relative( REPO_ROOT, database.socket ) }, reused`
			);
		}
		if ( redis ) {
			const cache = await startRedis( { quiet } );
			stops.push( cache.stop );
			if ( ! cache.started ) {
				say(
					`Redis: already running on ${ path.relative( REPO_ROOT, cache.socket ) }, reused`
				);
			}
		}
		const siteDefines = { ...defines };
		let simulatorUrl = null;
		if ( simulator ) {
			mark = Date.now();
			const sim = await startSimulator();
			stops.push( sim.stop );
			simulatorUrl = sim.url;
			// The dev mu-plugin lets wp_safe_remote_* reach exactly this host:port.
			Object.assign( siteDefines, {
				OPENAI_BASE_URL: sim.url,
				KEY_GUARD_DEV_ALLOW_HOST: new URL( sim.url ).host,
			} );
			say(
				`OpenAI simulator: ${ sim.url } in ${ ( ( Date.now() - mark ) / 1000 ).toFixed( 1 ) } s`
			);
		}

		const [ frontPort, ...serverPorts ] = await freePorts( 3, port );
		const url = `http://${ HOST }:${ frontPort }`;
		const site = await makeSite( {
			dir,
			url,
			fresh: true,
			db: 'mariadb',
			redis,
			defines: siteDefines,
			quiet: true,
		} );
		timings.site = site.seconds;
		if ( site.plugin !== 'active' ) {
			throw new Error(
				`the plugin is ${ site.plugin } on ${ site.dir } (see its debug.log)`
			);
		}
		for ( const file of muPlugins ) {
			fs.copyFileSync(
				path.resolve( REPO_ROOT, file ),
				path.join(
					site.dir,
					'wp-content/mu-plugins',
					path.basename( file )
				)
			);
		}
		say(
			`Site: ${ path.relative( REPO_ROOT, site.dir ) } (WordPress ${ site.version }, MariaDB database ${ site.database }${ redis ? ', Redis object cache' : '' }${ muPlugins.length ? `, ${ muPlugins.map( ( file ) => path.basename( file ) ).join( ', ' ) }` : '' }) in ${ site.seconds.toFixed( 1 ) } s`
		);

		mark = Date.now();
		const servers = await Promise.all(
			serverPorts.map( ( serverPort, index ) =>
				serveSite( {
					dir: site.dir,
					host: HOST,
					port: serverPort,
					env: { PHP_CLI_SERVER_WORKERS: String( workers ) },
					logName: `server-${ 'ab'[ index ] }.log`,
				} )
			)
		);
		servers.forEach( ( server ) => stops.push( server.stop ) );
		const front = await startFront( frontPort, serverPorts );
		stops.push( front.close );
		const host = new URL( url ).host;
		await Promise.all(
			servers.map( ( server ) => assertServes( server.url, host ) )
		);
		timings.servers = ( Date.now() - mark ) / 1000;
		timings.total = ( Date.now() - began ) / 1000;
		say(
			`Web servers: ${ servers.map( ( server ) => `${ server.url } (pid ${ server.pid })` ).join( ' and ' ) }, ${ workers } PHP workers each, behind ${ url } (the site's address) in ${ timings.servers.toFixed( 1 ) } s`
		);
		say( `Cluster up in ${ timings.total.toFixed( 1 ) } s` );

		return {
			url,
			host,
			urls: servers.map( ( server ) => server.url ),
			pids: servers.map( ( server ) => server.pid ),
			siteDir: site.dir,
			database: site.database,
			dbSocket: site.socket,
			redisSocket: site.redisSocket ?? null,
			simulatorUrl,
			timings,
			wp: ( code, params = {} ) =>
				runInSite( site.dir, url, code, params ),
			stop,
		};
	} catch ( error ) {
		await stop();
		throw error;
	}
}

/**
 * Parses the CLI's flags (repeatable --mu-plugin and --define).
 *
 * @param {string[]} argv Arguments.
 * @return {Object} Options for startCluster().
 */
function parseArgs( argv ) {
	const options = { defines: {}, muPlugins: [] };
	for ( let i = 0; i < argv.length; i++ ) {
		const [ flag, inline ] = argv[ i ].split( /=(.*)/s );
		const value = () => inline ?? argv[ ++i ];
		switch ( flag ) {
			case '--dir':
				options.dir = value();
				break;
			case '--redis':
				options.redis = true;
				break;
			case '--simulator':
				options.simulator = true;
				break;
			case '--mu-plugin':
				options.muPlugins.push( value() );
				break;
			case '--port':
				options.port = Number( value() );
				break;
			case '--workers':
				options.workers = Number( value() );
				break;
			case '--define':
				addDefine( options.defines, value() );
				break;
			default:
				throw new Error(
					`unknown argument: ${ argv[ i ] }\nUsage: node scripts/cluster.mjs [--dir .wp-sites/cluster] [--redis] [--simulator] [--mu-plugin FILE ...] [--define NAME=VALUE ...] [--port 8700] [--workers 4]`
				);
		}
	}
	return options;
}

async function main() {
	const cluster = await startCluster( parseArgs( process.argv.slice( 2 ) ) );
	console.log(
		`Serving ${ cluster.url } (Ctrl-C to stop everything started here)`
	);
	for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
		process.once( signal, async () => {
			await cluster.stop();
			process.exit( 0 );
		} );
	}
}

// No top-level await: the module stays loadable with require() (Playwright's TS loader).
if (
	process.argv[ 1 ] &&
	path.resolve( process.argv[ 1 ] ) === fileURLToPath( import.meta.url )
) {
	main().catch( ( error ) => {
		console.error( `cluster: ${ error.message }` );
		process.exit( 1 );
	} );
}
