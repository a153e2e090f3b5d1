/**
 * The key texts a page of the plugin gives the screen (window.keyGuardSettings.keyTexts), in the
 * server's English: read from php/Key/Key_Texts.php, the one source of those sentences, with its
 * `'key' => __( '…'` templates and its one `_n( '…', '…'` in English's two forms.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const unquote = ( literal: string ) => literal.replace( /\\(['\\])/g, '$1' );

export interface ServerEnglish {
	plain: Record< string, string >;
	single: string;
	plural: string;
}

/** The English templates of php/Key/Key_Texts.php, read from its source. */
export function serverEnglish(): ServerEnglish {
	const php = readFileSync(
		resolve( __dirname, '../../php/Key/Key_Texts.php' ),
		'utf8'
	);
	const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'`;
	const plain: Record< string, string > = {};
	for ( const match of php.matchAll(
		new RegExp( String.raw`'([a-z_.]+)'\s*=>\s*__\(\s*${ LITERAL }`, 'g' )
	) ) {
		plain[ match[ 1 ] ] = unquote( match[ 2 ] );
	}
	const plural = new RegExp(
		String.raw`_n\(\s*${ LITERAL },\s*${ LITERAL }`
	).exec( php );
	if ( ! plural ) {
		throw new Error( 'No _n() in php/Key/Key_Texts.php.' );
	}
	return {
		plain,
		single: unquote( plural[ 1 ] ),
		plural: unquote( plural[ 2 ] ),
	};
}

/** What Key_Texts::export() gives on an English site: one key takes the first form, others the second. */
export function serverKeyTexts() {
	const english = serverEnglish();
	return {
		...english.plain,
		key_guard_several_keys: {
			forms: [ english.single, english.plural ],
			form_of_count: Array.from( { length: 200 }, ( _v, count ) =>
				count === 1 ? 0 : 1
			),
		},
	};
}
