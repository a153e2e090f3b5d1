#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * A private MariaDB and a private Redis for test sites, each started by us on a Unix socket under
 * .wp-sites/ (no TCP port, no system service, no persistence for Redis), started once and reused.
 *
 * CLI: node scripts/services.mjs start|stop|status [mariadb|redis]   (default: both)
 * API: import { startMariaDb, startRedis, createDatabase } from './services.mjs';
 *      const db = await startMariaDb();   // { socket, started, stop() }: stop() ends it only when
 *      const cache = await startRedis();  // this call started it (started: true); else a no-op.
 *      createDatabase( 'kg_name', { fresh: true } );
 *
 * MariaDB's data directory is .wp-sites/mariadb/data (made on first use with mariadb-install-db,
 * about 0.5 s); sites connect as `keyguard`/`keyguard` through the socket, one database each.
 * Missing packages are named in the error: mariadb-server, php8.2-mysql, redis-server, php8.2-redis.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const STATE_DIR = path.join( REPO_ROOT, '.wp-sites' );

/** The account sites use; the socket is private to this checkout, so the password is no secret. */
export const DB_USER = 'keyguard';
export const DB_PASSWORD = 'keyguard';

const MARIADB_DIR = path.join( STATE_DIR, 'mariadb' );
const REDIS_DIR = path.join( STATE_DIR, 'redis' );

/**
 * A socket path under the folder, or under the system's temporary folder when the folder is too
 * deep for a Unix socket address (108 bytes on Linux).
 *
 * @param {string} dir  Preferred folder.
 * @param {string} name File name.
 * @return {string} Socket path.
 */
function socketPath( dir, name ) {
	const preferred = path.join( dir, name );
	if ( Buffer.byteLength( preferred ) < 100 ) {
		return preferred;
	}
	const tag = createHash( 'sha256' )
		.update( dir )
		.digest( 'hex' )
		.slice( 0, 12 );
	const short = path.join( os.tmpdir(), `key-guard-${ tag }` );
	fs.mkdirSync( short, { recursive: true, mode: 0o700 } );
	return path.join( short, name );
}

export const MARIADB_SOCKET = socketPath( MARIADB_DIR, 'mariadbd.sock' );
export const REDIS_SOCKET = socketPath( REDIS_DIR, 'redis.sock' );

/**
 * Finds a program on PATH or in the sbin folders (not on a normal user's PATH; mariadbd is there).
 *
 * @param {string} name Program name.
 * @return {string|null} Its path, or null.
 */
function findProgram( name ) {
	const dirs = [
		...( process.env.PATH || '' ).split( path.delimiter ),
		'/usr/sbin',
		'/usr/local/sbin',
		'/sbin',
	];
	for ( const dir of dirs ) {
		const candidate = path.join( dir, name );
		try {
			fs.accessSync( candidate, fs.constants.X_OK );
			return candidate;
		} catch {
			// Not here.
		}
	}
	return null;
}

/**
 * The path of a program the service needs, or an error naming the Debian package to install.
 *
 * @param {string} name    Program name.
 * @param {string} pkg     Debian package that ships it.
 * @param {string} purpose What it is for.
 * @return {string} Its path.
 */
function requireProgram( name, pkg, purpose ) {
	const found = findProgram( name );
	if ( ! found ) {
		throw new Error(
			`${ name } missing (${ purpose }): apt-get install ${ pkg } (or run scripts/ensure-deps.sh --cluster as root)`
		);
	}
	return found;
}

/**
 * Throws, naming the package, when the PHP extension is not loaded.
 *
 * @param {string} extension Extension name as extension_loaded() knows it.
 * @param {string} suffix    Debian package suffix (php8.2-SUFFIX).
 */
export function requirePhpExtension( extension, suffix ) {
	const php = process.env.PHP_BIN || 'php';
	const result = spawnSync(
		php,
		[
			'-r',
			`echo PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION, " ", extension_loaded( "${ extension }" ) ? "yes" : "no";`,
		],
		{ encoding: 'utf8' }
	);
	const [ version, loaded ] = ( result.stdout || '' ).trim().split( ' ' );
	if ( loaded !== 'yes' ) {
		const pkg = `php${ version || '8.2' }-${ suffix }`;
		throw new Error(
			`PHP's ${ extension } extension missing: apt-get install ${ pkg } (or run scripts/ensure-deps.sh --cluster as root)`
		);
	}
}

/**
 * Tells whether something answers on a Unix socket the way the service should.
 *
 * @param {string}                    socket Socket path.
 * @param {(data: Buffer) => boolean} isOk   Checks the first bytes the service sends back.
 * @param {string}                    [send] What to send once connected.
 * @return {Promise<boolean>} Whether it answered.
 */
function probe( socket, isOk, send ) {
	return new Promise( ( resolve ) => {
		if ( ! fs.existsSync( socket ) ) {
			resolve( false );
			return;
		}
		const connection = net.connect( socket );
		const done = ( answer ) => {
			connection.destroy();
			resolve( answer );
		};
		connection.setTimeout( 1000, () => done( false ) );
		connection.once( 'error', () => done( false ) );
		connection.once( 'data', ( data ) => done( isOk( data ) ) );
		if ( send ) {
			connection.once( 'connect', () => connection.write( send ) );
		}
	} );
}

// MariaDB greets first: a packet whose payload starts with protocol version 10.
const mariaDbAnswers = ( socket ) =>
	probe( socket, ( data ) => data.length > 5 && data[ 4 ] === 10 );
const redisAnswers = ( socket ) =>
	probe(
		socket,
		( data ) => data.toString().startsWith( '+PONG' ),
		'PING\r\n'
	);

const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Whether a process of that id exists.
 *
 * @param {number} pid Process id.
 * @return {boolean} Alive.
 */
function alive( pid ) {
	try {
		process.kill( pid, 0 );
	} catch ( error ) {
		return error.code === 'EPERM';
	}
	// An orphan that exited stays a zombie until init reaps it (seconds, in some containers).
	try {
		return ! /^\d+ \(.*\) Z/.test(
			fs.readFileSync( `/proc/${ pid }/stat`, 'utf8' )
		);
	} catch {
		return true;
	}
}

function readPid( file ) {
	const pid = Number(
		fs.existsSync( file ) ? fs.readFileSync( file, 'utf8' ).trim() : 0
	);
	return pid > 0 ? pid : 0;
}

/**
 * Holds a lock file while a service starts, so two processes never start the same one twice.
 * A lock left by a process that died is taken over.
 *
 * @param {string}             file Lock file.
 * @param {() => Promise<any>} task What to do while holding it.
 * @return {Promise<any>} The task's result.
 */
async function withLock( file, task ) {
	const deadline = Date.now() + 60000;
	while ( true ) {
		try {
			fs.writeFileSync( file, String( process.pid ), { flag: 'wx' } );
			break;
		} catch ( error ) {
			if ( error.code !== 'EEXIST' ) {
				throw error;
			}
			if ( ! alive( readPid( file ) ) ) {
				fs.rmSync( file, { force: true } );
				continue;
			}
			if ( Date.now() > deadline ) {
				throw new Error(
					`${ file } is held by process ${ readPid( file ) } for over 60 s`
				);
			}
			await sleep( 100 );
		}
	}
	try {
		return await task();
	} finally {
		fs.rmSync( file, { force: true } );
	}
}

/**
 * Starts a daemon in its own process group, detached from ours (it outlives a CLI that started it),
 * and waits until it answers.
 *
 * @param {Object}                 args
 * @param {string}                 args.name        For messages.
 * @param {string}                 args.command     Program.
 * @param {string[]}               args.args        Arguments.
 * @param {string}                 args.log         Log file for its output.
 * @param {() => Promise<boolean>} args.ready       Whether it answers yet.
 * @param {number}                 [args.timeoutMs]
 * @return {Promise<number>} Its process id.
 */
async function startDaemon( {
	name,
	command,
	args,
	log,
	ready,
	timeoutMs = 30000,
} ) {
	const out = fs.openSync( log, 'a' );
	const child = spawn( command, args, {
		stdio: [ 'ignore', out, out ],
		detached: true,
	} );
	fs.closeSync( out );
	let exited = null;
	child.once(
		'exit',
		( code, signal ) => ( exited = signal || `code ${ code }` )
	);
	child.once( 'error', ( error ) => ( exited = error.message ) );
	child.unref();
	const deadline = Date.now() + timeoutMs;
	while ( ! ( await ready() ) ) {
		if ( exited || Date.now() > deadline ) {
			const tail = fs
				.readFileSync( log, 'utf8' )
				.trimEnd()
				.split( '\n' )
				.slice( -8 )
				.join( '\n' );
			if ( ! exited ) {
				process.kill( child.pid, 'SIGKILL' );
			}
			throw new Error(
				`${ name } ${ exited ? `exited (${ exited })` : `did not answer within ${ timeoutMs / 1000 } s` }; the end of ${ log }:\n${ tail }`
			);
		}
		await sleep( 50 );
	}
	return child.pid;
}

/**
 * Ends a daemon we started and waits until it is gone (SIGTERM is a clean shutdown for both).
 *
 * @param {number} pid  Process id.
 * @param {string} name For messages.
 */
async function stopDaemon( pid, name ) {
	if ( ! pid || ! alive( pid ) ) {
		return;
	}
	process.kill( pid, 'SIGTERM' );
	for ( let waited = 0; alive( pid ); waited += 50 ) {
		if ( waited > 20000 ) {
			process.kill( pid, 'SIGKILL' );
			console.warn(
				`services: ${ name } (pid ${ pid }) ignored SIGTERM for 20 s; killed`
			);
			break;
		}
		await sleep( 50 );
	}
}

/**
 * The handle of a running service.
 *
 * @param {string}  socket  Its socket.
 * @param {boolean} started Whether this call started it.
 * @param {string}  pidFile Where its process id is.
 * @param {string}  name    For messages.
 * @return {{ socket: string, started: boolean, pid: number, stop: () => Promise<void> }} Handle.
 */
function handle( socket, started, pidFile, name ) {
	const pid = readPid( pidFile );
	return {
		socket,
		started,
		pid,
		// Only the one that started it stops it: a service found running belongs to someone else.
		stop: async () => {
			if ( started ) {
				await stopDaemon( pid, name );
			}
		},
	};
}

function mariaDbAdminUser() {
	return os.userInfo().username;
}

/**
 * Runs SQL through the mariadb client as the installing OS user (socket authentication).
 *
 * @param {string} sql Statements.
 * @return {string} What the client printed (tab-separated rows, no headers).
 */
export function mariaDbQuery( sql ) {
	const client = requireProgram(
		'mariadb',
		'mariadb-client',
		'the MariaDB client'
	);
	const result = spawnSync(
		client,
		[
			'--no-defaults',
			`--socket=${ MARIADB_SOCKET }`,
			`--user=${ mariaDbAdminUser() }`,
			'--batch',
			'--skip-column-names',
			'--execute',
			sql,
		],
		{ encoding: 'utf8' }
	);
	if ( result.status !== 0 ) {
		throw new Error(
			`MariaDB refused ${ sql.slice( 0, 80 ) }: ${ ( result.stderr || result.error?.message || '' ).trim() }`
		);
	}
	return result.stdout;
}

/**
 * Starts the private MariaDB unless it already answers, making its data directory on first use.
 *
 * @param {Object}  [options]
 * @param {boolean} [options.quiet] Print nothing.
 * @return {Promise<{ socket: string, started: boolean, pid: number, seconds: number, stop: () => Promise<void> }>} Handle.
 */
export async function startMariaDb( { quiet = false } = {} ) {
	const pidFile = path.join( MARIADB_DIR, 'mariadbd.pid' );
	if ( await mariaDbAnswers( MARIADB_SOCKET ) ) {
		return {
			...handle( MARIADB_SOCKET, false, pidFile, 'MariaDB' ),
			seconds: 0,
		};
	}
	const began = Date.now();
	const server = requireProgram(
		'mariadbd',
		'mariadb-server',
		'the private MariaDB'
	);
	const install = requireProgram(
		'mariadb-install-db',
		'mariadb-server',
		'the private MariaDB'
	);
	requireProgram( 'mariadb', 'mariadb-client', 'the MariaDB client' );
	fs.mkdirSync( MARIADB_DIR, { recursive: true } );
	const dataDir = path.join( MARIADB_DIR, 'data' );
	const log = path.join( MARIADB_DIR, 'mariadb.log' );
	const user = mariaDbAdminUser();

	return withLock( path.join( MARIADB_DIR, 'start.lock' ), async () => {
		if ( await mariaDbAnswers( MARIADB_SOCKET ) ) {
			return {
				...handle( MARIADB_SOCKET, false, pidFile, 'MariaDB' ),
				seconds: 0,
			};
		}
		const created = ! fs.existsSync( path.join( dataDir, 'mysql' ) );
		if ( created ) {
			fs.rmSync( dataDir, { recursive: true, force: true } );
			// root@localhost and this OS user log in over the socket as themselves, without a password.
			const result = spawnSync(
				install,
				[
					'--no-defaults',
					`--datadir=${ dataDir }`,
					`--user=${ user }`,
					'--auth-root-authentication-method=socket',
					'--skip-test-db',
				],
				{ encoding: 'utf8' }
			);
			fs.appendFileSync( log, `${ result.stdout }${ result.stderr }` );
			if ( result.status !== 0 ) {
				fs.rmSync( dataDir, { recursive: true, force: true } );
				throw new Error(
					`mariadb-install-db failed (see ${ log }):\n${ result.stderr }`
				);
			}
		}
		fs.rmSync( MARIADB_SOCKET, { force: true } );
		const pid = await startDaemon( {
			name: 'MariaDB',
			command: server,
			args: [
				'--no-defaults',
				`--datadir=${ dataDir }`,
				`--socket=${ MARIADB_SOCKET }`,
				`--pid-file=${ pidFile }`,
				`--log-error=${ log }`,
				'--skip-networking',
				// mariadbd refuses to run as root unless told to.
				...( process.getuid?.() === 0 ? [ '--user=root' ] : [] ),
				'--character-set-server=utf8mb4',
				'--collation-server=utf8mb4_unicode_ci',
				// Test data: no fsync per commit, a small buffer pool.
				'--innodb-flush-log-at-trx-commit=2',
				'--innodb-buffer-pool-size=64M',
				'--max-connections=200',
			],
			log,
			ready: () => mariaDbAnswers( MARIADB_SOCKET ),
		} );
		fs.writeFileSync( pidFile, `${ pid }\n` );
		if ( created ) {
			mariaDbQuery(
				`CREATE USER IF NOT EXISTS '${ DB_USER }'@'localhost' IDENTIFIED BY '${ DB_PASSWORD }';` +
					` GRANT ALL PRIVILEGES ON *.* TO '${ DB_USER }'@'localhost';`
			);
		}
		const seconds = ( Date.now() - began ) / 1000;
		if ( ! quiet ) {
			console.log(
				`MariaDB ${ mariaDbQuery( 'SELECT VERSION()' ).trim() }: ${ path.relative( REPO_ROOT, MARIADB_SOCKET ) } (${ created ? 'new data directory, ' : '' }pid ${ pid }) in ${ seconds.toFixed( 1 ) } s`
			);
		}
		return {
			...handle( MARIADB_SOCKET, true, pidFile, 'MariaDB' ),
			seconds,
		};
	} );
}

/**
 * A database name for a site: letters, digits and underscores, prefixed `kg_`.
 *
 * @param {string} siteDir Site directory.
 * @return {string} Name.
 */
export function databaseName( siteDir ) {
	return `kg_${ path.basename( siteDir ).replace( /[^A-Za-z0-9_]/g, '_' ) }`.slice(
		0,
		64
	);
}

/**
 * Creates a site's database (dropping it first when fresh) and tells whether WordPress is in it.
 *
 * @param {string}  name            Database name (from databaseName()).
 * @param {Object}  [options]
 * @param {boolean} [options.fresh] Drop it first.
 * @return {{ installed: boolean }} Whether it already holds WordPress's options table.
 */
export function createDatabase( name, { fresh = false } = {} ) {
	if ( ! /^[A-Za-z0-9_]+$/.test( name ) ) {
		throw new Error( `not a database name: ${ name }` );
	}
	mariaDbQuery(
		`${ fresh ? `DROP DATABASE IF EXISTS \`${ name }\`; ` : '' }CREATE DATABASE IF NOT EXISTS \`${ name }\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`
	);
	const tables = mariaDbQuery(
		`SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${ name }' AND TABLE_NAME = 'wp_options'`
	);
	return { installed: Number( tables.trim() ) > 0 };
}

/**
 * Starts the private Redis unless it already answers: a Unix socket only (port 0), nothing saved.
 *
 * @param {Object}  [options]
 * @param {boolean} [options.quiet] Print nothing.
 * @return {Promise<{ socket: string, started: boolean, pid: number, seconds: number, stop: () => Promise<void> }>} Handle.
 */
export async function startRedis( { quiet = false } = {} ) {
	const pidFile = path.join( REDIS_DIR, 'redis.pid' );
	if ( await redisAnswers( REDIS_SOCKET ) ) {
		return {
			...handle( REDIS_SOCKET, false, pidFile, 'Redis' ),
			seconds: 0,
		};
	}
	const began = Date.now();
	const server = requireProgram(
		'redis-server',
		'redis-server',
		'the private Redis'
	);
	fs.mkdirSync( REDIS_DIR, { recursive: true } );
	const log = path.join( REDIS_DIR, 'redis.log' );
	const config = path.join( REDIS_DIR, 'redis.conf' );
	return withLock( path.join( REDIS_DIR, 'start.lock' ), async () => {
		if ( await redisAnswers( REDIS_SOCKET ) ) {
			return {
				...handle( REDIS_SOCKET, false, pidFile, 'Redis' ),
				seconds: 0,
			};
		}
		fs.writeFileSync(
			config,
			[
				'# Written by scripts/services.mjs: a private cache for test sites.',
				'port 0',
				`unixsocket ${ REDIS_SOCKET }`,
				'unixsocketperm 700',
				'daemonize no',
				`dir ${ REDIS_DIR }`,
				`pidfile ${ pidFile }`,
				`logfile ${ log }`,
				'save ""',
				'appendonly no',
				'maxmemory 256mb',
				'maxmemory-policy allkeys-lru',
				'',
			].join( '\n' )
		);
		fs.rmSync( REDIS_SOCKET, { force: true } );
		const pid = await startDaemon( {
			name: 'Redis',
			command: server,
			args: [ config ],
			log,
			ready: () => redisAnswers( REDIS_SOCKET ),
		} );
		fs.writeFileSync( pidFile, `${ pid }\n` );
		const seconds = ( Date.now() - began ) / 1000;
		if ( ! quiet ) {
			console.log(
				`Redis: ${ path.relative( REPO_ROOT, REDIS_SOCKET ) } (pid ${ pid }, no persistence) in ${ seconds.toFixed( 1 ) } s`
			);
		}
		return { ...handle( REDIS_SOCKET, true, pidFile, 'Redis' ), seconds };
	} );
}

/**
 * Deletes the keys under a prefix (a fresh site's database must not meet an old site's cache).
 *
 * @param {string} prefix Key prefix (WP_REDIS_PREFIX).
 */
export function flushRedisPrefix( prefix ) {
	const cli = requireProgram(
		'redis-cli',
		'redis-tools',
		'the Redis client'
	);
	const script =
		"local n = 0 for _, k in ipairs( redis.call( 'KEYS', ARGV[1] ) ) do redis.call( 'DEL', k ) n = n + 1 end return n";
	const result = spawnSync(
		cli,
		[
			'-s',
			REDIS_SOCKET,
			'EVAL',
			script,
			'0',
			`${ prefix.replace( /[*?[\]\\]/g, '\\$&' ) }*`,
		],
		{ encoding: 'utf8' }
	);
	if ( result.status !== 0 || /ERR/.test( result.stdout ) ) {
		throw new Error(
			`could not flush Redis keys ${ prefix }*: ${ result.stdout }${ result.stderr }`
		);
	}
}

async function main() {
	const [ command = 'status', which ] = process.argv.slice( 2 );
	const services = {
		mariadb: {
			start: startMariaDb,
			socket: MARIADB_SOCKET,
			pidFile: path.join( MARIADB_DIR, 'mariadbd.pid' ),
			answers: mariaDbAnswers,
		},
		redis: {
			start: startRedis,
			socket: REDIS_SOCKET,
			pidFile: path.join( REDIS_DIR, 'redis.pid' ),
			answers: redisAnswers,
		},
	};
	const names = which ? [ which ] : Object.keys( services );
	for ( const name of names ) {
		const service = services[ name ];
		if (
			! service ||
			! [ 'start', 'stop', 'status' ].includes( command )
		) {
			console.error(
				'Usage: node scripts/services.mjs start|stop|status [mariadb|redis]'
			);
			process.exit( 2 );
		}
		const running = await service.answers( service.socket );
		if ( command === 'start' ) {
			const started = await service.start();
			if ( ! started.started ) {
				console.log(
					`${ name }: already running on ${ service.socket }`
				);
			}
		} else if ( command === 'stop' ) {
			// Only a service that answers: a pid file left by a killed one may name another process now.
			if ( running ) {
				await stopDaemon( readPid( service.pidFile ), name );
			}
			console.log(
				`${ name }: ${ running ? 'stopped' : 'was not running' }`
			);
		} else {
			console.log(
				`${ name }: ${ running ? `running on ${ service.socket } (pid ${ readPid( service.pidFile ) })` : 'not running' }`
			);
		}
	}
}

if (
	process.argv[ 1 ] &&
	path.resolve( process.argv[ 1 ] ) === fileURLToPath( import.meta.url )
) {
	main().catch( ( error ) => {
		console.error( `services: ${ error.message }` );
		process.exit( 1 );
	} );
}
