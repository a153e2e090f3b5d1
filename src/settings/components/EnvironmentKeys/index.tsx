/**
 * Keys prepared for copies of this site: a copy of its database on a staging, development or local
 * site uses the key saved here for its type, not this site's key. Needed now and then, so closed
 * until asked for; only the types a copy of this site can sensibly be are offered.
 */
import { __, sprintf } from '@wordpress/i18n';

import { environmentLabel } from '../../../shared/labels';
import type { EnvironmentKey, EnvironmentType } from '../../../shared/types';
import Disclosure from '../Disclosure';
import EnvironmentRow from '../EnvironmentRow';
import type { EnvironmentKeysProps } from './types';

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

export default function EnvironmentKeys( {
	current,
	environments,
	onSave,
	onRemove,
	sharedSecret,
	model,
	onTested,
}: EnvironmentKeysProps ) {
	const offered = environments.filter( ( entry ) =>
		isOffered( entry, current )
	);
	if ( offered.length === 0 ) {
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
		>
			<p>
				{ __(
					'When this site is copied to test changes (a staging, development or local copy), the copy should not spend with this site’s key. Save a separate key for each kind of copy here: a copy uses the key saved for its kind, and this site keeps its own.',
					'key-guard-for-openai'
				) }
			</p>
			{ ! sharedSecret && (
				<p className="key-guard-environments__secret">
					<strong>
						{ __(
							'Before you rely on it:',
							'key-guard-for-openai'
						) }
					</strong>{ ' ' }
					{ __(
						'a copy can read these keys only if it shares this site’s encryption secret. Ask whoever manages the site’s configuration to set the same secret on every copy (see “For developers”).',
						'key-guard-for-openai'
					) }
				</p>
			) }
			<Disclosure
				title={ __( 'For developers', 'key-guard-for-openai' ) }
			>
				<p>
					{ sprintf(
						/* translators: %s: this site's environment type, e.g. Production. */
						__(
							'A copy’s kind is its WP_ENVIRONMENT_TYPE (this site: %s). The keys are encrypted; define the same KEY_GUARD_ENCRYPTION_KEY (a long random value) in wp-config.php on this site and on every copy so that the copy can decrypt the key saved for its type.',
							'key-guard-for-openai'
						),
						environmentLabel( current )
					) }
				</p>
			</Disclosure>
			{ offered.map( ( entry ) => (
				<EnvironmentRow
					key={ entry.environment }
					entry={ entry }
					onSave={ ( key ) => onSave( entry.environment, key ) }
					onRemove={ () => onRemove( entry.environment ) }
					model={ model }
					onTested={ onTested }
				/>
			) ) }
		</Disclosure>
	);
}
