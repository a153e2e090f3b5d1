import { describe, expect, it } from 'vitest';

import diagnoses from '../../../data/diagnoses.json';
import {
	checkStatusLabel,
	diagnosisLabel,
	isDiagnosisCode,
	kindLabel,
	outcomeLabel,
	outcomeOf,
	sourceLabel,
	testOutcomeLabel,
} from '../../../src/shared/labels';
import type { DiagnosisCode } from '../../../src/shared/types';
import { FAILED_QUOTA, makeResult } from '../fixtures';

describe( 'outcomeOf', () => {
	it( 'is connected when the test passed without warnings', () => {
		expect( outcomeOf( makeResult() ) ).toBe( 'connected' );
	} );

	it( 'is a warning when the test passed with a warning check', () => {
		const result = makeResult( {
			checks: [
				{
					id: 'key',
					label: 'Key format',
					status: 'warn',
					detail: 'Legacy key.',
				},
			],
		} );
		expect( outcomeOf( result ) ).toBe( 'warning' );
	} );

	it( 'is a warning when nothing failed outright, e.g. a rate limit', () => {
		const result = makeResult( {
			ok: false,
			code: 'rate_limited',
			checks: [
				{
					id: 'request',
					label: 'Test request',
					status: 'warn',
					detail: '429',
				},
			],
		} );
		expect( outcomeOf( result ) ).toBe( 'warning' );
	} );

	it( 'is failed when a check failed', () => {
		expect( outcomeOf( FAILED_QUOTA ) ).toBe( 'failed' );
		expect( outcomeOf( makeResult( { ok: false, checks: [] } ) ) ).toBe(
			'failed'
		);
	} );
} );

describe( 'labels', () => {
	it.each( [
		[ 'database', 'Saved in the database' ],
		[ 'env', 'From the OPENAI_API_KEY environment variable' ],
		[ 'constant', 'From the OPENAI_API_KEY constant in wp-config.php' ],
		[ 'none', 'No key is set' ],
	] as const )( 'names the source %s', ( source, words ) => {
		expect( sourceLabel( source ) ).toBe( words );
	} );

	it( 'has words for every outcome, check status and kind', () => {
		expect(
			[ 'connected', 'warning', 'failed' ].map( ( o ) =>
				outcomeLabel( o as 'connected' )
			)
		).toEqual( [ 'Connected', 'Warning', 'Failed' ] );
		expect(
			[ 'pass', 'fail', 'warn', 'skip' ].map( ( s ) =>
				checkStatusLabel( s as 'pass' )
			)
		).toEqual( [ 'Passed', 'Failed', 'Warning', 'Skipped' ] );
		expect( kindLabel( 'service_account' ) ).toBe(
			'Service account key (sk-svcacct-)'
		);
		expect( kindLabel( 'unknown' ) ).toBe( 'Unrecognised key format' );
	} );
} );

describe( 'diagnosis codes (data/diagnoses.json)', () => {
	const codes = Object.keys( diagnoses.codes );
	const KINDS = [
		'ok',
		'key',
		'account',
		'project',
		'model',
		'limit',
		'openai',
		'network',
		'site',
	];

	it( 'reads every code from the data file', () => {
		expect( codes.length ).toBeGreaterThanOrEqual( 21 );
		expect( codes ).toContain( 'connected' );
	} );

	it.each( codes )( 'has words for %s', ( code ) => {
		expect( isDiagnosisCode( code ) ).toBe( true );
		const label = diagnosisLabel( code as DiagnosisCode );
		expect( label ).toMatch( /^[A-Z][A-Za-z]*( [A-Za-z]+)*$/ );
		expect( label ).not.toContain( code );
	} );

	it( 'gives each code its own words', () => {
		const labels = codes.map( ( code ) =>
			diagnosisLabel( code as DiagnosisCode )
		);
		expect( new Set( labels ).size ).toBe( codes.length );
	} );

	it( 'sends only OpenAI’s own failures to OpenAI’s status page', () => {
		for ( const [ code, facts ] of Object.entries( diagnoses.codes ) ) {
			expect( KINDS, code ).toContain( facts.kind );
			expect(
				( facts.links as string[] ).includes( 'status' ),
				code
			).toBe( facts.kind === 'openai' );
			expect( [ 200, 400 ], code ).toContain( facts.rest_status );
		}
	} );

	it( 'types only the data file’s codes', () => {
		// @ts-expect-error -- a code the data file lacks is no DiagnosisCode.
		const unknown: DiagnosisCode = 'no_such_code';
		expect( isDiagnosisCode( unknown ) ).toBe( false );
		expect( isDiagnosisCode( 'toString' ) ).toBe( false );
	} );

	it( 'puts a recorded test’s outcome in words', () => {
		expect( testOutcomeLabel( 'typed_insufficient_quota' ) ).toBe(
			'No credit left (typed key)'
		);
		expect( testOutcomeLabel( 'connected' ) ).toBe( 'Connected' );
		expect( testOutcomeLabel( 'project' ) ).toBeNull();
		expect( testOutcomeLabel( 'typed_project' ) ).toBeNull();
	} );
} );
