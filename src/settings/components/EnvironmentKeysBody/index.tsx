/**
 * The keys for copies of this site, once the section is opened: what a copy's key is for, how a
 * copy reads it, and one row per environment type a copy of this site can be.
 */
import { __, sprintf } from '@wordpress/i18n';

import { environmentTexts } from '../../../shared/environmentTexts';
import { environmentLabel } from '../../../shared/labels';
import Disclosure from '../Disclosure';
import { isOffered } from '../EnvironmentKeys';
import type { EnvironmentKeysProps } from '../EnvironmentKeys/types';
import EnvironmentRow from '../EnvironmentRow';

export default function EnvironmentKeysBody( {
	current,
	environments,
	onSave,
	onRemove,
	onDone,
	sharedSecret,
	model,
	onTested,
}: EnvironmentKeysProps ) {
	const offered = environments.filter( ( entry ) =>
		isOffered( entry, current )
	);
	return (
		<>
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
					onSave={ async ( key ) => {
						const result = await onSave( entry.environment, key );
						onDone( environmentTexts( entry.environment ).saved );
						return result;
					} }
					onRemove={ async () => {
						const next = await onRemove( entry.environment );
						onDone( environmentTexts( entry.environment ).removed );
						return next;
					} }
					model={ model }
					onTested={ onTested }
				/>
			) ) }
		</>
	);
}
