/**
 * The cluster harness proves itself: two web servers (separate processes, several PHP workers
 * each) really serve one WordPress on one MariaDB database, with and without a Redis object cache
 * shared by both; parallel requests through the real WordPress HTTP stack count exactly with an
 * atomic upsert; and a request of the site reaches the OpenAI simulator. The usage guard's
 * concurrency tests build on the same helpers (tests/cluster/support/cluster.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simKey } from '../support/openai-simulator/keys';
import {
	type Answer,
	type Cluster,
	PROBE_MU_PLUGIN,
	PROBE_PATH,
	REPO_ROOT,
	fireParallel,
	send,
	startCluster,
} from './support/cluster';

const REDIS_DROP_IN = path.join(
	process.env.KEY_GUARD_SHARED_DIR ?? path.resolve( REPO_ROOT, '../shared' ),
	'fixtures/redis-object-cache/object-cache.php'
);
const HAS_REDIS_DROP_IN = fs.existsSync( REDIS_DROP_IN );

/**
 * The processes of a process group (Linux: read from /proc), sorted.
 *
 * @param pgid Process group id (a server's pid: serve.mjs makes it a group leader).
 */
function processGroup( pgid: number ): number[] {
	const members: number[] = [];
	for ( const entry of fs.readdirSync( '/proc' ) ) {
		if ( ! /^\d+$/.test( entry ) ) {
			continue;
		}
		try {
			// pid (comm) state ppid pgrp …; comm may hold spaces, so read after its closing parenthesis.
			const stat = fs.readFileSync( `/proc/${ entry }/stat`, 'utf8' );
			const fields = stat
				.slice( stat.lastIndexOf( ')' ) + 2 )
				.split( ' ' );
			if ( Number( fields[ 2 ] ) === pgid ) {
				members.push( Number( entry ) );
			}
		} catch {
			// Ended meanwhile.
		}
	}
	return members.sort( ( a, b ) => a - b );
}

if ( ! HAS_REDIS_DROP_IN ) {
	// eslint-disable-next-line no-console -- says why a whole variant is skipped.
	console.warn(
		`No Redis object-cache drop-in at ${ REDIS_DROP_IN }: the Redis cluster tests are skipped (set KEY_GUARD_SHARED_DIR to the folder that holds fixtures/).`
	);
}

interface Who {
	port: number;
	host: string;
	pid: number;
	server_pid: number | null;
	home: string;
	db: {
		version: string;
		connection_id: number;
		name: string;
		socket: string;
		datadir: string;
	};
	object_cache: boolean;
}

/** Requests each parallel batch sends: more than the 8 PHP workers, so requests queue and overlap. */
const PARALLEL = 50;

const variants = [
	{ label: 'MariaDB', redis: false, dir: '.wp-sites/cluster' },
	{
		label: 'MariaDB + Redis object cache',
		redis: true,
		dir: '.wp-sites/cluster-redis',
	},
];

/**
 * Tells which servers answered, by port.
 *
 * @param answers Answers carrying `port`.
 */
function portsOf( answers: Answer[] ): number[] {
	return [
		...new Set( answers.map( ( answer ) => answer.body.port ) ),
	].sort();
}

for ( const { label, redis, dir } of variants ) {
	describe.skipIf( redis && ! HAS_REDIS_DROP_IN )(
		`cluster on ${ label }`,
		() => {
			let cluster: Cluster;
			let ports: number[];

			beforeAll( async () => {
				cluster = await startCluster( {
					dir,
					redis,
					simulator: true,
					muPlugins: [ PROBE_MU_PLUGIN ],
				} );
				ports = cluster.urls.map( ( url ) =>
					Number( new URL( url ).port )
				);
				expect(
					cluster.wp< boolean >(
						'return key_guard_cluster_install();'
					)
				).toBe( true );
			} );

			afterAll( async () => {
				await cluster?.stop();
			} );

			test( 'two web servers, separate processes with several workers each, answer for one address on one database', async () => {
				const answers = await fireParallel(
					16,
					cluster.urls,
					// Each request holds its worker a moment, so that a server's 8 requests overlap.
					`${ PROBE_PATH }/whoami?pause_ms=100`,
					{ host: cluster.host }
				);
				expect( answers.map( ( answer ) => answer.status ) ).toEqual(
					Array( 16 ).fill( 200 )
				);
				const who = answers.map( ( answer ) => answer.body as Who );
				expect( portsOf( answers ) ).toEqual( ports );
				for ( const [ index, answer ] of who.entries() ) {
					const server = index % 2;
					expect( answer.port ).toBe( ports[ server ] );
					// Every worker of a server is in that server's process group; none in the other's.
					expect( answer.server_pid ).toBe( cluster.pids[ server ] );
					expect( answer.host ).toBe( cluster.host );
					expect( answer.home ).toBe( cluster.url );
					expect( answer.object_cache ).toBe( redis );
				}
				expect( cluster.pids[ 0 ] ).not.toBe( cluster.pids[ 1 ] );
				// Each server is a process group of its own with its workers (PHP_CLI_SERVER_WORKERS=4),
				// and every answer came from a process of the right group. Which workers take a batch
				// is the scheduler's choice (one may accept several connections), so it is only reported.
				const groups = cluster.pids.map( processGroup );
				for ( const [ server, group ] of groups.entries() ) {
					expect( group.length ).toBeGreaterThanOrEqual( 4 );
					expect( group ).not.toContain( cluster.pids[ 1 - server ] );
				}
				for ( const [ index, answer ] of who.entries() ) {
					expect( groups[ index % 2 ] ).toContain( answer.pid );
				}
				const answering = ( server: number ) =>
					new Set(
						who
							.filter(
								( answer ) => answer.port === ports[ server ]
							)
							.map( ( answer ) => answer.pid )
					).size;
				// eslint-disable-next-line no-console -- what the scheduler did, for the CI log.
				console.log(
					`${ dir }: server processes ${ groups.map( ( group ) => group.length ).join( ' and ' ) }; workers that answered 8 requests each: ${ answering( 0 ) } and ${ answering( 1 ) }`
				);

				// One MariaDB server (socket, data directory), one database, a connection per request.
				const databases = new Set(
					who.map( ( answer ) =>
						JSON.stringify( [
							answer.db.socket,
							answer.db.datadir,
							answer.db.name,
							answer.db.version,
						] )
					)
				);
				expect( [ ...databases ] ).toEqual( [
					JSON.stringify( [
						cluster.dbSocket,
						path.join( REPO_ROOT, '.wp-sites/mariadb/data' ) + '/',
						cluster.database,
						who[ 0 ].db.version,
					] ),
				] );
				expect( who[ 0 ].db.version ).toMatch( /MariaDB/ );
				expect(
					new Set( who.map( ( answer ) => answer.db.connection_id ) )
						.size
				).toBe( 16 );
			} );

			test(
				redis
					? 'a value cached through one server is read through the other'
					: 'without a persistent object cache nothing cached outlives its request',
				async () => {
					const key = `handoff-${ Date.now() }`;
					const stored = await send(
						cluster.urls[ 0 ],
						`${ PROBE_PATH }/cache`,
						{
							method: 'POST',
							body: { key, value: 'from the first server' },
							host: cluster.host,
						}
					);
					expect( stored.body ).toEqual( {
						port: ports[ 0 ],
						stored: true,
					} );
					const read = await send(
						cluster.urls[ 1 ],
						`${ PROBE_PATH }/cache?key=${ key }`,
						{ host: cluster.host }
					);
					expect( read.body ).toEqual(
						redis
							? {
									port: ports[ 1 ],
									found: true,
									value: 'from the first server',
								}
							: { port: ports[ 1 ], found: false, value: false }
					);
					// The CLI reaches the same cache (or the same absence of one).
					expect(
						cluster.wp(
							"return wp_cache_get( $params['key'], 'key-guard-cluster' );",
							{ key }
						)
					).toBe( redis ? 'from the first server' : false );
				}
			);

			test( `${ PARALLEL } parallel atomic upserts over both servers count exactly ${ PARALLEL }`, async () => {
				const name = `atomic-${ Date.now() }`;
				const answers = await fireParallel(
					PARALLEL,
					cluster.urls,
					`${ PROBE_PATH }/count`,
					{
						method: 'POST',
						body: { name, mode: 'atomic' },
						host: cluster.host,
					}
				);
				const slowest = Math.max(
					...answers.map( ( answer ) => answer.ms )
				);
				// eslint-disable-next-line no-console -- the measured time, for the CI log.
				console.log(
					`${ dir }: ${ PARALLEL } atomic upserts over ${ cluster.urls.join( ' + ' ) } in ${ slowest } ms`
				);
				expect(
					answers.filter( ( answer ) => answer.status !== 200 )
				).toEqual( [] );
				expect(
					answers.filter( ( answer ) => answer.body.error )
				).toEqual( [] );
				expect( portsOf( answers ) ).toEqual( ports );
				const count = await send(
					cluster.urls[ 1 ],
					`${ PROBE_PATH }/count?name=${ name }`,
					{ host: cluster.host }
				);
				expect( count.body ).toEqual( { n: PARALLEL } );
				expect(
					cluster.wp< string >(
						"global $wpdb; return $wpdb->get_var( $wpdb->prepare( 'SELECT n FROM ' . key_guard_cluster_table() . ' WHERE name = %s', $params['name'] ) );",
						{ name }
					)
				).toBe( String( PARALLEL ) );
			} );

			test( `${ PARALLEL } parallel read-then-write updates lose counts (the mistake the atomic upsert avoids)`, async () => {
				const name = `racy-${ Date.now() }`;
				const answers = await fireParallel(
					PARALLEL,
					cluster.urls,
					`${ PROBE_PATH }/count`,
					{
						method: 'POST',
						// The pause between the read and the write lets overlapping requests read the same count.
						body: { name, mode: 'racy', pause_ms: 20 },
						host: cluster.host,
					}
				);
				expect(
					answers.filter( ( answer ) => answer.status !== 200 )
				).toEqual( [] );
				const count = await send(
					cluster.urls[ 0 ],
					`${ PROBE_PATH }/count?name=${ name }`,
					{ host: cluster.host }
				);
				// eslint-disable-next-line no-console -- the experiment's outcome, for the CI log.
				console.log(
					`${ dir }: ${ PARALLEL } read-then-write updates counted ${ count.body.n }`
				);
				expect( count.body.n ).toBeGreaterThan( 0 );
				expect( count.body.n ).toBeLessThan( PARALLEL );
			} );

			test( 'a request of the site reaches the OpenAI simulator (wp_safe_remote_post and wp_remote_post)', async () => {
				const key = simKey( 'ok', 'cluster' );
				for ( const [ index, safe ] of [ true, false ].entries() ) {
					const answer = await send(
						cluster.urls[ index ],
						`${ PROBE_PATH }/openai`,
						{
							method: 'POST',
							body: { key, safe },
							host: cluster.host,
						}
					);
					expect( answer.status ).toBe( 200 );
					expect( answer.body ).toMatchObject( {
						port: ports[ index ],
						status: 200,
						body: { object: 'response', status: 'completed' },
					} );
				}
			} );
		}
	);
}
