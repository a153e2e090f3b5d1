import { describe, expect, it } from 'vitest';

import diagnoses from '../../../data/diagnoses.json';
import { auditOutcomeLabel } from '../../../src/shared/outcomes';

/** Looks like a machine word: snake_case, a key_guard_ code, or a bare lowercase code. */
const CODE_LIKE = /\b[a-z]+_[a-z_]+\b/;

const REFUSALS = [
	'key_guard_empty',
	'key_guard_masked',
	'key_guard_invalid_characters',
	'key_guard_admin_key',
	'key_guard_too_long',
	'key_guard_too_short',
	'key_guard_several_keys',
	'key_guard_foreign_key',
	'key_guard_not_openai_key',
	'key_guard_read_only',
	'key_guard_not_saved',
	// Written by other paths (core's screen, WP-CLI, a plugin): the same reasons, unprefixed.
	'several_keys',
	'foreign_key',
	'not_openai_key',
	'not_allowed',
	'site_keys_off',
	// Core's own check refused the key.
	'invalid_key',
	'connection_failed',
	'unverified',
];

describe( 'auditOutcomeLabel', () => {
	it( 'puts every test outcome in words, typed or not', () => {
		for ( const code of Object.keys( diagnoses.codes ) ) {
			for ( const outcome of [ code, `typed_${ code }` ] ) {
				const text = auditOutcomeLabel( 'tested', outcome );
				expect( text, outcome ).not.toMatch( CODE_LIKE );
				expect( text, outcome ).not.toBe( 'Other reason' );
			}
		}
	} );

	it( 'puts every refusal in words, for this site and for a prepared key', () => {
		for ( const reason of REFUSALS ) {
			const text = auditOutcomeLabel( 'refused_save', reason );
			expect( text, reason ).not.toMatch( CODE_LIKE );
			expect( text, reason ).not.toBe( 'Other reason' );
		}
		expect(
			auditOutcomeLabel( 'refused_save', 'staging_key_guard_same_key' )
		).toBe( 'Already used by another environment (key for Staging sites)' );
	} );

	it( 'names key kinds and environments', () => {
		expect( auditOutcomeLabel( 'saved', 'project' ) ).toBe(
			'Project key (sk-proj-)'
		);
		expect( auditOutcomeLabel( 'saved', 'development_user' ) ).toBe(
			'User key (sk-None-) (key for Development sites)'
		);
		expect( auditOutcomeLabel( 'removed', 'staging' ) ).toBe( 'Staging' );
		expect( auditOutcomeLabel( 'confirmed', 'local' ) ).toBe( 'Local' );
		expect( auditOutcomeLabel( 'failed_decrypt', '' ) ).toBe( '' );
	} );

	it( 'puts the network key events in words', () => {
		expect( auditOutcomeLabel( 'network_saved', 'project' ) ).toBe(
			'Project key (sk-proj-)'
		);
		expect(
			auditOutcomeLabel(
				'network_refused',
				'key_guard_invalid_characters'
			)
		).toBe( 'Characters no key contains' );
		expect( auditOutcomeLabel( 'site_keys', 'allowed' ) ).toBe(
			'Sites may use their own key'
		);
		expect( auditOutcomeLabel( 'site_keys', 'refused' ) ).toBe(
			'Sites use the network key'
		);
		expect( auditOutcomeLabel( 'network_removed', '' ) ).toBe( '' );
	} );

	it( 'never shows an unknown machine word', () => {
		expect( auditOutcomeLabel( 'refused_save', 'brand_new_reason' ) ).toBe(
			'Other reason'
		);
		expect( auditOutcomeLabel( 'saved', 'weird_kind' ) ).toBe(
			'Other reason'
		);
	} );
} );
