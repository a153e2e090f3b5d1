/**
 * What a concurrency test needs: a cluster (one WordPress on MariaDB behind two `php -S` web servers,
 * see scripts/cluster.mjs) and requests fired at it all at once.
 *
 *   const cluster = await startCluster( { redis: true, simulator: true, muPlugins: [ PROBE_MU_PLUGIN ] } );
 *   const answers = await fireParallel( 50, cluster.urls, '/wp-json/…', { method: 'POST', body: {…}, host: cluster.host } );
 *   cluster.wp( 'global $wpdb; return $wpdb->get_var( "SELECT 1" );' );
 *   await cluster.stop();
 */
import { request } from 'node:http';
import path from 'node:path';

export const REPO_ROOT = path.resolve( __dirname, '../../..' );

/** The test-only REST endpoints (`key-guard-cluster/v1`): who answered, cache, counts, OpenAI. */
export const PROBE_MU_PLUGIN = path.join(
	REPO_ROOT,
	'tests/cluster/mu-plugins/key-guard-cluster-probe.php'
);
export const PROBE_PATH = '/wp-json/key-guard-cluster/v1';

export interface ClusterOptions {
	/** Site folder (default .wp-sites/cluster); it also names the database, so one per cluster. */
	dir?: string;
	/** The Redis object cache, shared by both servers. */
	redis?: boolean;
	/** Start the OpenAI simulator; the site gets OPENAI_BASE_URL and may reach it. */
	simulator?: boolean;
	/** Extra wp-config.php constants. */
	defines?: Record< string, string >;
	/** PHP files copied into wp-content/mu-plugins/ (absolute or relative to the repo root). */
	muPlugins?: string[];
	/** First port to look for free ones from (default 8700, within 8700-8799). */
	port?: number;
	/** PHP workers per server (default 4). */
	workers?: number;
	quiet?: boolean;
}

export interface Cluster {
	/** The site's address (WP_HOME): a front that hands connections to the servers in turn. */
	url: string;
	/** The Host header of that address: send it to either server. */
	host: string;
	/** The two web servers. */
	urls: [ string, string ];
	/** Their process ids (each is its workers' process group). */
	pids: [ number, number ];
	siteDir: string;
	database: string;
	dbSocket: string;
	redisSocket: string | null;
	/** The simulator's base URL (…/v1) when started. */
	simulatorUrl: string | null;
	/** Seconds: mariadb (0 when reused), site (install), servers, total. */
	timings: Record< string, number >;
	/** Runs a PHP function body in the site (WordPress loaded) and returns its JSON-decoded result. */
	wp: < T = unknown >(
		code: string,
		params?: Record< string, unknown >
	) => T;
	/** Stops what the cluster started (MariaDB and Redis only when it started them). */
	stop: () => Promise< void >;
}

/**
 * Starts a cluster (see scripts/cluster.mjs).
 *
 * @param options What it runs with.
 */
export async function startCluster(
	options: ClusterOptions = {}
): Promise< Cluster > {
	// A computed path: the .mjs module is typed by the interfaces above, not by tsc.
	const script: {
		startCluster: ( options: ClusterOptions ) => Promise< Cluster >;
	} = await import( path.join( REPO_ROOT, 'scripts/cluster.mjs' ) );
	return script.startCluster( options );
}

export interface FireInit {
	method?: string;
	/** Sent as JSON. */
	body?: unknown;
	headers?: Record< string, string >;
	/** Host header (a cluster's `host`); default the URL's own. */
	host?: string;
}

export interface Answer {
	/** Position in the batch. */
	index: number;
	/** The server it went to. */
	url: string;
	status: number;
	/** Parsed JSON, or the text when it is not JSON. */
	body: any;
	/** Milliseconds from the batch's start to the answer's end. */
	ms: number;
}

/**
 * Sends one request (node:http, a new connection each, so the Host header is ours to set).
 *
 * @param url       Server URL.
 * @param pathname  Path and query.
 * @param init      Method, body, headers, host.
 * @param startedAt When the batch started (for `ms`).
 * @param index     Position in the batch.
 */
export function send(
	url: string,
	pathname: string,
	init: FireInit = {},
	startedAt = Date.now(),
	index = 0
): Promise< Answer > {
	const payload =
		init.body === undefined ? undefined : JSON.stringify( init.body );
	const headers: Record< string, string > = {
		...( payload !== undefined
			? { 'content-type': 'application/json' }
			: {} ),
		...init.headers,
		...( init.host ? { host: init.host } : {} ),
	};
	return new Promise( ( resolve, reject ) => {
		const call = request(
			new URL( pathname, url ),
			{ method: init.method ?? 'GET', headers, agent: false },
			( response ) => {
				const chunks: Buffer[] = [];
				response.on( 'data', ( chunk: Buffer ) =>
					chunks.push( chunk )
				);
				response.once( 'error', reject );
				response.once( 'end', () => {
					const text = Buffer.concat( chunks ).toString( 'utf8' );
					let body: unknown = text;
					try {
						body = JSON.parse( text );
					} catch {
						// Not JSON: keep the text.
					}
					resolve( {
						index,
						url,
						status: response.statusCode ?? 0,
						body,
						ms: Date.now() - startedAt,
					} );
				} );
			}
		);
		call.once( 'error', reject );
		call.end( payload );
	} );
}

/**
 * Fires n requests at once, spread over the servers in turn (request i to urls[i % urls.length]),
 * and resolves with every answer, in order.
 *
 * @param n        How many.
 * @param urls     Servers.
 * @param pathname Path and query, the same for each; or a function of the request's index.
 * @param init     Method, body (or a function of the index), headers, host.
 */
export function fireParallel(
	n: number,
	urls: readonly string[],
	pathname: string | ( ( index: number ) => string ),
	init: FireInit | ( ( index: number ) => FireInit ) = {}
): Promise< Answer[] > {
	const startedAt = Date.now();
	return Promise.all(
		Array.from( { length: n }, ( _, index ) =>
			send(
				urls[ index % urls.length ],
				typeof pathname === 'function' ? pathname( index ) : pathname,
				typeof init === 'function' ? init( index ) : init,
				startedAt,
				index
			)
		)
	);
}
