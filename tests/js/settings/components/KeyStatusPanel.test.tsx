import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import KeyStatusPanel from '../../../../src/settings/components/KeyStatusPanel';
import {
	EMPTY_STATUS,
	FAILED_QUOTA,
	makeResult,
	makeStatus,
} from '../../fixtures';

function fact( term: string ): HTMLElement {
	const dt = screen.getByText( term, { selector: 'dt' } );
	return dt.nextElementSibling as HTMLElement;
}

describe( 'KeyStatusPanel', () => {
	it.each( [
		[ 'database', 'Saved in the database' ],
		[ 'env', 'From the OPENAI_API_KEY environment variable' ],
		[ 'constant', 'From the OPENAI_API_KEY constant in wp-config.php' ],
	] as const )(
		'says in words that the key comes from %s',
		( source, words ) => {
			render(
				<KeyStatusPanel
					status={ makeStatus( {
						source,
						editable: source === 'database',
					} ) }
				/>
			);
			expect(
				screen.getByText( 'An OpenAI key is set.' )
			).toBeInTheDocument();
			expect( fact( 'Source' ) ).toHaveTextContent( words );
		}
	);

	it( 'shows the mask, kind, when and by whom it was saved', () => {
		render( <KeyStatusPanel status={ makeStatus() } /> );
		expect( fact( 'Key' ) ).toHaveTextContent( 'sk-proj-…Ab3d' );
		expect( fact( 'Type' ) ).toHaveTextContent( 'Project key (sk-proj-)' );
		expect( fact( 'Saved' ) ).toHaveTextContent( /5 minutes ago \(.+\)/ );
		expect( fact( 'Saved by' ) ).toHaveTextContent( 'Ada Admin' );
		expect( fact( 'Last test' ) ).toHaveTextContent( 'Not tested yet' );
	} );

	it( 'says when no key is set, with no facts about a key', () => {
		render( <KeyStatusPanel status={ EMPTY_STATUS } /> );
		expect(
			screen.getByText( 'No OpenAI key is set yet.' )
		).toBeInTheDocument();
		expect( screen.queryByText( 'Source' ) ).not.toBeInTheDocument();
	} );

	it( 'shows the last test outcome in words, not colour alone', () => {
		const { rerender } = render(
			<KeyStatusPanel
				status={ makeStatus( { last_test: makeResult() } ) }
			/>
		);
		expect( fact( 'Last test' ) ).toHaveTextContent(
			/Connected\s*Connected to OpenAI\./
		);
		rerender(
			<KeyStatusPanel
				status={ makeStatus( { last_test: FAILED_QUOTA } ) }
			/>
		);
		expect(
			within( fact( 'Last test' ) ).getByText( 'Failed' )
		).toBeInTheDocument();
		expect( fact( 'Last test' ) ).toHaveTextContent(
			'The OpenAI account has no credit left.'
		);
	} );

	it( 'lists the server warnings', () => {
		render(
			<KeyStatusPanel
				status={ makeStatus( {
					source: 'env',
					editable: false,
					warnings: [
						{
							code: 'shadowed',
							message:
								'A saved key is hidden by the environment variable.',
						},
					],
				} ) }
			/>
		);
		expect(
			screen.getByText(
				'A saved key is hidden by the environment variable.'
			)
		).toBeInTheDocument();
	} );

	it( 'has no empty actions area when every action is switched off', () => {
		const { container } = render(
			<KeyStatusPanel status={ makeStatus() }>
				{ false }
				{ null }
			</KeyStatusPanel>
		);
		expect(
			container.querySelector( '.key-guard-status__actions' )
		).toBeNull();
	} );
} );
