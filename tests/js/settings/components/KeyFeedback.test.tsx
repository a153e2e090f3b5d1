import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import KeyFeedback from '../../../../src/settings/components/KeyFeedback';
import { normaliseKey } from '../../../../src/shared/normalise';
import { simKey } from '../../fixtures';

function hints( pasted: string ): string[] {
	render( <KeyFeedback id="feedback" checked={ normaliseKey( pasted ) } /> );
	return within( screen.getByRole( 'list' ) )
		.getAllByRole( 'listitem' )
		.map( ( item ) => item.textContent ?? '' );
}

describe( 'KeyFeedback', () => {
	it( 'shows the server’s sentences, exactly, when the page gives them', () => {
		window.keyGuardSettings = {
			keyTexts: {
				removed_quotes: 'Guillemets retirés.',
				looks_truncated:
					'Cette clé semble coupée : il en manque peut-être une partie.',
			},
		};
		expect( hints( `"${ simKey().slice( 0, -4 ) }"` ) ).toEqual( [
			'Guillemets retirés.',
			'Check this: Cette clé semble coupée : il en manque peut-être une partie.',
			'Key type: Project key (sk-proj-)',
		] );
	} );

	it( 'says the same in the server’s English, not a code, when the page gives none', () => {
		expect( hints( `"${ simKey().slice( 0, -4 ) }"` ) ).toEqual( [
			'Removed the quotes around the key.',
			'Check this: This key looks cut short: part of it may be missing. Copy the whole key again if the connection test fails.',
			'Key type: Project key (sk-proj-)',
		] );
	} );
} );
