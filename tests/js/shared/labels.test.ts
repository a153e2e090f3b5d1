import { describe, expect, it } from 'vitest';

import {
	checkStatusLabel,
	kindLabel,
	outcomeLabel,
	outcomeOf,
	sourceLabel,
} from '../../../src/shared/labels';
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
