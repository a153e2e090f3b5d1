#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * npm test's release check: builds the plugin zip as `npm run plugin-zip` does, checks that it
 * carries the plugin's files and no development files, then unpacks it into a fresh WordPress
 * (a site of its own, .wp-sites/zip) in place of the development copy, and activates it there as
 * the admin's Plugins screen would: the plugin loads from the zip's files, makes its tables and
 * records its version.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const SLUG = 'key-guard-for-openai';
const ZIP = path.join( ROOT, `${ SLUG }.zip` );
const SITE = path.join( ROOT, '.wp-sites/zip' );

/** What the zip must hold (below its folder). */
const REQUIRED = [
	'plugin.php',
	'uninstall.php',
	'readme.txt',
	'php/Plugin.php',
	'php/Hooks.php',
	'data/prices.json',
	'data/models.json',
	'build/settings.js',
	'build/settings.asset.php',
	'build/usage-chart.js',
	`languages/${ SLUG }.pot`,
];

/** What a zip for users never holds: tests, sources, tools, dependencies, configs, logs, dotfiles. */
const FORBIDDEN = new RegExp(
	[
		'(^|/)(tests|src|e2e|scripts|docs|node_modules|vendor|artifacts|test-results|playwright-report)/',
		'(^|/)\\.',
		'\\.(ts|tsx|map|mjs|mts|cjs|neon|dist|log|zip|lock)$',
		'(^|/)(package(-lock)?|composer|tsconfig)\\.json$',
		'(^|/)(webpack|eslint|playwright|vitest)[^/]*\\.config\\.|(^|/)[^/]*\\.config\\.(js|cjs|mjs|ts|mts)$',
		'(^|/)(phpunit|phpcs|phpstan)[^/]*\\.(xml|neon)',
		'(^|/)README\\.md$',
	].join( '|' )
);

/**
 * Runs a command; throws with its output when it fails.
 *
 * @param {string}   command The program.
 * @param {string[]} args    Its arguments.
 * @param {Object}   options spawnSync options.
 * @return {string} What it printed.
 */
function run( command, args, options = {} ) {
	const result = spawnSync( command, args, {
		cwd: ROOT,
		encoding: 'utf8',
		...options,
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`${ command } ${ args.join( ' ' ) } failed:\n${ result.stdout }${ result.stderr }`
		);
	}
	return result.stdout;
}

/**
 * One step of tests/php/Suites/zip-runner.php on the zip's site.
 *
 * @param {string} action deactivate, activate or report.
 * @return {Object} Its JSON answer.
 */
function site( action ) {
	const out = run( 'php', [
		path.join( ROOT, 'tests/php/Suites/zip-runner.php' ),
		SITE,
		action,
	] );
	return JSON.parse( out.trim().split( '\n' ).pop() ?? '{}' );
}

function fail( message ) {
	console.error( `release check: ${ message }` );
	process.exit( 1 );
}

fs.rmSync( ZIP, { force: true } );
run( 'npm', [ 'run', 'plugin-zip', '--silent' ] );
if ( ! fs.existsSync( ZIP ) ) {
	fail( `npm run plugin-zip made no ${ path.basename( ZIP ) }` );
}
const entries = run( 'unzip', [ '-Z1', ZIP ] ).split( '\n' ).filter( Boolean );
const outside = entries.filter(
	( entry ) => ! entry.startsWith( `${ SLUG }/` )
);
if ( outside.length ) {
	fail( `entries outside the ${ SLUG }/ folder: ${ outside.join( ', ' ) }` );
}
const files = entries.map( ( entry ) => entry.slice( SLUG.length + 1 ) );
const missing = REQUIRED.filter( ( file ) => ! files.includes( file ) );
const dev = files.filter( ( file ) => FORBIDDEN.test( file ) );
if ( missing.length ) {
	fail( `missing from the zip: ${ missing.join( ', ' ) }` );
}
if ( dev.length ) {
	fail( `development files in the zip: ${ dev.join( ', ' ) }` );
}

const { makeSite } = await import( path.join( ROOT, 'scripts/make-site.mjs' ) );
await makeSite( {
	dir: SITE,
	url: 'http://127.0.0.1:8897',
	fresh: true,
	quiet: true,
} );
// The development copy (a link to this checkout) makes way for the zip's files.
const plugins = path.join( SITE, 'wp-content/plugins' );
site( 'deactivate' );
fs.rmSync( path.join( plugins, SLUG ), { recursive: true, force: true } );
run( 'unzip', [ '-q', ZIP, '-d', plugins ] );

const activated = site( 'activate' );
if ( activated.error || activated.printed ) {
	fail(
		`activating the zip's plugin failed: ${
			activated.error ?? `it printed ${ activated.printed }`
		}`
	);
}
const report = site( 'report' );
const expectedFile = fs.realpathSync(
	path.join( plugins, SLUG, 'plugin.php' )
);
if ( ! report.active || report.file !== expectedFile ) {
	fail( `the active plugin is not the zip's: ${ JSON.stringify( report ) }` );
}
if (
	! report.version ||
	report.tables.length !== 3 ||
	report.tables.includes( false )
) {
	fail(
		`activation did not install the plugin's data: ${ JSON.stringify( report ) }`
	);
}
if ( ! report.state || report.state.configured !== false ) {
	fail(
		`the plugin does not answer on the fresh site: ${ JSON.stringify( report ) }`
	);
}
fs.rmSync( ZIP, { force: true } );
console.log(
	`release check: ${ entries.length } entries, no development file; installed and activated from the zip in a fresh WordPress (version ${ report.version }, 3 tables)`
);
