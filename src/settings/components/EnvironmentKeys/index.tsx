/**
 * Keys prepared for copies of this site: a copy of its database on a staging, development or local
 * site uses the key saved here for its type, not this site's key. Needed now and then, so closed
 * until asked for, and its code fetched only then; only the types a copy of this site can sensibly be are offered.
 */
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { EnvironmentKey, EnvironmentType } from '../../../shared/types';
import Disclosure from '../Disclosure';
import Lazy from '../Lazy';
import type { EnvironmentKeysProps } from './types';

/** What the section holds, a chunk of its own (build/copies.js) fetched when first opened. */
const loadBody = () =>
	import( /* webpackChunkName: "copies" */ '../EnvironmentKeysBody' ).then(
		( chunk ) => chunk.default
	);

/** From the live site down to a laptop: a copy is made from a type to one further down. */
const ORDER: EnvironmentType[] = [
	'production',
	'staging',
	'development',
	'local',
];

/**
 * Whether a copy of a site of type `current` may be of type `type`: only types further down the
 * line (a production key is never offered on a local site), or one that has a key already, which
 * can then still be replaced or removed.
 *
 * @param entry   The environment type's prepared key.
 * @param current This site's environment type.
 */
export function isOffered(
	entry: EnvironmentKey,
	current: EnvironmentType
): boolean {
	if ( entry.current ) {
		return false;
	}
	return (
		entry.configured ||
		ORDER.indexOf( entry.environment ) > ORDER.indexOf( current )
	);
}

export default function EnvironmentKeys( props: EnvironmentKeysProps ) {
	const [ asked, setAsked ] = useState( false );
	if (
		! props.environments.some( ( entry ) =>
			isOffered( entry, props.current )
		)
	) {
		return null;
	}
	return (
		<Disclosure
			title={ __(
				'Keys for copies of this site',
				'key-guard-for-openai'
			) }
			level={ 2 }
			className="key-guard-card key-guard-environments"
			onToggle={ ( open ) => open && setAsked( true ) }
		>
			{ asked && <Lazy load={ loadBody } props={ props } /> }
		</Disclosure>
	);
}
