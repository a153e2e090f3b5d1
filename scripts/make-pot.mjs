#!/usr/bin/env node
/* eslint-disable no-console -- command-line script. */
/**
 * Writes languages/key-guard-for-openai.pot from the gettext calls in plugin.php, php/ and src/.
 *
 * WP-CLI's i18n command is not installable here, so this is a small extractor for the calls the
 * plugin uses: __, _e, esc_html__, esc_html_e, esc_attr__, esc_attr_e (single string) and _n
 * (singular, plural), with their translators comments. `--check` fails when the file is stale.
 *
 * Why not a maintained extractor: @wp-blocks/make-pot 1.6.6 (tried 2026-11) kept none of the 66
 * translators comments, asks questions on the terminal when package.json lacks an author e-mail,
 * and needs a main file named after the slug. Script translations need no JSON from us: the plugin
 * ships only the template, and `wp i18n make-json` makes the JSON from a translated .po.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const DOMAIN = 'key-guard-for-openai';
const OUT = path.join( ROOT, 'languages', `${ DOMAIN }.pot` );

const STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const CALL = new RegExp(
	String.raw`(?:/\*\s*translators:([\s\S]*?)\*/\s*[\s\S]{0,200}?)?\b(__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e|_n)\(\s*(${ STRING })\s*,\s*(?:(${ STRING })\s*,\s*[^,()]+,\s*)?(${ STRING })`,
	'g'
);

function files( dir, pattern ) {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return files( full, pattern );
			}
			return pattern.test( entry.name ) ? [ full ] : [];
		} );
}

function unquote( literal ) {
	const body = literal.slice( 1, -1 );
	return literal[ 0 ] === "'"
		? body.replace( /\\(['\\])/g, '$1' )
		: JSON.parse( `"${ body.replace( /\\'/g, "'" ) }"` );
}

const po = ( text ) =>
	`"${ text.replace( /\\/g, '\\\\' ).replace( /"/g, '\\"' ).replace( /\n/g, '\\n' ) }"`;

const sources = [
	path.join( ROOT, 'plugin.php' ),
	...files( path.join( ROOT, 'php' ), /\.php$/ ),
	...files( path.join( ROOT, 'src' ), /\.tsx?$/ ),
];
const entries = new Map();
for ( const file of sources ) {
	const text = fs.readFileSync( file, 'utf8' );
	for ( const match of text.matchAll( CALL ) ) {
		const [ , comment, fn, first, plural, domain ] = match;
		if ( unquote( domain ) !== DOMAIN ) {
			continue;
		}
		const singular = unquote( first );
		const id =
			fn === '_n'
				? `${ singular }\u0004${ unquote( plural ) }`
				: singular;
		const line = text
			.slice( 0, match.index + match[ 0 ].indexOf( fn + '(' ) )
			.split( '\n' ).length;
		const entry = entries.get( id ) || {
			singular,
			plural: fn === '_n' ? unquote( plural ) : null,
			refs: [],
			comments: new Set(),
		};
		entry.refs.push( `${ path.relative( ROOT, file ) }:${ line }` );
		if ( comment ) {
			entry.comments.add(
				`translators:${ comment.replace( /\s+/g, ' ' ).trimEnd() }`
			);
		}
		entries.set( id, entry );
	}
}

let pot = `# Copyright (C) Key Guard contributors
# This file is distributed under the GPL-2.0-or-later.
msgid ""
msgstr ""
"Project-Id-Version: Key Guard for OpenAI\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Domain: ${ DOMAIN }\\n"
`;
for ( const entry of entries.values() ) {
	pot += '\n';
	for ( const comment of entry.comments ) {
		pot += `#. ${ comment }\n`;
	}
	pot += `#: ${ entry.refs.join( ' ' ) }\n`;
	pot += `msgid ${ po( entry.singular ) }\n`;
	pot += entry.plural
		? `msgid_plural ${ po( entry.plural ) }\nmsgstr[0] ""\nmsgstr[1] ""\n`
		: 'msgstr ""\n';
}

if ( process.argv.includes( '--check' ) ) {
	const current = fs.existsSync( OUT ) ? fs.readFileSync( OUT, 'utf8' ) : '';
	// Line references move with every edit; the strings and comments are what must be current.
	const strings = ( text ) => text.replace( /^#: .*\n/gm, '' );
	if ( strings( current ) !== strings( pot ) ) {
		console.error(
			`${ path.relative( ROOT, OUT ) } is stale: run npm run i18n`
		);
		process.exit( 1 );
	}
	console.log(
		`${ path.relative( ROOT, OUT ) } is current (${ entries.size } strings)`
	);
} else {
	fs.mkdirSync( path.dirname( OUT ), { recursive: true } );
	fs.writeFileSync( OUT, pot );
	console.log(
		`Wrote ${ path.relative( ROOT, OUT ) } (${ entries.size } strings)`
	);
}
