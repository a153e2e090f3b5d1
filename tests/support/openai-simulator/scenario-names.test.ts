/**
 * A scenario's name is the diagnosis code (data/diagnoses.json) the plugin gives its key, unless
 * the scenario is listed below with the reason it is named otherwise.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import diagnoses from '../../../data/diagnoses.json';
import { SCENARIOS } from './keys';
import { SCENARIO_TABLE } from './scenarios';

const CODES = Object.keys( diagnoses.codes );

/**
 * Scenarios not named after a diagnosis code, and why: several upstream answers that end in one
 * diagnosis are each named after the answer they play (OpenAI's own error code where there is
 * one), and a few scenarios exercise something other than a failure.
 */
const NAMED_OTHERWISE: Record< string, string > = {
	ok: 'the baseline, and what a key without a marker plays (connected)',
	no_organization: "OpenAI's code; one of three ways to wrong_organization",
	mismatched_organization:
		"OpenAI's code; one of three ways to wrong_organization",
	invalid_organization:
		"OpenAI's code; one of three ways to wrong_organization",
	missing_scope_models:
		'a key that may not list models still connects, with a warning',
	missing_scope_responses: 'the 401 way to missing_scope',
	missing_scope_403: 'the 403 way to missing_scope',
	rate_limited_once: 'the retry after a short retry-after (connected)',
	slow_down: "OpenAI's code; the other way to rate_limited",
	legacy_models: "an older project's model list (connected, with a warning)",
	invalid_url: 'a wrong path in the base URL; one way to bad_response',
	non_json: "a proxy's HTML page; the other way to bad_response",
	overloaded: "OpenAI's 503; one of four ways to server_error",
	bad_gateway_html: "the edge's HTML 502; one of four ways to server_error",
	gateway_timeout_html:
		"the edge's HTML 504; one of four ways to server_error",
	slow: 'latency: a timeout with the default slowMs, a slow success with a short one',
};

/**
 * The rows of Connection_Tester_Test's scenario_cases(): [ scenario, diagnosis ].
 */
function phpScenarioCases(): Array< [ string, string ] > {
	const source = readFileSync(
		resolve( __dirname, '../../php/Connection/Connection_Tester_Test.php' ),
		'utf8'
	);
	return [
		...source.matchAll(
			/^\s*'[^']+'\s*=>\s*array\(\s*'([a-z0-9_]+)',\s*'([a-z_]+)',\s*(?:\d+|null),/gm
		),
	].map( ( match ): [ string, string ] => [ match[ 1 ], match[ 2 ] ] );
}

describe( 'scenario names', () => {
	test.each( [ ...SCENARIOS ] )(
		'%s is a diagnosis code, or listed as named otherwise',
		( name ) => {
			if ( CODES.includes( name ) ) {
				expect( NAMED_OTHERWISE ).not.toHaveProperty( name );
				expect( SCENARIO_TABLE[ name ].diagnosis ).toBe( name );
			} else {
				expect(
					NAMED_OTHERWISE,
					`"${ name }" is not in data/diagnoses.json: name it after the diagnosis it gives, or list it in NAMED_OTHERWISE with the reason`
				).toHaveProperty( name );
				expect( CODES ).toContain( SCENARIO_TABLE[ name ].diagnosis );
			}
		}
	);

	test( 'the list of names that are not codes holds only scenarios', () => {
		expect(
			Object.keys( NAMED_OTHERWISE ).filter(
				( name ) =>
					! ( SCENARIOS as readonly string[] ).includes( name )
			)
		).toEqual( [] );
	} );

	test( 'each scenario gives the diagnosis Connection_Tester_Test.php finds for it', () => {
		const cases = phpScenarioCases();
		expect(
			cases.length,
			'rows read from scenario_cases()'
		).toBeGreaterThanOrEqual( 20 );
		for ( const [ scenario, code ] of cases ) {
			expect( SCENARIOS, scenario ).toContain( scenario );
			expect(
				SCENARIO_TABLE[ scenario as keyof typeof SCENARIO_TABLE ]
					.diagnosis,
				scenario
			).toBe( code );
		}
	} );
} );
