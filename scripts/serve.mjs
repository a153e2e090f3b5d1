#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * Serves a site made by make-site.mjs with PHP's built-in server.
 *
 * CLI: node scripts/serve.mjs --dir .wp-sites/dev [--host 127.0.0.1] [--port 8888]
 * API: const { url, stop } = await serveSite( { dir, host, port, env } )
 *
 * OPENAI_* variables of the calling shell are not passed to PHP unless `inheritOpenAiEnv` is
 * true, so a developer's real key cannot leak into tests; pass what a site needs in `env`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, phpBinary } from './make-site.mjs';

/**
 * Rejects when the port is already taken, so we never mistake another server for ours.
 *
 * @param {string} host Host.
 * @param {number} port Port.
 * @return {Promise<void>}
 */
function assertPortFree( host, port ) {
	return new Promise( ( resolve, reject ) => {
		const probe = net.createServer();
		probe.once( 'error', ( error ) =>
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `${ host }:${ port } is already in use (another server running? pick another with --port)`
						: error.message
				)
			)
		);
		probe.listen( port, host, () => probe.close( () => resolve() ) );
	} );
}

/**
 * Starts `php -S` for a site and waits until WordPress answers.
 *
 * @param {Object}                 options
 * @param {string}                 options.dir                Site directory (relative to the repo root, or absolute).
 * @param {string}                 [options.host]             Host to bind (default 127.0.0.1).
 * @param {number}                 [options.port]             Port (default 8888).
 * @param {Record<string, string>} [options.env]              Extra environment for PHP.
 * @param {boolean}                [options.inheritOpenAiEnv] Pass the shell's OPENAI_* variables on.
 * @param {number}                 [options.timeoutMs]        How long to wait for WordPress (default 30 s).
 * @param {string[]}               [options.phpArgs]          Extra `-d name=value` settings for PHP.
 * @param {string}                 [options.logName]          Request log in the site folder (default
 *                                                            server.log; one each when two servers share a site).
 * @return {Promise<{ url: string, pid: number, stop: () => Promise<void> }>} The running server.
 */
export async function serveSite( {
	dir,
	host = '127.0.0.1',
	port = 8888,
	env = {},
	inheritOpenAiEnv = false,
	timeoutMs = 30000,
	phpArgs = [],
	logName = 'server.log',
} ) {
	const siteDir = path.resolve( REPO_ROOT, dir );
	if ( ! fs.existsSync( path.join( siteDir, 'wp-config.php' ) ) ) {
		throw new Error(
			`${ siteDir } is not a site: make it with scripts/make-site.mjs first`
		);
	}
	await assertPortFree( host, port );

	const childEnv = { ...process.env };
	if ( ! inheritOpenAiEnv ) {
		for ( const name of Object.keys( childEnv ) ) {
			if ( name.startsWith( 'OPENAI_' ) ) {
				delete childEnv[ name ];
			}
		}
	}
	// With one worker, a page that calls back into the same server (loopback, Site Health) deadlocks.
	Object.assign( childEnv, { PHP_CLI_SERVER_WORKERS: '4' }, env );

	const router = fs.existsSync( path.join( siteDir, '.router.php' ) )
		? path.join( siteDir, '.router.php' )
		: path.join( REPO_ROOT, 'scripts/router.php' );
	const logPath = path.join( siteDir, logName );
	const log = fs.openSync( logPath, 'a' );
	const child = spawn(
		phpBinary(),
		[
			'-d',
			'variables_order=EGPCS',
			...phpArgs.flatMap( ( setting ) => [ '-d', setting ] ),
			'-S',
			`${ host }:${ port }`,
			'-t',
			siteDir,
			router,
		],
		// Own process group, so stop() also ends the worker processes php -S forks.
		{
			cwd: siteDir,
			env: childEnv,
			stdio: [ 'ignore', log, log ],
			detached: true,
		}
	);
	fs.closeSync( log );

	let exited = null;
	const exitPromise = new Promise( ( resolve ) => {
		child.once( 'exit', ( code, signal ) => {
			exited = { code, signal };
			resolve();
		} );
		child.once( 'error', ( error ) => {
			exited = { error };
			resolve();
		} );
	} );
	const killGroup = ( signal ) => {
		try {
			process.kill( -child.pid, signal );
		} catch {
			// Already gone.
		}
	};
	const onExit = () => killGroup( 'SIGTERM' );
	process.once( 'exit', onExit );

	const stop = async () => {
		process.removeListener( 'exit', onExit );
		if ( exited ) {
			return;
		}
		killGroup( 'SIGTERM' );
		const timer = setTimeout( () => killGroup( 'SIGKILL' ), 3000 );
		await exitPromise;
		clearTimeout( timer );
		// Forked workers may hold the socket a moment longer: return once the port is free again.
		for ( let tries = 0; tries < 50; tries++ ) {
			try {
				await assertPortFree( host, port );
				return;
			} catch {
				await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
			}
		}
	};

	const url = `http://${ host }:${ port }`;
	const deadline = Date.now() + timeoutMs;
	while ( true ) {
		if ( exited ) {
			const tail = fs
				.readFileSync( logPath, 'utf8' )
				.split( '\n' )
				.slice( -5 )
				.join( '\n' );
			throw new Error(
				`php -S exited before serving ${ url }: ${ exited.error?.message || `code ${ exited.code }` }\n${ tail }`
			);
		}
		try {
			const response = await fetch( `${ url }/wp-login.php`, {
				redirect: 'manual',
			} );
			if ( response.status === 200 ) {
				break;
			}
		} catch {
			// Not listening yet.
		}
		if ( Date.now() > deadline ) {
			await stop();
			throw new Error(
				`${ url }/wp-login.php did not answer 200 within ${ timeoutMs / 1000 } s (see ${ logPath } and debug.log)`
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
	}
	return { url, pid: child.pid, stop };
}

/**
 * Parses `--name value` / `--name=value` pairs.
 *
 * @param {string[]} argv Arguments.
 * @return {Record<string, string|boolean>} Flags by name.
 */
export function parseFlags( argv ) {
	const flags = {};
	for ( let i = 0; i < argv.length; i++ ) {
		const match = argv[ i ].match( /^--([^=]+)(?:=(.*))?$/s );
		if ( ! match ) {
			throw new Error( `unexpected argument: ${ argv[ i ] }` );
		}
		const next = argv[ i + 1 ];
		flags[ match[ 1 ] ] =
			match[ 2 ] ??
			( next !== undefined && ! next.startsWith( '--' )
				? argv[ ++i ]
				: true );
	}
	return flags;
}

async function main() {
	const flags = parseFlags( process.argv.slice( 2 ) );
	const server = await serveSite( {
		dir: String( flags.dir || '.wp-sites/dev' ),
		host: String( flags.host || '127.0.0.1' ),
		port: Number( flags.port || 8888 ),
		inheritOpenAiEnv: true,
	} );
	console.log( `Serving ${ server.url } (Ctrl-C to stop)` );
	for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
		process.once( signal, async () => {
			await server.stop();
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
		console.error( `serve: ${ error.message }` );
		process.exit( 1 );
	} );
}
