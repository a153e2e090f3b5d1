/**
 * Simulator keys: the scenario a request plays is chosen by the bearer key.
 *
 * A sim key looks like a real project key (`sk-proj-` + 74 + `T3BlbkFJ` + 74 = 164 chars), so the
 * plugin's shape checks accept it, while its left half names the scenario: `sim-<scenario>-<seed>`.
 */

import { createHash } from 'node:crypto';

export const SCENARIOS = [
	'ok',
	'invalid_key',
	'account_deactivated',
	'no_organization',
	'mismatched_organization',
	'invalid_organization',
	'ip_not_allowed',
	'missing_scope_models',
	'missing_scope_responses',
	'missing_scope_403',
	'insufficient_quota',
	'billing_not_active',
	'rate_limited',
	'rate_limited_once',
	'slow_down',
	'model_not_found',
	'model_not_allowed',
	'legacy_models',
	'region_blocked',
	'invalid_url',
	'server_error',
	'overloaded',
	'bad_gateway_html',
	'gateway_timeout_html',
	'non_json',
	'slow',
	'connection_failed',
] as const;

export type ScenarioName = ( typeof SCENARIOS )[ number ];

export const KEY_PREFIX = 'sk-proj-';
export const KEY_MARKER = 'T3BlbkFJ';
const HALF_LENGTH = 74;

export function isScenarioName( name: string ): name is ScenarioName {
	return ( SCENARIOS as readonly string[] ).includes( name );
}

/**
 * Derives the right half of a key from the seed, so the same seed always gives the same key.
 *
 * @param seed Letters and digits.
 */
function rightHalf( seed: string ): string {
	let out = '';
	for ( let round = 0; out.length < HALF_LENGTH; round++ ) {
		out += createHash( 'sha256' )
			.update( `${ seed }:${ round }` )
			.digest( 'base64' )
			.replace( /[^A-Za-z0-9]/g, '' );
	}
	return out.slice( 0, HALF_LENGTH );
}

/**
 * Builds the simulator key that makes the simulator play `scenario`.
 *
 * Different seeds give different keys for the same scenario (per-key state such as
 * `rate_limited_once` is tracked by the whole key).
 *
 * @param scenario One of SCENARIOS.
 * @param seed     Letters and digits; tells keys of the same scenario apart.
 */
export function simKey( scenario: string, seed = 'a1' ): string {
	if ( ! isScenarioName( scenario ) ) {
		throw new Error( `Unknown simulator scenario "${ scenario }".` );
	}
	if ( ! /^[A-Za-z0-9]+$/.test( seed ) ) {
		throw new Error(
			`The seed must be letters and digits, got "${ seed }".`
		);
	}
	const left =
		`sim-${ scenario }-${ seed }${ 'A'.repeat( HALF_LENGTH ) }`.slice(
			0,
			HALF_LENGTH
		);
	return KEY_PREFIX + left + KEY_MARKER + rightHalf( seed );
}

/**
 * Finds the scenario a bearer token asks for, as the simulator does.
 *
 * @param token The bearer token as sent.
 * @return The scenario, or null for a `sim-` marker naming no known scenario (answered as a wrong key).
 */
export function scenarioFromToken( token: string ): ScenarioName | null {
	const marker = /sim-([a-z0-9_]+)-/.exec( token );
	if ( marker ) {
		return isScenarioName( marker[ 1 ] ) ? marker[ 1 ] : null;
	}
	return token.includes( KEY_MARKER ) ? 'ok' : 'invalid_key';
}
