/**
 * The Node versions the README names, package.json's `engines.node` and the `engines` of the
 * installed direct devDependencies tell the same story.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve( __dirname, '../..' );

/** The part of semver these checks use (installed already, through @wordpress/scripts' Babel preset). */
interface Semver {
	satisfies: ( version: string, range: string ) => boolean;
	coerce: ( version: string ) => { version: string } | null;
	major: ( version: string ) => number;
}
const semver = createRequire( resolve( ROOT, 'package.json' ) )(
	'semver'
) as Semver;

function read( file: string ): string {
	return readFileSync( resolve( ROOT, file ), 'utf8' );
}

interface Manifest {
	name: string;
	version: string;
	engines?: { node?: string };
	devDependencies?: Record< string, string >;
}

const manifest = JSON.parse( read( 'package.json' ) ) as Manifest;
const readme = read( 'README.md' );
const engines = manifest.engines?.node ?? '';

/**
 * Direct devDependencies whose `engines` leave out Node 20, which they run on all the same; the
 * README names each. Upgrading one, or a release that admits Node 20 again, fails the test until
 * the entry is updated or removed.
 */
const RUN_ON_NODE_20_REGARDLESS: Record<
	string,
	{ version: string; engines: string }
> = {};

/** The lowest version of each Node line the README's "They need Node 20.19+, 22.13+ or 24+" names. */
function readmeVersions(): string[] {
	const sentence =
		/They need Node ((?:\d+(?:\.\d+){0,2}\+(?:, | or )?)+)/.exec( readme );
	expect( sentence, 'README: "They need Node 20.19+, …"' ).not.toBeNull();
	return ( sentence?.[ 1 ] ?? '' )
		.split( /, | or / )
		.map( ( part ) => semver.coerce( part )?.version ?? part );
}

function installed( name: string ): Manifest {
	return JSON.parse(
		read( `node_modules/${ name }/package.json` )
	) as Manifest;
}

/** The direct devDependencies that declare the Node versions they support, but the exceptions. */
function declaredRanges(): Array< [ string, string ] > {
	return Object.keys( manifest.devDependencies ?? {} )
		.filter( ( name ) => ! ( name in RUN_ON_NODE_20_REGARDLESS ) )
		.map( ( name ): [ string, string ] => [
			name,
			installed( name ).engines?.node ?? '*',
		] )
		.filter( ( [ , range ] ) => range !== '*' );
}

/** x.y.0 for every Node line from 16 to 30, and a few patch releases: enough to compare ranges. */
function sampleVersions(): string[] {
	const versions: string[] = [];
	for ( let major = 16; major <= 30; major++ ) {
		for ( let minor = 0; minor <= 40; minor++ ) {
			versions.push(
				`${ major }.${ minor }.0`,
				`${ major }.${ minor }.9`
			);
		}
	}
	return versions;
}

describe( 'the Node requirement', () => {
	it( 'package.json engines.node is exactly the versions the README names', () => {
		const lowest = readmeVersions();
		const expected = lowest
			.map( ( version, index ) =>
				index < lowest.length - 1 ? `^${ version }` : `>=${ version }`
			)
			.join( ' || ' );
		expect( engines ).toBe( expected );
	} );

	it( 'includes Node 20, which CI and .nvmrc use, and the Node running this test', () => {
		const nvmrc = Number( read( '.nvmrc' ).trim() );
		expect(
			readmeVersions().map( ( version ) => semver.major( version ) )
		).toContain( nvmrc );
		expect( semver.satisfies( process.version, engines ) ).toBe( true );
	} );

	it.each( declaredRanges() )(
		'%s (engines %s) runs on the lowest version of each line the README names',
		( _name, range ) => {
			for ( const version of readmeVersions() ) {
				expect( semver.satisfies( version, range ), version ).toBe(
					true
				);
			}
		}
	);

	it( 'admits exactly the versions every direct devDependency admits', () => {
		const ranges = declaredRanges();
		const disagreements = sampleVersions().filter(
			( version ) =>
				semver.satisfies( version, engines ) !==
				ranges.every( ( [ , range ] ) =>
					semver.satisfies( version, range )
				)
		);
		expect( disagreements ).toEqual( [] );
	} );

	it.each( Object.entries( RUN_ON_NODE_20_REGARDLESS ) )(
		'%s is still an exception, at the version and engines listed, and the README says so',
		( name, listed ) => {
			const found = installed( name );
			expect( {
				version: found.version,
				engines: found.engines?.node,
			} ).toEqual( listed );
			expect(
				semver.satisfies( readmeVersions()[ 0 ], listed.engines )
			).toBe( false );
			expect( readme ).toContain( `\`${ name }\`` );
		}
	);
} );
