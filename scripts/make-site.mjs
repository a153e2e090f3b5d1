#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * Creates (or refreshes) a local WordPress site for development and tests, on the cached core from
 * scripts/wp-core.sh, with SQLite (default) or the private MariaDB as its database and this repo
 * linked in as the plugin.
 *
 * CLI: node scripts/make-site.mjs --dir .wp-sites/NAME --url http://127.0.0.1:PORT
 *        [--fresh] [--define NAME=VALUE ...] [--env-type local] [--multisite]
 *        [--db sqlite|mariadb] [--redis]
 * API: import { makeSite } from './make-site.mjs';
 *      await makeSite( { dir, url, fresh, defines, envType, multisite, db, redis } )
 *
 * Relative directories are taken from the repo root. Running it on an existing site keeps its
 * database and salts and rewrites wp-config.php, so defines can be added and removed.
 *
 * --multisite makes a subdirectory network instead: the main site at the URL (which must have no
 * port: WordPress multisite refuses one), a second site at URL/site2/, the plugin network-activated
 * and the `admin` user a super admin. It has no WP_HOME/WP_SITEURL (they would apply to every site).
 *
 * --db mariadb puts the site in a database of its own (kg_<folder name>) on the private MariaDB of
 * scripts/services.mjs, started when it is not running (and then left running: stop it with
 * `node scripts/services.mjs stop`); DB_HOST is `localhost:<socket>` and there is no db.php drop-in.
 * --redis adds a persistent object cache as production sites have: the Redis Object Cache drop-in
 * from ../shared/fixtures (KEY_GUARD_SHARED_DIR overrides ../shared) as wp-content/object-cache.php,
 * on the private Redis of scripts/services.mjs (a Unix socket, nothing saved), keys prefixed by the
 * database name; a new database starts with none of its old keys.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	DB_PASSWORD,
	DB_USER,
	createDatabase,
	databaseName,
	flushRedisPrefix,
	requirePhpExtension,
	startMariaDb,
	startRedis,
} from './services.mjs';

export const REPO_ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
export const PLUGIN_SLUG = 'key-guard-for-openai';
export const PLUGIN_FILE = `${ PLUGIN_SLUG }/plugin.php`;
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'password';

const SALT_NAMES = [
	'AUTH_KEY',
	'SECURE_AUTH_KEY',
	'LOGGED_IN_KEY',
	'NONCE_KEY',
	'AUTH_SALT',
	'SECURE_AUTH_SALT',
	'LOGGED_IN_SALT',
	'NONCE_SALT',
];
const SQLITE_PLUGIN = 'sqlite-database-integration';
const DB_FILE = '.ht.sqlite';
const DATABASES = [ 'sqlite', 'mariadb' ];

/**
 * The Redis object-cache drop-in (a test fixture kept outside the repository).
 *
 * @return {string} Its expected path.
 */
export function redisDropIn() {
	const shared =
		process.env.KEY_GUARD_SHARED_DIR ||
		path.resolve( REPO_ROOT, '../shared' );
	return path.join( shared, 'fixtures/redis-object-cache/object-cache.php' );
}

/**
 * The PHP binary to use (PHP_BIN overrides `php` from PATH).
 *
 * @return {string} Command name or path.
 */
export function phpBinary() {
	return process.env.PHP_BIN || 'php';
}

/**
 * Tells whether PHP with pdo_sqlite is there, and what to install when it is not.
 *
 * @return {{ ok: boolean, problem?: string, version?: string }} The check's outcome (and PHP's version).
 */
export function checkPhp() {
	const result = spawnSync(
		phpBinary(),
		[
			'-r',
			'echo PHP_VERSION, " ", extension_loaded( "pdo_sqlite" ) ? "yes" : "no";',
		],
		{ encoding: 'utf8' }
	);
	if ( result.error || result.status !== 0 ) {
		return {
			ok: false,
			problem: 'php missing: apt-get install php8.2-cli php8.2-sqlite3',
		};
	}
	const [ version, sqlite ] = result.stdout.trim().split( ' ' );
	if ( sqlite !== 'yes' ) {
		const [ major, minor ] = version.split( '.' );
		return {
			ok: false,
			problem: `php${ major }.${ minor }-sqlite3 missing: apt-get install php${ major }.${ minor }-sqlite3`,
		};
	}
	return { ok: true, version };
}

/**
 * Makes sure the WordPress core cache exists (fetching it if needed) and returns its path.
 *
 * @param {Object}           [options]
 * @param {'inherit'|number} [options.stderr] Where wp-core.sh's progress goes (a file descriptor).
 * @param {'sid'|'trixie'}   [options.wp]     Which WordPress: Debian sid's 7.1.x or trixie's 6.8.x.
 * @return {string} Absolute path of the cached core tree.
 */
export function ensureCore( { stderr = 'inherit', wp = 'sid' } = {} ) {
	const result = spawnSync(
		'bash',
		[ path.join( REPO_ROOT, 'scripts/wp-core.sh' ) ],
		{
			encoding: 'utf8',
			stdio: [ 'ignore', 'pipe', stderr ],
			env: { ...process.env, KEY_GUARD_WP_SUITE: wp },
		}
	);
	if ( result.status !== 0 ) {
		throw new Error(
			`scripts/wp-core.sh failed (see its message ${ stderr === 'inherit' ? 'above' : 'in the log' })`
		);
	}
	const lines = result.stdout.trim().split( '\n' );
	return lines[ lines.length - 1 ];
}

/**
 * Quotes a value as a single-quoted PHP string literal.
 *
 * @param {string} value Any text.
 * @return {string} PHP source.
 */
function phpString( value ) {
	return `'${ String( value ).replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;
}

/**
 * Reads the salts of an existing wp-config.php, so refreshing a site keeps its users logged in.
 *
 * @param {string} configPath wp-config.php path.
 * @return {Record<string, string>} Salt values by name.
 */
function readSalts( configPath ) {
	const salts = {};
	if ( ! fs.existsSync( configPath ) ) {
		return salts;
	}
	const source = fs.readFileSync( configPath, 'utf8' );
	for ( const name of SALT_NAMES ) {
		const match = source.match(
			new RegExp( `define\\( '${ name }', '([^'\\\\]*)' \\);` )
		);
		if ( match ) {
			salts[ name ] = match[ 1 ];
		}
	}
	return salts;
}

function newSalt() {
	// 64 printable characters, none that need escaping in a PHP single-quoted string.
	return randomBytes( 48 ).toString( 'base64' );
}

/**
 * Builds wp-config.php for a dev or test site.
 *
 * @param {Object}                 args
 * @param {string}                 args.dir     Site directory.
 * @param {string}                 args.url     Site URL.
 * @param {string}                 args.envType WP_ENVIRONMENT_TYPE.
 * @param {Record<string, string>} args.defines Extra string constants.
 * @param {Record<string, string>} args.salts   Existing salts to keep.
 * @param {string}                 args.network '' for a single site; 'allowed' before the network
 *                                              exists (WP_ALLOW_MULTISITE); 'on' once it does.
 * @param {Record<string, string>} args.storage The database (and object cache) constants, as PHP values.
 * @return {string} PHP source.
 */
function buildConfig( {
	dir,
	url,
	envType,
	defines,
	salts,
	network = '',
	storage,
} ) {
	const lines = [
		'<?php',
		'// Written by scripts/make-site.mjs for a local dev/test site; rewritten on every run.',
		'',
	];
	for ( const [ name, value ] of Object.entries( defines ) ) {
		lines.push( `define( '${ name }', ${ phpString( value ) } );` );
	}
	lines.push( '' );
	for ( const name of SALT_NAMES ) {
		lines.push(
			`define( '${ name }', '${ salts[ name ] || newSalt() }' );`
		);
	}
	const host = new URL( url ).host;
	const address = network
		? {}
		: { WP_HOME: phpString( url ), WP_SITEURL: phpString( url ) };
	const settings = {
		...storage,
		DB_CHARSET: phpString( 'utf8mb4' ),
		DB_COLLATE: phpString( '' ),
		...address,
		WP_DEBUG: 'true',
		WP_DEBUG_LOG: phpString( path.join( dir, 'debug.log' ) ),
		WP_DEBUG_DISPLAY: 'false',
		SCRIPT_DEBUG: 'false',
		DISABLE_WP_CRON: 'true',
		WP_HTTP_BLOCK_EXTERNAL: 'true',
		WP_ACCESSIBLE_HOSTS: phpString( '127.0.0.1,localhost' ),
		AUTOMATIC_UPDATER_DISABLED: 'true',
		WP_AUTO_UPDATE_CORE: 'false',
		WP_ENVIRONMENT_TYPE: phpString( envType ),
		FS_METHOD: phpString( 'direct' ),
		...networkSettings( url, network ),
	};
	lines.push( '' );
	for ( const [ name, value ] of Object.entries( settings ) ) {
		lines.push(
			`defined( '${ name }' ) || define( '${ name }', ${ value } );`
		);
	}
	lines.push(
		'',
		"$table_prefix = 'wp_';",
		'',
		`// Served at ${ host }.`,
		"defined( 'ABSPATH' ) || define( 'ABSPATH', __DIR__ . '/' );",
		"require_once ABSPATH . 'wp-settings.php';",
		''
	);
	return lines.join( '\n' );
}

/**
 * The multisite constants of wp-config.php for a subdirectory network at the URL.
 *
 * @param {string} url     Main site URL, without a port or a path.
 * @param {string} network '', 'allowed' or 'on' (see buildConfig).
 * @return {Record<string, string>} PHP values by constant name.
 */
function networkSettings( url, network ) {
	if ( ! network ) {
		return {};
	}
	if ( network === 'allowed' ) {
		return { WP_ALLOW_MULTISITE: 'true' };
	}
	const parsed = new URL( url );
	return {
		WP_ALLOW_MULTISITE: 'true',
		MULTISITE: 'true',
		SUBDOMAIN_INSTALL: 'false',
		DOMAIN_CURRENT_SITE: phpString( parsed.hostname ),
		PATH_CURRENT_SITE: phpString( '/' ),
		SITE_ID_CURRENT_SITE: '1',
		BLOG_ID_CURRENT_SITE: '1',
	};
}

/**
 * Runs a PHP snippet against the site, with the request globals WordPress expects under CLI.
 *
 * @param {string}  dir        Site directory.
 * @param {string}  url        Site URL.
 * @param {string}  body       PHP code run after wp-load.php.
 * @param {Object}  params     Passed to the code as $params.
 * @param {boolean} installing Whether to define WP_INSTALLING.
 * @return {any} The JSON the snippet echoed on its last line.
 */
function runPhp( dir, url, body, params, installing ) {
	const parsed = new URL( url );
	const tmp = fs.mkdtempSync( path.join( os.tmpdir(), 'key-guard-site-' ) );
	const script = path.join( tmp, 'setup.php' );
	fs.writeFileSync(
		script,
		`<?php
${ installing ? "define( 'WP_INSTALLING', true );" : '' }
$params = json_decode( getenv( 'KEY_GUARD_SETUP' ), true );
$_SERVER['HTTP_HOST']      = ${ phpString( parsed.host ) };
$_SERVER['SERVER_NAME']    = ${ phpString( parsed.hostname ) };
$_SERVER['SERVER_PORT']    = ${ phpString( parsed.port || '80' ) };
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require ${ phpString( path.join( dir, 'wp-load.php' ) ) };
${ body }
`
	);
	const result = spawnSync( phpBinary(), [ script ], {
		cwd: dir,
		encoding: 'utf8',
		env: { ...process.env, KEY_GUARD_SETUP: JSON.stringify( params ) },
	} );
	fs.rmSync( tmp, { recursive: true, force: true } );
	const lines = ( result.stdout || '' ).trim().split( '\n' );
	let answer = null;
	try {
		answer = JSON.parse( lines[ lines.length - 1 ] );
	} catch {
		answer = null;
	}
	if ( result.status !== 0 || ! answer || answer.error ) {
		const detail =
			answer?.error || `${ result.stdout }\n${ result.stderr }`.trim();
		throw new Error( `WordPress setup failed in ${ dir }:\n${ detail }` );
	}
	return answer;
}

/**
 * Runs PHP code in a site from the command line (WordPress loaded, as a request to the site's URL)
 * and returns what the code returns, through JSON.
 *
 * @param {string} dir      Site directory (relative to the repo root, or absolute).
 * @param {string} url      Site URL (its host is the request's).
 * @param {string} code     A PHP function body, e.g. `global $wpdb; return $wpdb->get_var( 'SELECT 1' );`;
 *                          $params holds the params below.
 * @param {Object} [params] Passed to the code as $params (through JSON).
 * @return {any} The returned value, decoded.
 */
export function runInSite( dir, url, code, params = {} ) {
	return runPhp(
		path.resolve( REPO_ROOT, dir ),
		url,
		`$key_guard_result = ( static function ( $params ) {\n${ code }\n} )( $params );\necho "\\n", wp_json_encode( array( 'result' => $key_guard_result ) ), "\\n";`,
		params,
		false
	).result;
}

const INSTALL_PHP = `
// No mail on this machine: skip the "new site" email.
function wp_new_blog_notification() {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install( 'Key Guard dev', 'admin', 'admin@example.test', true, '', 'password' );
foreach ( array( 'editor', 'author', 'subscriber' ) as $role ) {
	$id = wp_insert_user(
		array(
			'user_login'   => $role,
			'user_pass'    => 'password',
			'user_email'   => $role . '@example.test',
			'role'         => $role,
			'display_name' => ucfirst( $role ),
		)
	);
	if ( is_wp_error( $id ) ) {
		echo wp_json_encode( array( 'error' => $id->get_error_message() ) ), "\\n";
		exit( 1 );
	}
}
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%postname%/' );
$wp_rewrite->flush_rules( false );
echo wp_json_encode( array( 'installed' => true, 'user_id' => $result['user_id'] ) ), "\\n";
`;

const CONFIGURE_PHP = `
require_once ABSPATH . 'wp-admin/includes/plugin.php';
if ( 'twentytwentyfive' !== get_stylesheet() ) {
	switch_theme( 'twentytwentyfive' );
}
$plugin = 'missing';
if ( file_exists( WP_PLUGIN_DIR . '/' . $params['plugin'] ) ) {
	// Activated once per site, so a developer who deactivates it on purpose is not overruled.
	$active = is_multisite() ? is_plugin_active_for_network( $params['plugin'] ) : is_plugin_active( $params['plugin'] );
	$plugin = $active ? 'active' : ( get_site_option( 'key_guard_dev_activated' ) ? 'inactive' : 'to-activate' );
}
echo wp_json_encode( array( 'plugin' => $plugin, 'theme' => get_stylesheet(), 'version' => get_bloginfo( 'version' ) ) ), "\\n";
`;

// Its own process: a fatal error in a half-written plugin must not stop the site from being made.
const ACTIVATE_PHP = `
require_once ABSPATH . 'wp-admin/includes/plugin.php';
register_shutdown_function(
	static function () {
		$error = error_get_last();
		if ( $error && in_array( $error['type'], array( E_ERROR, E_PARSE, E_COMPILE_ERROR, E_CORE_ERROR ), true ) ) {
			echo "\\n", wp_json_encode( array( 'error' => $error['message'] . ' in ' . $error['file'] . ':' . $error['line'] ) ), "\\n";
		}
	}
);
// On a network, network-wide: every site of it has the plugin.
$activated = activate_plugin( $params['plugin'], '', is_multisite() );
if ( is_wp_error( $activated ) ) {
	echo wp_json_encode( array( 'error' => $activated->get_error_message() ) ), "\\n";
	exit( 1 );
}
update_site_option( 'key_guard_dev_activated', 1 );
echo wp_json_encode( array( 'plugin' => 'active' ) ), "\\n";
`;

// Turns the installed single site into a subdirectory network (once); run with WP_ALLOW_MULTISITE only.
const NETWORK_PHP = `
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/network.php';
global $wpdb;
// Not multisite yet: $wpdb knows the network's tables only once they are named.
foreach ( $wpdb->tables( 'ms_global' ) as $table => $prefixed ) {
	$wpdb->$table = $prefixed;
}
if ( network_domain_check() ) {
	echo wp_json_encode( array( 'network' => 'exists' ) ), "\\n";
	exit;
}
update_option( 'home', $params['url'] );
update_option( 'siteurl', $params['url'] );
install_network();
$result = populate_network( 1, $params['domain'], get_option( 'admin_email' ), 'Key Guard network', $params['path'], false );
if ( is_wp_error( $result ) && 'no_wildcard_dns' !== $result->get_error_code() ) {
	echo wp_json_encode( array( 'error' => $result->get_error_message() ) ), "\\n";
	exit( 1 );
}
echo wp_json_encode( array( 'network' => 'created' ) ), "\\n";
`;

// The network's second site, at {path}site2/ with admin as its administrator (once).
const SITES_PHP = `
function wp_new_blog_notification() {}
$_SERVER['REMOTE_ADDR'] = '127.0.0.1'; // Logged with the new site.
$path = PATH_CURRENT_SITE . 'site2/';
$id   = get_blog_id_from_url( DOMAIN_CURRENT_SITE, $path );
if ( ! $id ) {
	$id = wpmu_create_blog( DOMAIN_CURRENT_SITE, $path, 'Key Guard site 2', 1 );
	if ( is_wp_error( $id ) ) {
		echo wp_json_encode( array( 'error' => $id->get_error_message() ) ), "\\n";
		exit( 1 );
	}
}
echo wp_json_encode( array( 'sites' => get_sites( array( 'fields' => 'ids' ) ) ) ), "\\n";
`;

/**
 * Gets the site's database (and object cache) ready and says which constants point at them.
 * MariaDB and Redis are started when they do not answer, and left running for the site.
 *
 * @param {Object}             args
 * @param {string}             args.siteDir Site directory.
 * @param {'sqlite'|'mariadb'} args.db      The database.
 * @param {boolean}            args.redis   With the Redis object cache.
 * @param {boolean}            args.fresh   Start from an empty database.
 * @param {boolean}            args.quiet   Print nothing.
 * @return {Promise<{ created: boolean, constants: Record<string, string>, startedServices: string[], database?: string, socket?: string, redisSocket?: string }>}
 *         Whether WordPress must be installed, and the constants as PHP values.
 */
async function prepareStorage( { siteDir, db, redis, fresh, quiet } ) {
	const name = databaseName( siteDir );
	const result = { constants: {}, startedServices: [] };
	if ( db === 'mariadb' ) {
		requirePhpExtension( 'mysqli', 'mysql' );
		const server = await startMariaDb( { quiet } );
		if ( server.started ) {
			result.startedServices.push( 'MariaDB' );
		}
		result.created = ! createDatabase( name, { fresh } ).installed;
		result.database = name;
		result.socket = server.socket;
		Object.assign( result.constants, {
			DB_NAME: phpString( name ),
			DB_USER: phpString( DB_USER ),
			DB_PASSWORD: phpString( DB_PASSWORD ),
			DB_HOST: phpString( `localhost:${ server.socket }` ),
		} );
	} else {
		result.created = ! fs.existsSync(
			path.join( siteDir, 'wp-content/database', DB_FILE )
		);
		Object.assign( result.constants, {
			DB_NAME: phpString( 'wordpress' ),
			DB_USER: phpString( '' ),
			DB_PASSWORD: phpString( '' ),
			DB_HOST: phpString( '' ),
			DB_DIR: phpString(
				path.join( siteDir, 'wp-content/database' ) + '/'
			),
			DB_FILE: phpString( DB_FILE ),
		} );
	}
	if ( redis ) {
		requirePhpExtension( 'redis', 'redis' );
		const cache = await startRedis( { quiet } );
		if ( cache.started ) {
			result.startedServices.push( 'Redis' );
		}
		const prefix = `${ name }:`;
		if ( result.created ) {
			flushRedisPrefix( prefix );
		}
		result.redisSocket = cache.socket;
		Object.assign( result.constants, {
			WP_REDIS_SCHEME: phpString( 'unix' ),
			WP_REDIS_PATH: phpString( cache.socket ),
			WP_REDIS_PREFIX: phpString( prefix ),
			// A cache that cannot be reached is an error on a test site, not a silent fallback.
			WP_REDIS_GRACEFUL: 'false',
		} );
	}
	return result;
}

/**
 * Copies the cached core into a site. wp-admin and wp-includes (100 of the 112 MB, never written
 * by WordPress with updates off) are hard links into the cache: do not edit them in a site, or
 * restore the cache with `bash scripts/wp-core.sh --force`. The rest is a real copy.
 *
 * @param {string} core    Cached core tree.
 * @param {string} siteDir Site directory (must not exist yet).
 */
function copyCore( core, siteDir ) {
	fs.rmSync( siteDir, { recursive: true, force: true } );
	fs.mkdirSync( siteDir, { recursive: true } );
	const linked = [ 'wp-admin', 'wp-includes' ];
	const entries = fs.readdirSync( core );
	const copied = entries
		.filter( ( name ) => ! linked.includes( name ) )
		.map( ( name ) => path.join( core, name ) );
	for ( const [ flags, sources ] of [
		[ '-a', copied ],
		[ '-al', linked.map( ( name ) => path.join( core, name ) ) ],
	] ) {
		const copy = spawnSync( 'cp', [ flags, ...sources, siteDir + '/' ], {
			stdio: 'inherit',
		} );
		if ( copy.status !== 0 ) {
			throw new Error( `could not copy ${ core } to ${ siteDir }` );
		}
	}
}

/**
 * Symlinks, replacing whatever was at the link path.
 *
 * @param {string} target Link target (relative to the link's folder).
 * @param {string} link   Link path.
 */
function forceSymlink( target, link ) {
	fs.rmSync( link, { recursive: true, force: true } );
	fs.symlinkSync( target, link );
}

/**
 * Creates or refreshes a site.
 *
 * @param {Object}                 options
 * @param {string}                 options.dir         Site directory (relative to the repo root, or absolute).
 * @param {string}                 options.url         Site URL, e.g. http://127.0.0.1:8888.
 * @param {boolean}                [options.fresh]     Delete the site first.
 * @param {Record<string, string>} [options.defines]   Extra string constants for wp-config.php.
 * @param {string}                 [options.envType]   WP_ENVIRONMENT_TYPE (default local).
 * @param {boolean}                [options.quiet]     Print nothing.
 * @param {boolean}                [options.multisite] A subdirectory network with a second site
 *                                                     at URL/site2/ (the URL must have no port).
 * @param {'sqlite'|'mariadb'}     [options.db]        The database (default sqlite).
 * @param {boolean}                [options.redis]     A Redis persistent object cache.
 * @param {'sid'|'trixie'}         [options.wp]        Which WordPress: 7.1.x (sid, default) or the
 *                                                     oldest one claimed, 6.8.x (trixie).
 * @return {Promise<{ dir: string, url: string, core: string, created: boolean, plugin: string, version: string, seconds: number, db: string, database?: string, socket?: string, redisSocket?: string, sites?: number[] }>} What was made.
 */
export async function makeSite( {
	dir,
	url,
	fresh = false,
	defines = {},
	envType = 'local',
	quiet = false,
	multisite = false,
	db = 'sqlite',
	redis = false,
	wp = 'sid',
} ) {
	const started = process.hrtime.bigint();
	if ( ! dir || ! url ) {
		throw new Error( 'makeSite needs dir and url' );
	}
	url = url.replace( /\/+$/, '' );
	if ( multisite ) {
		const parsed = new URL( url );
		if ( parsed.port || parsed.pathname !== '/' ) {
			throw new Error(
				`a network needs an address without a port or a path (WordPress multisite refuses a port), got ${ url }`
			);
		}
	}
	const siteDir = path.resolve( REPO_ROOT, dir );
	for ( const name of Object.keys( defines ) ) {
		if ( ! /^[A-Za-z_][A-Za-z0-9_]*$/.test( name ) ) {
			throw new Error( `not a constant name: ${ name }` );
		}
	}
	if ( ! DATABASES.includes( db ) ) {
		throw new Error(
			`--db is one of ${ DATABASES.join( ', ' ) }, got ${ db }`
		);
	}
	const php = checkPhp();
	if ( ! php.ok ) {
		throw new Error( php.problem );
	}
	if ( redis && ! fs.existsSync( redisDropIn() ) ) {
		throw new Error(
			`no Redis object-cache drop-in at ${ redisDropIn() } (a test fixture outside this repository; set KEY_GUARD_SHARED_DIR to the folder that holds fixtures/, or make the site without --redis)`
		);
	}
	if ( ! [ 'sid', 'trixie' ].includes( wp ) ) {
		throw new Error( `--wp is sid or trixie, got ${ wp }` );
	}
	const core = ensureCore( { wp } );

	const configPath = path.join( siteDir, 'wp-config.php' );
	if ( fresh ) {
		fs.rmSync( siteDir, { recursive: true, force: true } );
	}
	const storage = await prepareStorage( {
		siteDir,
		db,
		redis,
		fresh,
		quiet,
	} );
	if ( storage.startedServices.length && ! quiet ) {
		console.log(
			`${ storage.startedServices.join( ' and ' ) } left running for the site (stop: node scripts/services.mjs stop)`
		);
	}
	const { created } = storage;
	if ( ! fs.existsSync( path.join( siteDir, 'wp-includes/version.php' ) ) ) {
		copyCore( core, siteDir );
	}

	const salts = created ? {} : readSalts( configPath );
	for ( const name of SALT_NAMES ) {
		salts[ name ] = salts[ name ] || newSalt();
	}
	const writeConfig = ( network ) =>
		fs.writeFileSync(
			configPath,
			buildConfig( {
				dir: siteDir,
				url,
				envType,
				defines,
				salts,
				network,
				storage: storage.constants,
			} )
		);
	// A network is made from an installed single site, so it starts with WP_ALLOW_MULTISITE only.
	writeConfig( multisite ? 'allowed' : '' );

	const content = path.join( siteDir, 'wp-content' );
	if ( db === 'sqlite' ) {
		fs.mkdirSync( path.join( content, 'database' ), { recursive: true } );
	}
	fs.mkdirSync( path.join( content, 'mu-plugins' ), { recursive: true } );
	fs.mkdirSync( path.join( content, 'uploads' ), { recursive: true } );

	const sqliteDir = path.join( content, 'plugins', SQLITE_PLUGIN );
	if ( db === 'sqlite' ) {
		const dropIn = fs
			.readFileSync( path.join( sqliteDir, 'db.copy' ), 'utf8' )
			.replaceAll( '{SQLITE_IMPLEMENTATION_FOLDER_PATH}', sqliteDir )
			.replaceAll( '{SQLITE_PLUGIN}', `${ SQLITE_PLUGIN }/load.php` );
		fs.writeFileSync( path.join( content, 'db.php' ), dropIn );
	} else {
		fs.rmSync( path.join( content, 'db.php' ), { force: true } );
	}
	const objectCache = path.join( content, 'object-cache.php' );
	if ( redis ) {
		fs.copyFileSync( redisDropIn(), objectCache );
	} else if (
		fs.existsSync( objectCache ) &&
		fs.readFileSync( objectCache, 'utf8' ).includes( 'Redis Object Cache' )
	) {
		fs.rmSync( objectCache );
	}

	const muPlugin = fs.readFileSync(
		path.join( REPO_ROOT, 'scripts/dev/mu-plugin.php' ),
		'utf8'
	);
	fs.writeFileSync(
		path.join( content, 'mu-plugins/key-guard-dev.php' ),
		muPlugin
	);
	fs.copyFileSync(
		path.join( REPO_ROOT, 'scripts/router.php' ),
		path.join( siteDir, '.router.php' )
	);

	const pluginsDir = path.join( content, 'plugins' );
	forceSymlink(
		path.relative( pluginsDir, REPO_ROOT ),
		path.join( pluginsDir, PLUGIN_SLUG )
	);

	if ( created ) {
		runPhp( siteDir, url, INSTALL_PHP, {}, true );
	}
	let sites;
	if ( multisite ) {
		const { hostname } = new URL( url );
		runPhp(
			siteDir,
			url,
			NETWORK_PHP,
			{ url, domain: hostname, path: '/' },
			false
		);
		writeConfig( 'on' );
		sites = runPhp( siteDir, url, SITES_PHP, {}, false ).sites;
	}
	const state = runPhp(
		siteDir,
		url,
		CONFIGURE_PHP,
		{ plugin: PLUGIN_FILE },
		false
	);
	if ( state.plugin === 'to-activate' ) {
		try {
			state.plugin = runPhp(
				siteDir,
				url,
				ACTIVATE_PHP,
				{ plugin: PLUGIN_FILE },
				false
			).plugin;
		} catch ( error ) {
			state.plugin = 'failed to activate';
			console.warn(
				`make-site: warning: ${ PLUGIN_FILE } could not be activated (the site works; it is retried on the next run):\n${ error.message }`
			);
		}
	}
	const seconds = Number( process.hrtime.bigint() - started ) / 1e9;
	if ( ! quiet ) {
		const storageNote =
			( db === 'mariadb' ? `MariaDB ${ storage.database }` : 'SQLite' ) +
			( redis ? ' + Redis' : '' );
		console.log(
			`${ created ? 'Created' : 'Refreshed' } ${ path.relative( REPO_ROOT, siteDir ) } (WordPress ${ state.version }, ${ storageNote }, ${ multisite ? `network of ${ sites.length } sites, plugin network-${ state.plugin }` : `plugin ${ state.plugin }` }) in ${ seconds.toFixed( 2 ) } s`
		);
	}
	return {
		dir: siteDir,
		url,
		core,
		created,
		plugin: state.plugin,
		version: state.version,
		seconds,
		db,
		...( storage.database ? { database: storage.database } : {} ),
		...( storage.socket ? { socket: storage.socket } : {} ),
		...( storage.redisSocket ? { redisSocket: storage.redisSocket } : {} ),
		...( sites ? { sites: sites.map( Number ) } : {} ),
	};
}

/**
 * Adds the value of a `--define NAME=VALUE` argument to the defines.
 *
 * @param {Record<string, string>} defines Defines so far.
 * @param {string|undefined}       pair    NAME=VALUE.
 */
export function addDefine( defines, pair = '' ) {
	const at = pair.indexOf( '=' );
	if ( at < 1 ) {
		throw new Error( `--define needs NAME=VALUE, got ${ pair }` );
	}
	defines[ pair.slice( 0, at ) ] = pair.slice( at + 1 );
}

/**
 * Parses `--name value`, `--name=value` and repeated `--define NAME=VALUE` arguments.
 *
 * @param {string[]} argv Arguments.
 * @return {Object} Options for makeSite().
 */
export function parseSiteArgs( argv ) {
	const options = { defines: {} };
	for ( let i = 0; i < argv.length; i++ ) {
		const [ flag, value ] = argv[ i ].split( /=(.*)/s );
		const takeValue = () => value ?? argv[ ++i ];
		switch ( flag ) {
			case '--dir':
				options.dir = takeValue();
				break;
			case '--url':
				options.url = takeValue();
				break;
			case '--env-type':
				options.envType = takeValue();
				break;
			case '--fresh':
				options.fresh = true;
				break;
			case '--wp':
				options.wp = takeValue();
				break;
			case '--multisite':
				options.multisite = true;
				break;
			case '--db':
				options.db = takeValue();
				break;
			case '--redis':
				options.redis = true;
				break;
			case '--define':
				addDefine( options.defines, takeValue() );
				break;
			default:
				throw new Error( `unknown argument: ${ argv[ i ] }` );
		}
	}
	return options;
}

async function main() {
	const options = parseSiteArgs( process.argv.slice( 2 ) );
	if ( ! options.dir || ! options.url ) {
		console.error(
			'Usage: node scripts/make-site.mjs --dir .wp-sites/NAME --url http://127.0.0.1:PORT [--fresh] [--define NAME=VALUE ...] [--env-type local] [--multisite] [--db sqlite|mariadb] [--redis] [--wp sid|trixie]'
		);
		process.exit( 2 );
	}
	await makeSite( options );
}

// No top-level await: the module stays loadable with require() (Playwright's TS loader).
if (
	process.argv[ 1 ] &&
	path.resolve( process.argv[ 1 ] ) === fileURLToPath( import.meta.url )
) {
	main().catch( ( error ) => {
		console.error( `make-site: ${ error.message }` );
		process.exit( 1 );
	} );
}
