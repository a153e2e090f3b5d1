#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * `npm start`: builds the admin screen when needed, provisions WordPress core offline, makes or
 * reuses the dev site .wp-sites/dev and serves it until Ctrl-C.
 *
 * Flags: --fresh (recreate the site), --port N (default 8888), --simulator (or KEY_GUARD_SIMULATOR=1:
 * start the local OpenAI simulator on --simulator-port, default 9999, and point the site at it),
 * --skip-build (neither build nor watch), --no-watch (build once, do not rebuild on change).
 * While the site runs, the screen is rebuilt whenever a file under src/ changes (npm run watch).
 *
 * The console gets a line per step and the ready message; what the tools print along the way
 * (npm's engine warnings, webpack's stats, Playground's progress) goes to .wp-sites/start.log,
 * and a step that fails prints the end of it. PHP's request log is the site's server.log.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	ADMIN_PASSWORD,
	ADMIN_USER,
	PLUGIN_SLUG,
	REPO_ROOT,
	checkPhp,
	ensureCore,
	makeSite,
} from './make-site.mjs';
import { parseFlags, serveSite } from './serve.mjs';

const SITE_DIR = '.wp-sites/dev';
const HOST = '127.0.0.1';
const PAGE_PATH = `/wp-admin/options-general.php?page=${ PLUGIN_SLUG }`;
const SIMULATOR_CLI = 'tests/support/openai-simulator/cli.ts';
/** Where the tools' own output goes, relative to the repo root (rewritten by every run). */
const LOG = '.wp-sites/start.log';
const LOG_PATH = path.join( REPO_ROOT, LOG );

const started = Date.now();
const children = [];

function elapsed( since = started ) {
	return ( ( Date.now() - since ) / 1000 ).toFixed( 1 );
}

/**
 * Starts a fresh log for this run.
 */
function openLog() {
	fs.mkdirSync( path.dirname( LOG_PATH ), { recursive: true } );
	fs.writeFileSync(
		LOG_PATH,
		`npm start ${ process.argv.slice( 2 ).join( ' ' ) } at ${ new Date().toISOString() }\n`
	);
}

/**
 * Appends a heading and returns a descriptor a child can write its output to (close it after).
 *
 * @param {string} title What the next lines are.
 * @return {number} File descriptor, in append mode.
 */
function logSection( title ) {
	fs.appendFileSync( LOG_PATH, `\n== ${ title } ==\n` );
	return fs.openSync( LOG_PATH, 'a' );
}

/**
 * The last lines of the log, for a step that failed.
 *
 * @param {number} count How many lines.
 * @return {string} Those lines, indented.
 */
function logTail( count = 25 ) {
	return fs
		.readFileSync( LOG_PATH, 'utf8' )
		.trimEnd()
		.split( '\n' )
		.slice( -count )
		.map( ( line ) => `  ${ line }` )
		.join( '\n' );
}

/**
 * WordPress's version in a core tree, e.g. 7.1.4 (null when it cannot be read).
 *
 * @param {string} dir Core tree.
 * @return {string|null} Version.
 */
function wordpressVersion( dir ) {
	try {
		return (
			fs
				.readFileSync(
					path.join( dir, 'wp-includes/version.php' ),
					'utf8'
				)
				.match( /\$wp_version\s*=\s*'([^']+)'/ )?.[ 1 ] ?? null
		);
	} catch {
		return null;
	}
}

/**
 * Newest modification time of the files under a folder (0 when it does not exist).
 *
 * @param {string} dir Folder.
 * @return {number} Milliseconds since the epoch.
 */
function newestMtime( dir ) {
	if ( ! fs.existsSync( dir ) ) {
		return 0;
	}
	let newest = 0;
	for ( const entry of fs.readdirSync( dir, {
		withFileTypes: true,
		recursive: true,
	} ) ) {
		if ( entry.isFile() ) {
			newest = Math.max(
				newest,
				fs.statSync(
					path.join( entry.parentPath ?? entry.path, entry.name )
				).mtimeMs
			);
		}
	}
	return newest;
}

function buildIfNeeded( skip ) {
	const build = path.join( REPO_ROOT, 'build' );
	if (
		skip ||
		( fs.existsSync( build ) &&
			newestMtime( build ) >=
				newestMtime( path.join( REPO_ROOT, 'src' ) ) )
	) {
		return;
	}
	process.stdout.write( 'Building the admin screen (npm run build)… ' );
	const buildStarted = Date.now();
	const log = logSection( 'npm run build' );
	const result = spawnSync( 'npm', [ 'run', 'build', '--silent' ], {
		cwd: REPO_ROOT,
		stdio: [ 'ignore', log, log ],
	} );
	fs.closeSync( log );
	if ( result.status === 0 ) {
		console.log( `done in ${ elapsed( buildStarted ) } s` );
	} else {
		console.log( 'failed' );
		console.warn(
			`start: warning: npm run build failed; the site still starts, the settings screen may be missing. The end of ${ LOG }:\n${ logTail() }`
		);
	}
}

/**
 * Fetches WordPress core into .wp-core/ on the first run (a line on the console, apt's progress in
 * the log); later runs find it cached and print nothing.
 *
 * @return {string} The core tree.
 */
function fetchCore() {
	const cached = fs.existsSync(
		path.join( REPO_ROOT, '.wp-core/wordpress/.key-guard-core' )
	);
	if ( ! cached ) {
		process.stdout.write(
			"Fetching WordPress core once into .wp-core/ (Debian's wordpress package)… "
		);
	}
	const fetchStarted = Date.now();
	const log = logSection( 'scripts/wp-core.sh' );
	try {
		const core = ensureCore( { stderr: log } );
		if ( ! cached ) {
			console.log(
				`WordPress ${ wordpressVersion( core ) } in ${ elapsed( fetchStarted ) } s`
			);
		}
		return core;
	} catch ( error ) {
		if ( ! cached ) {
			console.log( 'failed' );
		}
		throw new Error( `${ error.message }:\n${ logTail() }` );
	} finally {
		fs.closeSync( log );
	}
}

/**
 * Starts the local OpenAI simulator and resolves with its base URL once it listens.
 *
 * @param {number} port Port.
 * @return {Promise<string>} Base URL, e.g. http://127.0.0.1:9999/v1.
 */
function startSimulator( port ) {
	if ( ! fs.existsSync( path.join( REPO_ROOT, SIMULATOR_CLI ) ) ) {
		return Promise.reject(
			new Error( `${ SIMULATOR_CLI } does not exist yet` )
		);
	}
	return new Promise( ( resolve, reject ) => {
		const child = spawn(
			path.join( REPO_ROOT, 'node_modules/.bin/tsx' ),
			[ SIMULATOR_CLI, '--port', String( port ) ],
			{
				cwd: REPO_ROOT,
				stdio: [ 'ignore', 'pipe', 'inherit' ],
				detached: true,
			}
		);
		children.push( child );
		const timer = setTimeout(
			() =>
				reject(
					new Error(
						'the simulator did not report that it listens within 20 s'
					)
				),
			20000
		);
		let output = '';
		child.stdout.on( 'data', ( chunk ) => {
			output += chunk;
			const match = output.match( /listening on (http\S+)/ );
			if ( match ) {
				clearTimeout( timer );
				resolve( match[ 1 ].replace( /\/+$/, '' ) );
			}
		} );
		child.once( 'exit', ( code ) => {
			clearTimeout( timer );
			reject(
				new Error(
					`the simulator exited with code ${ code }:\n${ output }`
				)
			);
		} );
	} );
}

function stopChildren() {
	for ( const child of children ) {
		try {
			process.kill( -child.pid, 'SIGTERM' );
		} catch {
			// Already gone.
		}
	}
}

/**
 * Prints where the site is and how to use it.
 *
 * @param {Object} args
 * @param {string} args.url   Site URL.
 * @param {string} args.what  The WordPress and how it runs, e.g. "WordPress 7.1.4 on PHP 8.2's built-in server".
 * @param {string} args.users Note after the login.
 * @param {string} args.logs  Where the logs are.
 * @param {string} args.after Last line (what keeps running, how to stop).
 */
function printReady( { url, what, users, logs, after } ) {
	console.log( `
${ what } is ready in ${ elapsed() } s
  Site:     ${ url }/
  Settings: ${ url }${ PAGE_PATH }
  Login:    ${ ADMIN_USER } / ${ ADMIN_PASSWORD }   ${ users }
  Logs:     ${ logs }
${ after }` );
}

/**
 * Without PHP (or pdo_sqlite), runs WordPress in WebAssembly through Playground CLI instead.
 *
 * @param {Object}                 args
 * @param {string}                 args.problem What is missing.
 * @param {number}                 args.port    Port.
 * @param {boolean}                args.fresh   Recreate the site.
 * @param {Record<string, string>} args.defines Extra constants.
 */
function startPlayground( { problem, port, fresh, defines } ) {
	console.warn(
		`start: ${ problem }\nstart: using WordPress Playground instead (PHP in WebAssembly; slower). For the native site install PHP: apt-get install php8.2-cli php8.2-sqlite3`
	);
	const siteDir = path.join( REPO_ROOT, '.wp-sites/playground' );
	const args = [
		'server',
		`--port=${ port }`,
		'--php=8.2',
		'--login',
		`--mount=${ REPO_ROOT }:/wordpress/wp-content/plugins/${ PLUGIN_SLUG }`,
	];
	let core = null;
	try {
		core = fetchCore();
	} catch {
		console.warn(
			'start: WordPress core could not be fetched through apt; Playground will download WordPress 7.1, which needs internet access.'
		);
	}
	if ( core ) {
		// Playground installs into a copy of our offline core, so no download is needed.
		if ( fresh ) {
			fs.rmSync( siteDir, { recursive: true, force: true } );
		}
		if ( ! fs.existsSync( siteDir ) ) {
			spawnSync( 'cp', [ '-a', core, siteDir ], { stdio: 'inherit' } );
		}
		fs.mkdirSync( path.join( siteDir, 'wp-content/mu-plugins' ), {
			recursive: true,
		} );
		fs.copyFileSync(
			path.join( REPO_ROOT, 'scripts/dev/mu-plugin.php' ),
			path.join( siteDir, 'wp-content/mu-plugins/key-guard-dev.php' )
		);
		args.push(
			`--mount-before-install=${ siteDir }:/wordpress`,
			'--wordpress-install-mode=install-from-existing-files-if-needed'
		);
	} else {
		args.push( '--wp=7.1' );
	}
	const blueprint = path.join(
		REPO_ROOT,
		'.wp-sites/playground-blueprint.json'
	);
	fs.mkdirSync( path.dirname( blueprint ), { recursive: true } );
	fs.writeFileSync(
		blueprint,
		JSON.stringify( {
			landingPage: PAGE_PATH,
			steps: [
				{
					step: 'setSiteOptions',
					options: {
						blogname: 'Key Guard dev',
						permalink_structure: '/%postname%/',
					},
				},
				...( fs.existsSync( path.join( REPO_ROOT, 'plugin.php' ) )
					? [
							{
								step: 'activatePlugin',
								pluginPath: `${ PLUGIN_SLUG }/plugin.php`,
							},
						]
					: [] ),
			],
		} )
	);
	args.push( `--blueprint=${ blueprint }` );
	for ( const [ name, value ] of Object.entries( defines ) ) {
		args.push( '--define', name, value );
	}
	const version = core ? wordpressVersion( core ) : null;
	const what = version
		? `WordPress ${ version } (the offline copy in .wp-core/)`
		: 'WordPress 7.1 (downloaded by Playground)';
	console.log( `Starting ${ what } in WordPress Playground…` );
	fs.appendFileSync( LOG_PATH, '\n== wp-playground-cli server ==\n' );
	const child = spawn(
		path.join( REPO_ROOT, 'node_modules/.bin/wp-playground-cli' ),
		args,
		{
			cwd: REPO_ROOT,
			stdio: [ 'ignore', 'pipe', 'pipe' ],
			detached: true,
		}
	);
	children.push( child );
	let output = '';
	let ready = false;
	child.stdout.on( 'data', ( chunk ) => {
		fs.appendFileSync( LOG_PATH, chunk );
		if ( ready ) {
			return;
		}
		// Kept only until Playground says it is ready: the log file has the rest.
		output += chunk;
		if ( /Ready!/.test( output ) ) {
			ready = true;
			output = '';
			printReady( {
				url: `http://${ HOST }:${ port }`,
				what: `${ what } in WordPress Playground`,
				users: '(a new browser is logged in automatically)',
				logs: `${ LOG } (install, build, Playground)`,
				after: 'Press Ctrl-C to stop.',
			} );
		}
	} );
	// Playground's warnings and errors stay on the console, but for its note on small machines.
	child.stderr.on( 'data', ( chunk ) => {
		fs.appendFileSync( LOG_PATH, chunk );
		const shown = String( chunk )
			.split( '\n' )
			.filter(
				( line ) =>
					line.trim() &&
					! /^The default worker count has been reduced/.test( line )
			);
		if ( shown.length ) {
			process.stderr.write( `${ shown.join( '\n' ) }\n` );
		}
	} );
	child.once( 'exit', ( code ) => {
		console.error(
			`start: Playground exited with code ${ code }. The end of ${ LOG }:\n${ logTail() }`
		);
		stopChildren();
		process.exit( code || 1 );
	} );
}

async function main() {
	const flags = parseFlags( process.argv.slice( 2 ) );
	const port = Number( flags.port || 8888 );
	const fresh = Boolean( flags.fresh );
	const withSimulator =
		Boolean( flags.simulator ) || process.env.KEY_GUARD_SIMULATOR === '1';

	for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
		process.once( signal, () => {
			console.log( '\nStopping…' );
			stopChildren();
			// Servers register their own stop on exit.
			process.exit( 0 );
		} );
	}

	openLog();
	console.log( `npm start: what the tools print goes to ${ LOG }` );

	// A fresh clone: install npm/Composer dependencies (and, where possible, PHP's SQLite extension).
	fs.appendFileSync( LOG_PATH, '\n== scripts/ensure-deps.sh ==\n' );
	const deps = spawnSync(
		'bash',
		[ path.join( REPO_ROOT, 'scripts/ensure-deps.sh' ) ],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, KEY_GUARD_DEPS_LOG: LOG },
			stdio: 'inherit',
		}
	);
	if ( deps.status !== 0 ) {
		console.warn(
			'start: some dependencies could not be installed; trying anyway.'
		);
	}

	buildIfNeeded( Boolean( flags[ 'skip-build' ] ) );

	const defines = {};
	const env = {};
	if ( withSimulator ) {
		const simulatorPort = Number( flags[ 'simulator-port' ] || 9999 );
		const simulatorUrl = await startSimulator( simulatorPort );
		defines.OPENAI_BASE_URL = simulatorUrl;
		defines.KEY_GUARD_DEV_ALLOW_HOST = new URL( simulatorUrl ).host;
		// An OPENAI_BASE_URL in the shell would win over the constant; point it at the simulator too.
		env.OPENAI_BASE_URL = simulatorUrl;
		console.log(
			`OpenAI simulator: ${ simulatorUrl } (a key per scenario: npx tsx ${ SIMULATOR_CLI } --print-keys)`
		);
	}

	const php = checkPhp();
	if ( ! php.ok ) {
		startPlayground( { problem: php.problem, port, fresh, defines } );
		return;
	}

	fetchCore();
	const url = `http://${ HOST }:${ port }`;
	const site = await makeSite( {
		dir: SITE_DIR,
		url,
		fresh,
		defines,
		quiet: true,
	} );
	console.log(
		`${ site.created ? 'Created' : 'Refreshed' } the site ${ SITE_DIR } (WordPress ${ site.version } from .wp-core/, SQLite, plugin ${ site.plugin }) in ${ site.seconds.toFixed( 1 ) } s`
	);
	const server = await serveSite( {
		dir: SITE_DIR,
		host: HOST,
		port,
		env,
		inheritOpenAiEnv: true,
	} );
	const watching = ! flags[ 'skip-build' ] && ! flags[ 'no-watch' ];
	if ( watching ) {
		watchSources();
	}
	printReady( {
		url: server.url,
		what: `WordPress ${ site.version } on PHP ${ php.version }'s built-in server`,
		users: '(also editor, author, subscriber with the same password)',
		logs: `${ LOG } (install, build${ watching ? ', rebuilds' : '' }), ${ SITE_DIR }/server.log (requests), ${ SITE_DIR }/debug.log (PHP)`,
		after: watching
			? 'The screen is rebuilt whenever a file under src/ changes (reload the page). Press Ctrl-C to stop.'
			: 'Press Ctrl-C to stop.',
	} );
}

/**
 * Rebuilds the screen whenever a file under src/ changes, until Ctrl-C (webpack's watch mode).
 * webpack's stats go to the log; each rebuild is a line, a failed one prints its errors.
 */
function watchSources() {
	fs.appendFileSync( LOG_PATH, '\n== npm run watch ==\n' );
	const child = spawn( 'npm', [ 'run', 'watch', '--silent' ], {
		cwd: REPO_ROOT,
		stdio: [ 'ignore', 'pipe', 'pipe' ],
		detached: true,
	} );
	children.push( child );
	let partial = '';
	let lines = [];
	let first = true;
	const onLine = ( line ) => {
		lines.push( line );
		// "webpack 5.x compiled successfully in 1434 ms", "… compiled with 1 error in 50 ms".
		const summary = line.match( /\bcompiled (.+) in \d+ ms/ );
		if ( ! summary ) {
			return;
		}
		const time = new Date().toTimeString().slice( 0, 8 );
		if ( /error/.test( summary[ 1 ] ) ) {
			// The errors without the compilers' stack frames.
			const errors = lines
				.slice(
					Math.max(
						0,
						lines.findIndex( ( l ) => /^ERROR\b/.test( l ) )
					),
					-1
				)
				.filter( ( l ) => ! /^\s+at /.test( l ) );
			console.error(
				`start: the screen did not rebuild at ${ time } (${ summary[ 1 ] }):\n${ errors
					.slice( 0, 40 )
					.join( '\n' ) }\n(all of it in ${ LOG })`
			);
		} else if ( /warning/.test( summary[ 1 ] ) ) {
			console.warn(
				`Rebuilt the screen at ${ time } ${ summary[ 1 ] } (see ${ LOG }); reload the page.`
			);
		} else if ( ! first ) {
			console.log( `Rebuilt the screen at ${ time }; reload the page.` );
		}
		first = false;
		lines = [];
	};
	const onData = ( chunk ) => {
		fs.appendFileSync( LOG_PATH, chunk );
		// Colours off: webpack colours only a terminal, but be sure before matching.
		const text = partial + String( chunk ).replace( /\x1b\[[0-9;]*m/g, '' );
		const parts = text.split( '\n' );
		partial = parts.pop();
		parts.forEach( onLine );
	};
	child.stdout.on( 'data', onData );
	child.stderr.on( 'data', onData );
	child.once( 'exit', ( code ) => {
		console.error(
			`start: the screen is no longer rebuilt on change (npm run watch exited with code ${ code }). The end of ${ LOG }:\n${ logTail() }`
		);
	} );
}

main().catch( ( error ) => {
	console.error( `start: ${ error.message }` );
	stopChildren();
	process.exit( 1 );
} );
