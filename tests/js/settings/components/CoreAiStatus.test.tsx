import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import CoreAiStatus from '../../../../src/settings/components/CoreAiStatus';
import type { CoreAi } from '../../../../src/shared/settings';

const CONNECTORS = 'https://example.test/wp-admin/options-connectors.php';
const ACTIVATE =
	'https://example.test/wp-admin/plugins.php?action=activate&plugin=ai-provider-for-openai%2Fplugin.php&_wpnonce=abc123';
const INSTALL =
	'https://example.test/wp-admin/plugin-install.php?s=ai-provider-for-openai&tab=search&type=term';

function coreAi( fields: Partial< CoreAi > ): CoreAi {
	return {
		state: 'active',
		activateUrl: null,
		installUrl: null,
		connectorsUrl: CONNECTORS,
		...fields,
	};
}

function connectorsLink() {
	return screen.getByRole( 'link', { name: 'Open Settings → Connectors' } );
}

describe( 'CoreAiStatus', () => {
	it( 'says nothing on WordPress without core AI features', () => {
		const { container } = render(
			<CoreAiStatus coreAi={ null } configured />
		);
		expect( container ).toBeEmptyDOMElement();
	} );

	it( 'active: the key works for WordPress’s AI features, with a link to Connectors', () => {
		render( <CoreAiStatus coreAi={ coreAi( {} ) } configured /> );
		expect(
			screen.getByRole( 'heading', { name: 'WordPress’s AI features' } )
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'WordPress’s AI features can use this key through the AI Provider for OpenAI plugin.'
			)
		).toBeInTheDocument();
		expect( connectorsLink() ).toHaveAttribute( 'href', CONNECTORS );
		expect( screen.getAllByRole( 'link' ) ).toHaveLength( 1 );
	} );

	it( 'active with a key that has a problem: no claim that it works', () => {
		render( <CoreAiStatus coreAi={ coreAi( {} ) } configured problem /> );
		expect(
			screen.getByText(
				/they can use it once the problem above is fixed\.$/
			)
		).toBeInTheDocument();
		expect( screen.queryByText( /can use this key through/ ) ).toBeNull();
	} );

	it( 'active without a key: it will work once a key is saved', () => {
		render( <CoreAiStatus coreAi={ coreAi( {} ) } configured={ false } /> );
		expect(
			screen.getByText( /^Once a key is saved here, WordPress’s AI/ )
		).toBeInTheDocument();
	} );

	it( 'inactive: explains the plugin is needed and offers to activate it', () => {
		render(
			<CoreAiStatus
				coreAi={ coreAi( {
					state: 'inactive',
					activateUrl: ACTIVATE,
				} ) }
				configured
			/>
		);
		expect(
			screen.getByText(
				'WordPress’s AI features need the AI Provider for OpenAI plugin to use this key. It is installed but not active.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', {
				name: 'Activate AI Provider for OpenAI',
			} )
		).toHaveAttribute( 'href', ACTIVATE );
		expect( connectorsLink() ).toHaveAttribute( 'href', CONNECTORS );
		expect(
			screen.queryByRole( 'link', { name: /Install/ } )
		).not.toBeInTheDocument();
	} );

	it( 'inactive, for a user who may not activate plugins: says who can', () => {
		render(
			<CoreAiStatus
				coreAi={ coreAi( { state: 'inactive' } ) }
				configured={ false }
			/>
		);
		expect(
			screen.getByText(
				/to use an OpenAI key\. It is installed but not active\./
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'Ask an administrator who manages plugins to activate it.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'link', { name: /Activate/ } )
		).not.toBeInTheDocument();
		expect( connectorsLink() ).toBeInTheDocument();
	} );

	it( 'absent: explains the plugin is needed and offers to install it', () => {
		render(
			<CoreAiStatus
				coreAi={ coreAi( { state: 'absent', installUrl: INSTALL } ) }
				configured
			/>
		);
		expect(
			screen.getByText(
				'WordPress’s AI features need the AI Provider for OpenAI plugin to use this key. It is not installed.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', {
				name: 'Install AI Provider for OpenAI',
			} )
		).toHaveAttribute( 'href', INSTALL );
		expect( connectorsLink() ).toHaveAttribute( 'href', CONNECTORS );
	} );

	it( 'absent, for a user who may not install plugins: says who can', () => {
		render(
			<CoreAiStatus coreAi={ coreAi( { state: 'absent' } ) } configured />
		);
		expect(
			screen.getByText(
				'Ask an administrator who manages plugins to install it.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'link', { name: /Install/ } )
		).not.toBeInTheDocument();
	} );

	it( 'shows no raw state or plugin file', () => {
		for ( const state of [ 'active', 'inactive', 'absent' ] as const ) {
			const { container, unmount } = render(
				<CoreAiStatus
					coreAi={ coreAi( {
						state,
						activateUrl: ACTIVATE,
						installUrl: INSTALL,
					} ) }
					configured
				/>
			);
			expect( container.textContent ).not.toMatch(
				/\b(inactive|absent)\b|ai-provider-for-openai|plugin\.php|_/
			);
			unmount();
		}
	} );
} );
