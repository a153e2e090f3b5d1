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

	it( 'on a network, says the network key is in use, or not set yet', () => {
		const { rerender } = render(
			<ReadOnlyNotice source="network" configured />
		);
		expect(
			screen.getByText( /This site uses the network key/ )
		).toBeInTheDocument();
		expect(
			screen.queryByText( /OPENAI_API_KEY/ )
		).not.toBeInTheDocument();
		rerender( <ReadOnlyNotice source="none" configured={ false } /> );
		expect(
			screen.getByText( /which is not set yet/ )
		).toBeInTheDocument();
	} );
} );
