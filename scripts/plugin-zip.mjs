#!/usr/bin/env node
/* eslint-disable no-console -- command-line scripts report on the console. */
/**
 * npm run plugin-zip: key-guard-for-openai.zip, the plugin as users install it: exactly the files
 * package.json's "files" lists (the code, its data, the built screen, the translations and the
 * readme), in a key-guard-for-openai/ folder. Not `wp-scripts plugin-zip`, which always adds
 * package.json and README.md, development files a site has no use for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AdmZip from 'adm-zip';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const pkg = JSON.parse(
	fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
);

/**
 * Every file below a path (itself when a file), dotfiles left out, sorted.
 *
 * @param {string} relative A path relative to the repository root.
 * @return {string[]} Relative file paths.
 */
function filesBelow( relative ) {
	const full = path.join( ROOT, relative );
	if ( ! fs.existsSync( full ) ) {
		throw new Error(
			`package.json lists ${ relative }, which does not exist (run npm run build first?)`
		);
	}
	if ( fs.statSync( full ).isFile() ) {
		return [ relative ];
	}
	return fs
		.readdirSync( full )
		.filter( ( name ) => ! name.startsWith( '.' ) )
		.sort()
		.flatMap( ( name ) => filesBelow( path.join( relative, name ) ) );
}

const zip = new AdmZip();
const files = pkg.files.flatMap( filesBelow );
for ( const file of files ) {
	const folder = path.dirname( file );
	zip.addLocalFile(
		path.join( ROOT, file ),
		`${ pkg.name }/${ folder === '.' ? '' : folder }`
	);
}
const out = path.join( ROOT, `${ pkg.name }.zip` );
zip.writeZip( out );
console.log( `${ path.basename( out ) }: ${ files.length } files` );
