/**
 * Words for the codes the REST API returns, so no state is shown by colour or code alone.
 */
import { __ } from '@wordpress/i18n';

import type {
	AuditEventName,
	CheckStatus,
	EnvironmentType,
	KeyKind,
	KeySource,
	TestResult,
} from './types';

export type Outcome = 'connected' | 'warning' | 'failed';

/**
 * Sums a test up: connected, usable with a warning, or failed.
 *
 * A result that is not ok but has no failing check (a rate limit, say) is a warning: the key
 * itself was accepted.
 *
 * @param result A connection test result.
 */
export function outcomeOf( result: TestResult ): Outcome {
	const statuses = result.checks.map( ( check ) => check.status );
	if ( result.ok ) {
		return statuses.includes( 'warn' ) ? 'warning' : 'connected';
	}
	return statuses.includes( 'warn' ) && ! statuses.includes( 'fail' )
		? 'warning'
		: 'failed';
}

export function outcomeLabel( outcome: Outcome ): string {
	switch ( outcome ) {
		case 'connected':
			return __( 'Connected', 'key-guard-for-openai' );
		case 'warning':
			return __( 'Warning', 'key-guard-for-openai' );
		case 'failed':
			return __( 'Failed', 'key-guard-for-openai' );
	}
}

export function checkStatusLabel( status: CheckStatus ): string {
	switch ( status ) {
		case 'pass':
			return __( 'Passed', 'key-guard-for-openai' );
		case 'fail':
			return __( 'Failed', 'key-guard-for-openai' );
		case 'warn':
			return __( 'Warning', 'key-guard-for-openai' );
		case 'skip':
			return __( 'Skipped', 'key-guard-for-openai' );
	}
}

export function sourceLabel( source: KeySource ): string {
	switch ( source ) {
		case 'database':
			return __( 'Saved in the database', 'key-guard-for-openai' );
		case 'env':
			return __(
				'From the OPENAI_API_KEY environment variable',
				'key-guard-for-openai'
			);
		case 'constant':
			return __(
				'From the OPENAI_API_KEY constant in wp-config.php',
				'key-guard-for-openai'
			);
		case 'none':
			return __( 'No key is set', 'key-guard-for-openai' );
	}
}

/**
 * The name of an environment type, as a heading word.
 *
 * @param environment What wp_get_environment_type() returns.
 */
export function environmentLabel( environment: EnvironmentType ): string {
	switch ( environment ) {
		case 'production':
			return __( 'Production', 'key-guard-for-openai' );
		case 'staging':
			return __( 'Staging', 'key-guard-for-openai' );
		case 'development':
			return __( 'Development', 'key-guard-for-openai' );
		case 'local':
			return __( 'Local', 'key-guard-for-openai' );
	}
}

export function kindLabel( kind: KeyKind ): string {
	switch ( kind ) {
		case 'project':
			return __( 'Project key (sk-proj-)', 'key-guard-for-openai' );
		case 'service_account':
			return __(
				'Service account key (sk-svcacct-)',
				'key-guard-for-openai'
			);
		case 'user':
			return __( 'User key (sk-None-)', 'key-guard-for-openai' );
		case 'legacy':
			return __( 'Legacy user key (sk-)', 'key-guard-for-openai' );
		case 'unknown':
			return __( 'Unrecognised key format', 'key-guard-for-openai' );
	}
}

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
	}
}
