/**
 * Words for the codes the REST API returns, so no state is shown by colour or code alone.
 */
import { __, sprintf } from '@wordpress/i18n';

import type {
	CheckStatus,
	DiagnosisCode,
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

/**
 * A diagnosis in a few words (the result's own headline says more). Every code of
 * data/diagnoses.json has a case: the type checker refuses a missing one.
 *
 * @param code A diagnosis code.
 */
export function diagnosisLabel( code: DiagnosisCode ): string {
	switch ( code ) {
		case 'connected':
			return __( 'Connected', 'key-guard-for-openai' );
		case 'no_key':
			return __( 'No key', 'key-guard-for-openai' );
		case 'malformed_key':
			return __( 'Not an OpenAI key', 'key-guard-for-openai' );
		case 'admin_key':
			return __( 'Admin key', 'key-guard-for-openai' );
		case 'invalid_key':
			return __( 'Key not accepted', 'key-guard-for-openai' );
		case 'account_deactivated':
			return __( 'Account deactivated', 'key-guard-for-openai' );
		case 'wrong_organization':
			return __( 'Wrong organization', 'key-guard-for-openai' );
		case 'ip_not_allowed':
			return __(
				'Server IP address not allowed',
				'key-guard-for-openai'
			);
		case 'region_blocked':
			return __( 'Server country not served', 'key-guard-for-openai' );
		case 'missing_scope':
			return __( 'Missing permission', 'key-guard-for-openai' );
		case 'insufficient_quota':
			return __( 'No credit left', 'key-guard-for-openai' );
		case 'billing_not_active':
			return __( 'Billing not set up', 'key-guard-for-openai' );
		case 'model_not_found':
			return __( 'Model not found', 'key-guard-for-openai' );
		case 'model_not_allowed':
			return __( 'Model not allowed', 'key-guard-for-openai' );
		case 'rate_limited':
			return __( 'Rate limited', 'key-guard-for-openai' );
		case 'server_error':
			return __( 'OpenAI server error', 'key-guard-for-openai' );
		case 'timeout':
			return __( 'No answer in time', 'key-guard-for-openai' );
		case 'dns_failure':
			return __( 'Address lookup failed', 'key-guard-for-openai' );
		case 'connection_failed':
			return __( 'Connection failed', 'key-guard-for-openai' );
		case 'tls_failure':
			return __( 'Secure connection failed', 'key-guard-for-openai' );
		case 'site_limit_reached':
			return __( 'Site usage limit reached', 'key-guard-for-openai' );
		case 'bad_response':
			return __( 'Not an OpenAI answer', 'key-guard-for-openai' );
	}
}

/**
 * Whether a word is one of the diagnosis codes of data/diagnoses.json: the codes diagnosisLabel()
 * has a case for, which the type checker holds to the data (so the data file itself stays out of
 * the screen's bundle).
 *
 * @param word Any string, e.g. a recorded event's outcome.
 */
export function isDiagnosisCode( word: string ): word is DiagnosisCode {
	return (
		/^[a-z_]+$/.test( word ) &&
		undefined !== diagnosisLabel( word as DiagnosisCode )
	);
}

/**
 * The words for a recorded test's outcome: its diagnosis, marked when a typed key was tested
 * (recorded as typed_{code}); null for a word that is no diagnosis.
 *
 * @param outcome The audit event's outcome.
 */
export function testOutcomeLabel( outcome: string ): string | null {
	const typed = outcome.startsWith( 'typed_' );
	const code = typed ? outcome.slice( 'typed_'.length ) : outcome;
	if ( ! isDiagnosisCode( code ) ) {
		return null;
	}
	return typed
		? sprintf(
				/* translators: %s: a test's diagnosis in a few words, e.g. "No credit left". */
				__( '%s (typed key)', 'key-guard-for-openai' ),
				diagnosisLabel( code )
			)
		: diagnosisLabel( code );
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
		case 'network':
			return __( 'The network key', 'key-guard-for-openai' );
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

/**
 * The notice of a site that uses the key prepared for its environment type on another site.
 *
 * @param environment The environment type the key was prepared for.
 * @param site        The address of the site the key was saved on.
 */
export function preparedKeyInUse(
	environment: EnvironmentType,
	site: string
): string {
	switch ( environment ) {
		case 'production':
			return sprintf(
				/* translators: %s: the address of the site the key was saved on. */
				__(
					'This site uses the key saved for production sites on %s. Saving a key below replaces it.',
					'key-guard-for-openai'
				),
				site
			);
		case 'staging':
			return sprintf(
				/* translators: %s: the address of the site the key was saved on. */
				__(
					'This site uses the key saved for staging sites on %s. Saving a key below replaces it.',
					'key-guard-for-openai'
				),
				site
			);
		case 'development':
			return sprintf(
				/* translators: %s: the address of the site the key was saved on. */
				__(
					'This site uses the key saved for development sites on %s. Saving a key below replaces it.',
					'key-guard-for-openai'
				),
				site
			);
		case 'local':
			return sprintf(
				/* translators: %s: the address of the site the key was saved on. */
				__(
					'This site uses the key saved for local sites on %s. Saving a key below replaces it.',
					'key-guard-for-openai'
				),
				site
			);
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
