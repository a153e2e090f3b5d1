import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import ReadOnlyNotice from '../../../../src/settings/components/ReadOnlyNotice';

describe( 'ReadOnlyNotice', () => {
	it( 'explains a constant and shows both ways to set the key', () => {
		render( <ReadOnlyNotice source="constant" /> );
		expect(
			screen.getByText( /OPENAI_API_KEY constant in wp-config\.php/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( "define( 'OPENAI_API_KEY', 'sk-…' );" )
		).toBeInTheDocument();
		expect( screen.getByText( 'OPENAI_API_KEY=sk-…' ) ).toBeInTheDocument();
		expect( screen.queryByRole( 'textbox' ) ).not.toBeInTheDocument();
	} );

	it( 'explains an environment variable', () => {
		render( <ReadOnlyNotice source="env" /> );
		expect(
			screen.getByText(
				/OPENAI_API_KEY environment variable of the server/
			)
		).toBeInTheDocument();
	} );
} );
