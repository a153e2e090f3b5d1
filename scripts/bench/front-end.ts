/**
 * The front-end A/B of `npm run bench`: two identical sites, the plugin active on one and inactive
 * on the other, each with the same saved key, served side by side (with OPcache, as production
 * hosts run PHP), and requests to `/`, a REST route (`/wp-json/wp/v2/posts`) and the REST index
 * `/wp-json/` alternating between them. Reports the median
 * time ratio and the queries the plugin adds, the autoloaded bytes it stores (names and values of
 * its autoloaded options: comparing whole sites would count the other site's admin visits, such as
 * cron entries), and what reading the key costs another plugin.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface FrontEndFigures {
	rows: Array< {
		path: string;
		onMs: number;
		offMs: number;
		ratio: number;
		queriesAdded: number;
	} >;
	autoload: { bytes: number; options: string[] };
	lookup: { firstQueries: number; laterUs: number; offLaterUs: number };
}

interface Site {
	dir: string;
	url: string;
}

const SAMPLES = 100;
const QUERY_MARK = /<!-- kg-queries:(\d+) -->/;

/** A bench-only must-use plugin: the page's query count, written last. */
const QUERY_COUNTER = `<?php
// Bench only: prints the request's query count at the very end when ?kg_bench is set.
add_action( 'shutdown', static function () {
	if ( isset( $_GET['kg_bench'] ) ) {
		echo "\\n<!-- kg-queries:" . (int) get_num_queries() . " -->";
	}
}, PHP_INT_MAX );
`;

const median = ( values: number[] ) =>
	[ ...values ].sort( ( a, b ) => a - b )[ Math.floor( values.length / 2 ) ];

/**
 * Runs the bench helper against a site and returns its JSON line.
 *
 * @param root Repository root.
 * @param site The site.
 * @param args The action and its arguments.
 */
export function siteFacts(
	root: string,
	site: Site,
	...args: string[]
): Record< string, unknown > {
	const run = spawnSync(
		'php',
		[
			path.join( root, 'scripts/bench/site-facts.php' ),
			site.dir,
			...args,
		],
		{ encoding: 'utf8' }
	);
	const line = run.stdout.trim().split( '\n' ).pop() ?? '';
	if ( run.status !== 0 || ! line.startsWith( '{' ) ) {
		throw new Error(
			`site-facts ${ args[ 0 ] } failed: ${ run.stderr || run.stdout }`
		);
	}
	return JSON.parse( line );
}

/**
 * Installs the query counter on a site.
 *
 * @param site The site.
 */
export function countQueries( site: Site ): void {
	fs.writeFileSync(
		path.join( site.dir, 'wp-content/mu-plugins/kg-bench-queries.php' ),
		QUERY_COUNTER
	);
}

async function sample(
	url: string
): Promise< { ms: number; queries: number } > {
	const started = performance.now();
	const body = await ( await fetch( url ) ).text();
	const ms = performance.now() - started;
	const mark = QUERY_MARK.exec( body );
	if ( ! mark ) {
		throw new Error( `no query count in the answer of ${ url }` );
	}
	return { ms, queries: Number( mark[ 1 ] ) };
}

/**
 * Measures both sites, alternating which goes first.
 *
 * @param root Repository root.
 * @param on   The site with the plugin active.
 * @param off  The same site with the plugin inactive.
 */
export async function frontEndAB(
	root: string,
	on: Site,
	off: Site
): Promise< FrontEndFigures > {
	const rows: FrontEndFigures[ 'rows' ] = [];
	for ( const route of [ '/', '/wp-json/wp/v2/posts', '/wp-json/' ] ) {
		const times = { on: [] as number[], off: [] as number[] };
		const queries = { on: [] as number[], off: [] as number[] };
		for ( let i = -5; i < SAMPLES; i++ ) {
			const order = i % 2 === 0 ? [ 'on', 'off' ] : [ 'off', 'on' ];
			for ( const which of order as Array< 'on' | 'off' > ) {
				const site = which === 'on' ? on : off;
				const got = await sample(
					`${ site.url }${ route }?kg_bench=1`
				);
				if ( i >= 0 ) {
					times[ which ].push( got.ms );
					queries[ which ].push( got.queries );
				}
			}
		}
		const onMs = median( times.on );
		const offMs = median( times.off );
		rows.push( {
			path: route,
			onMs,
			offMs,
			ratio: onMs / offMs,
			queriesAdded: median( queries.on ) - median( queries.off ),
		} );
	}
	const autoload = siteFacts( root, on, 'autoload' );
	const lookupOn = siteFacts( root, on, 'lookup' );
	const lookupOff = siteFacts( root, off, 'lookup' );
	if ( lookupOn.configured !== true || lookupOff.configured !== true ) {
		throw new Error( 'the key is not readable on both bench sites' );
	}
	return {
		rows,
		autoload: {
			bytes: Number( autoload.bytes ),
			options: autoload.options as string[],
		},
		lookup: {
			firstQueries: Number( lookupOn.first_queries ),
			laterUs: Number( lookupOn.later_us ),
			offLaterUs: Number( lookupOff.later_us ),
		},
	};
}
