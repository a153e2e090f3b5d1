/**
 * The usage guard's figures for `npm run bench`:
 *
 * - its cost per request through the HTTP API, A/B in one process (site-facts.php guard), on the
 *   SQLite default and on MariaDB;
 * - throughput and exactness with two web servers on one MariaDB, at 2, 4 and 8 PHP workers per
 *   server: the same batch of site requests that each send an OpenAI request, with the guard's
 *   hooks and without them (the probe's `guard: false`), alternated, medians.
 */
import path from 'node:path';
import { simKey } from '../../tests/support/openai-simulator/keys';
import {
	PROBE_MU_PLUGIN,
	PROBE_PATH,
	fireParallel,
	startCluster,
	type Cluster,
} from '../../tests/cluster/support/cluster';
import { siteFacts } from './front-end';

export interface GuardCost {
	openaiUs: number;
	openaiWrites: number;
	limitedUs: number;
	limitedWrites: number;
	otherUs: number;
	otherWrites: number;
}

export interface ClusterRow {
	workers: number;
	guardedRps: number;
	unguardedRps: number;
	ratio: number;
	/** Requests counted minus requests that reached OpenAI, over every guarded batch (0 = exact). */
	miscounted: number;
	/** With requests_per_day = half a batch: how far the requests that left are from the cap (0 = exact). */
	capOvershoot: number;
}

const BATCH = 100;
const ROUNDS = 5;

const median = ( values: number[] ) =>
	[ ...values ].sort( ( a, b ) => a - b )[ Math.floor( values.length / 2 ) ];

/**
 * The guard's cost per request on one site, from site-facts.php.
 *
 * @param root    Repository root.
 * @param siteDir The site's folder.
 */
export function guardCost( root: string, siteDir: string ): GuardCost {
	const facts = siteFacts(
		root,
		{ dir: siteDir, url: '' },
		'guard'
	) as Record< string, number >;
	return {
		openaiUs: facts.openai_us,
		openaiWrites: facts.openai_writes,
		limitedUs: facts.limited_us,
		limitedWrites: facts.limited_writes,
		otherUs: facts.other_us,
		otherWrites: facts.other_writes,
	};
}

/**
 * One batch of site requests that each send an OpenAI request; resolves with requests per second
 * and how many reached OpenAI.
 *
 * @param cluster The cluster.
 * @param guard   Whether the guard's hooks run.
 */
async function batch(
	cluster: Cluster,
	guard: boolean
): Promise< { rps: number; sent: number } > {
	const started = performance.now();
	const answers = await fireParallel(
		BATCH,
		cluster.urls,
		`${ PROBE_PATH }/openai`,
		( index ) => ( {
			method: 'POST',
			host: cluster.host,
			body: { key: simKey( 'ok', `bench${ index }` ), guard },
		} )
	);
	const seconds = ( performance.now() - started ) / 1000;
	const sent = answers.filter(
		( a ) => a.status === 200 && a.body?.status === 200
	).length;
	return { rps: BATCH / seconds, sent };
}

/**
 * Requests counted today on the cluster's site.
 *
 * @param cluster The cluster.
 */
const counted = ( cluster: Cluster ) =>
	cluster.wp< number >(
		"return key_guard()->get( 'usage' )->sum( 'requests', wp_date( 'Y-m-d' ), wp_date( 'Y-m-d' ) );"
	);

/**
 * Empties the usage tables and sets limits.
 *
 * @param cluster The cluster.
 * @param limits  The limits.
 */
function reset( cluster: Cluster, limits: Record< string, unknown > ) {
	cluster.wp(
		`global $wpdb;
		foreach ( array( 'usage', 'requests', 'quota' ) as $name ) {
			$wpdb->query( 'DELETE FROM ' . key_guard()->get( $name )->name() );
		}
		delete_option( 'key_guard_limits' );
		key_guard()->get( 'limits' )->update( $params['limits'] );`,
		{ limits }
	);
}

/**
 * The cluster figures at 2, 4 and 8 workers per server, and the guard's cost on MariaDB (taken
 * from the first cluster's site).
 *
 * @param root Repository root.
 */
export async function clusterFigures(
	root: string
): Promise< { rows: ClusterRow[]; mariadb: GuardCost } > {
	const services = await import( path.join( root, 'scripts/services.mjs' ) );
	const db = await services.startMariaDb( { quiet: true } );
	const rows: ClusterRow[] = [];
	let mariadb: GuardCost | null = null;
	try {
		for ( const workers of [ 2, 4, 8 ] ) {
			const cluster = await startCluster( {
				dir: '.wp-sites/bench-cluster',
				simulator: true,
				muPlugins: [ PROBE_MU_PLUGIN ],
				workers,
				quiet: true,
			} );
			try {
				if ( ! mariadb ) {
					mariadb = guardCost( root, cluster.siteDir );
				}
				reset( cluster, {} );
				await batch( cluster, true ); // Warm-up: opcode and connection caches.
				await batch( cluster, false );
				reset( cluster, {} );
				const on: number[] = [];
				const off: number[] = [];
				let sent = 0;
				for ( let round = 0; round < ROUNDS; round++ ) {
					const guarded = await batch( cluster, true );
					on.push( guarded.rps );
					sent += guarded.sent;
					off.push( ( await batch( cluster, false ) ).rps );
				}
				const miscounted = counted( cluster ) - sent;
				reset( cluster, { requests_per_day: BATCH / 2 } );
				const capped = await batch( cluster, true );
				rows.push( {
					workers,
					guardedRps: median( on ),
					unguardedRps: median( off ),
					ratio: median( off ) / median( on ),
					miscounted,
					capOvershoot: Math.abs( capped.sent - BATCH / 2 ),
				} );
			} finally {
				await cluster.stop();
			}
		}
	} finally {
		await db.stop();
	}
	return { rows, mariadb: mariadb as GuardCost };
}
