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

const started = Date.now();
const children = [];

function elapsed() {
	return ( ( Date.now() - started ) / 1000 ).toFixed( 1 );
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
	console.log( 'Building the admin screen (npm run build)…' );
	const result = spawnSync( 'npm', [ 'run', 'build', '--silent' ], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	} );
	if ( result.status !== 0 ) {
		console.warn(
			'start: warning: npm run build failed; the site still starts, the settings screen may be missing.'
		);
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

function printReady(
	url,
	extra = '',
	users = '(also editor, author, subscriber with the same password)'
) {
	console.log( `
WordPress is ready in ${ elapsed() } s${ extra }
  Site:     ${ url }/
  Settings: ${ url }${ PAGE_PATH }
  Login:    ${ ADMIN_USER } / ${ ADMIN_PASSWORD }   ${ users }
Press Ctrl-C to stop.` );
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
		`start: ${ problem }\nstart: falling back to WordPress Playground (PHP in WebAssembly; slower). For the native site install PHP: apt-get install php8.2-cli php8.2-sqlite3`
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
		core = ensureCore();
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
	const child = spawn(
		path.join( REPO_ROOT, 'node_modules/.bin/wp-playground-cli' ),
		args,
		{
			cwd: REPO_ROOT,
			stdio: [ 'ignore', 'pipe', 'inherit' ],
			detached: true,
		}
	);
	children.push( child );
	child.stdout.on( 'data', ( chunk ) => {
		process.stdout.write( chunk );
		if ( /Ready!/.test( String( chunk ) ) ) {
			printReady(
				`http://${ HOST }:${ port }`,
				' in WordPress Playground',
				'(a new browser is logged in automatically)'
			);
		}
	} );
	child.once( 'exit', ( code ) => {
		console.error( `start: Playground exited with code ${ code }` );
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

	// A fresh clone: install npm/Composer dependencies (and, where possible, PHP's SQLite extension).
	const deps = spawnSync(
		'bash',
		[ path.join( REPO_ROOT, 'scripts/ensure-deps.sh' ) ],
		{
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
		console.log( `OpenAI simulator: ${ simulatorUrl }` );
	}

	const php = checkPhp();
	if ( ! php.ok ) {
		startPlayground( { problem: php.problem, port, fresh, defines } );
		return;
	}

	const url = `http://${ HOST }:${ port }`;
	const site = await makeSite( { dir: SITE_DIR, url, fresh, defines } );
	const server = await serveSite( {
		dir: SITE_DIR,
		host: HOST,
		port,
		env,
		inheritOpenAiEnv: true,
	} );
	printReady(
		server.url,
		site.plugin === 'active' ? '' : ` (plugin ${ site.plugin })`
	);
	if ( ! flags[ 'skip-build' ] && ! flags[ 'no-watch' ] ) {
		watchSources();
	}
}

/**
 * Rebuilds the screen whenever a file under src/ changes, until Ctrl-C (webpack's watch mode).
 */
function watchSources() {
	const child = spawn( 'npm', [ 'run', 'watch', '--silent' ], {
		cwd: REPO_ROOT,
		stdio: [ 'ignore', 'inherit', 'inherit' ],
		detached: true,
	} );
	children.push( child );
	console.log(
		'Watching src/: the screen is rebuilt on every change (reload the page).'
	);
}

main().catch( ( error ) => {
	console.error( `start: ${ error.message }` );
	stopChildren();
	process.exit( 1 );
} );
