/**
 * The outcome of a key event, in words: what the server records is a short machine word (a key
 * kind, a diagnosis code, a refusal reason, an environment type), never shown as such.
 */
import { __, sprintf } from '@wordpress/i18n';

import { environmentLabel, kindLabel, testOutcomeLabel } from './labels';
import type { AuditEventName, EnvironmentType, KeyKind } from './types';

const ENVIRONMENTS: EnvironmentType[] = [
	'production',
	'staging',
	'development',
	'local',
];
const KINDS: KeyKind[] = [
	'project',
	'service_account',
	'user',
	'legacy',
	'unknown',
];

/**
 * Why a save was refused, in a few words; null for a reason this screen does not know.
 *
 * @param reason A refusal code, with or without its key_guard_ prefix.
 */
function refusalLabel( reason: string ): string | null {
	switch ( reason.replace( /^key_guard_/, '' ) ) {
		case 'empty':
			return __( 'Empty field', 'key-guard-for-openai' );
		case 'masked':
			return __( 'The masked key, not the key', 'key-guard-for-openai' );
		case 'invalid_characters':
			return __( 'Characters no key contains', 'key-guard-for-openai' );
		case 'admin_key':
			return __( 'An admin key', 'key-guard-for-openai' );
		case 'too_long':
			return __( 'Too long for a key', 'key-guard-for-openai' );
		case 'too_short':
			return __( 'Too short for a key', 'key-guard-for-openai' );
		case 'several_keys':
			return __( 'Several keys pasted at once', 'key-guard-for-openai' );
		case 'foreign_key':
			return __( "Another provider's key", 'key-guard-for-openai' );
		case 'not_openai_key':
			return __( 'Not an OpenAI key', 'key-guard-for-openai' );
		case 'read_only':
			return __(
				'Set in the server configuration',
				'key-guard-for-openai'
			);
		case 'same_key':
			return __(
				'Already used by another environment',
				'key-guard-for-openai'
			);
		case 'current_environment':
			return __( "This site's own environment", 'key-guard-for-openai' );
		case 'unknown_environment':
			return __( 'Unknown environment type', 'key-guard-for-openai' );
		case 'not_allowed':
			return __(
				'Not allowed to change the key',
				'key-guard-for-openai'
			);
		case 'site_keys_off':
			return __( 'Sites use the network key', 'key-guard-for-openai' );
		case 'not_saved':
			return __( 'Blocked by another plugin', 'key-guard-for-openai' );
		case 'unverified':
			return __(
				'Could not be checked by WordPress',
				'key-guard-for-openai'
			);
	}
	// Core's own check refused the key: its outcome is a diagnosis.
	return testOutcomeLabel( reason.replace( /^key_guard_/, '' ) );
}

/**
 * Splits "staging_project" into an environment type and the rest.
 *
 * @param outcome The recorded outcome.
 */
function splitEnvironment(
	outcome: string
): [ EnvironmentType | null, string ] {
	const environment = ENVIRONMENTS.find( ( type ) =>
		outcome.startsWith( `${ type }_` )
	);
	return environment
		? [ environment, outcome.slice( environment.length + 1 ) ]
		: [ null, outcome ];
}

/**
 * Adds "for staging sites" to an outcome about a key prepared for another environment type.
 *
 * @param environment The environment type, or null for this site's own key.
 * @param text        The outcome in words.
 */
function forEnvironment( environment: EnvironmentType | null, text: string ) {
	return environment
		? sprintf(
				/* translators: 1: what happened, 2: an environment type such as Staging. */
				__( '%1$s (key for %2$s sites)', 'key-guard-for-openai' ),
				text,
				environmentLabel( environment )
			)
		: text;
}

/**
 * A key event's outcome in words; '' when it has none. Never the machine word itself: an outcome
 * this screen does not know reads "Other reason".
 *
 * @param event   The event.
 * @param outcome What the server recorded.
 */
export function auditOutcomeLabel(
	event: AuditEventName,
	outcome: string
): string {
	if ( ! outcome ) {
		return '';
	}
	if ( event === 'site_keys' ) {
		return outcome === 'allowed'
			? __( 'Sites may use their own key', 'key-guard-for-openai' )
			: __( 'Sites use the network key', 'key-guard-for-openai' );
	}
	const other = __( 'Other reason', 'key-guard-for-openai' );
	if ( event === 'removed' || event === 'confirmed' ) {
		return ENVIRONMENTS.includes( outcome as EnvironmentType )
			? environmentLabel( outcome as EnvironmentType )
			: other;
	}
	const [ environment, rest ] = splitEnvironment( outcome );
	if ( event === 'tested' ) {
		const tested = testOutcomeLabel( rest );
		return tested ? forEnvironment( environment, tested ) : other;
	}
	let text: string | null = null;
	if (
		( event === 'saved' || event === 'network_saved' ) &&
		KINDS.includes( rest as KeyKind )
	) {
		text = kindLabel( rest as KeyKind );
	} else if ( event === 'refused_save' || event === 'network_refused' ) {
		text = refusalLabel( rest );
	}
	return forEnvironment( environment, text ?? other );
}

/**
 * A key event in words.
 *
 * @param event The event.
 */
export function auditEventLabel( event: AuditEventName ): string {
	switch ( event ) {
		case 'saved':
			return __( 'Key saved', 'key-guard-for-openai' );
		case 'removed':
			return __( 'Key removed', 'key-guard-for-openai' );
		case 'tested':
			return __( 'Connection tested', 'key-guard-for-openai' );
		case 'refused_save':
			return __( 'Save refused', 'key-guard-for-openai' );
		case 'failed_decrypt':
			return __(
				'Saved key could not be decrypted',
				'key-guard-for-openai'
			);
		case 'confirmed':
			return __(
				'Production key allowed on this copy',
				'key-guard-for-openai'
			);
		case 'network_saved':
			return __( 'Network key saved', 'key-guard-for-openai' );
		case 'network_removed':
			return __( 'Network key removed', 'key-guard-for-openai' );
		case 'network_refused':
			return __( 'Network key refused', 'key-guard-for-openai' );
		case 'site_keys':
			return __( 'Site keys setting changed', 'key-guard-for-openai' );
	}
}
