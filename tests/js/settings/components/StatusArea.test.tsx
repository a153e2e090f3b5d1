import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import StatusArea from '../../../../src/settings/components/StatusArea';
import type { StatusAreaProps } from '../../../../src/settings/components/StatusArea/types';
import type { KeyStatus } from '../../../../src/shared/types';
import {
	EMPTY_STATUS,
	FAILED_QUOTA,
	makeResult,
	makeStatus,
} from '../../fixtures';

vi.mock( '@wordpress/a11y', () => ( { speak: vi.fn() } ) );

const IDLE: StatusAreaProps[ 'test' ] = {
	running: null,
	target: null,
	startedAt: null,
	result: null,
	error: null,
	waitSeconds: 0,
	focusPending: false,
	focusTaken: () => {},
};

const WORKS_WITH_WARNING = makeResult( {
	checks: [
		{
			id: 'model',
			label: 'Model access',
			status: 'warn',
			detail: 'gpt-4o-mini will be shut down soon.',
		},
	],
} );

function renderArea( props: Partial< StatusAreaProps > = {} ) {
	const all: StatusAreaProps = {
		status: makeStatus(),
		test: IDLE,
		onTest: vi.fn(),
		...props,
	};
	const user = userEvent.setup();
	const view = render( <StatusArea { ...all } /> );
	return {
		user,
		props: all,
		update: ( next: Partial< StatusAreaProps > ) =>
			view.rerender( <StatusArea { ...all } { ...next } /> ),
	};
}

function lastTest(): HTMLElement {
	return screen.getByRole( 'region', {
		name: 'Last test of the saved key',
	} );
}

function testButton(): HTMLElement {
	return screen.getByRole( 'button', { name: 'Test connection' } );
}

describe( 'StatusArea', () => {
	it.each( [
		[
			'no key',
			EMPTY_STATUS,
			'Connect this site to OpenAI',
			/^Create a key on the OpenAI dashboard/,
		],
		[
			'a saved key never tested',
			makeStatus(),
			'A key is saved: test it next',
			/^The key has not been tested yet\./,
		],
		[
			'a key that works',
			makeStatus( { last_test: makeResult() } ),
			'Connected to OpenAI',
			/^The last test of the saved key connected\.$/,
		],
		[
			'a key that works with a warning',
			makeStatus( { last_test: WORKS_WITH_WARNING } ),
			'Connected to OpenAI, with a warning',
			/^The saved key works, but the last test found something to look at\.$/,
		],
		[
			'a key whose last test failed',
			makeStatus( { last_test: FAILED_QUOTA } ),
			'The key needs attention',
			/^The saved key cannot be used as it is\./,
		],
	] as Array< [ string, KeyStatus, string, RegExp ] > )(
		'says where things stand for %s in a headline and a sentence',
		( _name, status, headline, sentence ) => {
			renderArea( { status } );
			expect(
				screen.getByRole( 'heading', { level: 2 } )
			).toHaveTextContent( headline );
			expect( screen.getByText( sentence ) ).toBeInTheDocument();
		}
	);

	it( 'offers key entry first when there is no key, and nothing to test', () => {
		renderArea( {
			status: EMPTY_STATUS,
			form: <form aria-label="Add a key" />,
			testOptions: <p>Test settings</p>,
		} );
		expect(
			screen.getByRole( 'form', { name: 'Add a key' } )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Test connection' } )
		).toBeNull();
		// The model can be chosen for a typed key's test too.
		expect( screen.getByText( 'Test settings' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'region', {
				name: 'Last test of the saved key',
			} )
		).toBeNull();
		expect( screen.queryByText( 'Next step:' ) ).toBeNull();
	} );

	it( 'names the saved key by its mask, source, type and who saved it', () => {
		renderArea();
		const facts = screen
			.getAllByRole( 'term' )
			.map( ( term ) => [
				term.textContent,
				term.nextElementSibling?.textContent,
			] );
		expect( facts ).toEqual( [
			[ 'Key', 'sk-proj-…Ab3d' ],
			[ 'Source', 'Saved in the database' ],
			[ 'Type', 'Project key (sk-proj-)' ],
			[ 'Saved', expect.stringMatching( / · Ada Admin$/ ) ],
		] );
	} );

	it( 'offers the next step of the guide only once the key works', () => {
		const { update } = renderArea( {
			status: makeStatus( { last_test: makeResult() } ),
		} );
		expect(
			screen.getByText( 'Next step:' ).parentElement
		).toHaveTextContent( /set a monthly budget and usage alerts/ );
		expect(
			screen.getByRole( 'link', { name: /OpenAI limits and budgets/ } )
		).toHaveAttribute(
			'href',
			'https://platform.openai.com/settings/organization/limits'
		);
		// The next step says what to do; the result's own advice is left out.
		expect(
			screen.queryByText( 'Nothing to do: the key works.' )
		).toBeNull();

		for ( const lastTestResult of [
			null,
			WORKS_WITH_WARNING,
			FAILED_QUOTA,
		] ) {
			update( { status: makeStatus( { last_test: lastTestResult } ) } );
			expect( screen.queryByText( 'Next step:' ) ).toBeNull();
		}
		expect(
			within( lastTest() ).getByText(
				/Add credit or raise the monthly budget/
			)
		).toBeInTheDocument();
	} );

	it( 'needs attention when the saved key cannot be used, and says why', () => {
		renderArea( {
			status: makeStatus( {
				last_test: makeResult(),
				warnings: [
					{
						code: 'undecryptable',
						message:
							'The saved key cannot be decrypted on this site.',
					},
				],
			} ),
		} );
		expect( screen.getByRole( 'heading', { level: 2 } ) ).toHaveTextContent(
			'The key needs attention'
		);
		expect(
			screen.getByText( 'Warning:' ).parentElement
		).toHaveTextContent(
			'Warning: The saved key cannot be decrypted on this site.'
		);
		expect( screen.queryByText( 'Next step:' ) ).toBeNull();
	} );

	it( 'tests the saved key on request, and not while a test runs or must wait', async () => {
		const { user, props, update } = renderArea();
		await user.click( testButton() );
		expect( props.onTest ).toHaveBeenCalledTimes( 1 );

		update( {
			test: { ...IDLE, running: 'candidate', target: 'candidate' },
		} );
		expect( testButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		update( { test: { ...IDLE, waitSeconds: 5 } } );
		expect( testButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.click( testButton() );
		expect( props.onTest ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'moves focus to the test when asked to (after a save), once', () => {
		const onFocusTaken = vi.fn();
		const { update } = renderArea( { focusTest: false, onFocusTaken } );
		expect( testButton() ).not.toHaveFocus();
		update( { focusTest: true } );
		expect( testButton() ).toHaveFocus();
		expect( onFocusTaken ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'moves focus to a fresh result of the saved key once, never when it is shown again', () => {
		const focusTaken = vi.fn();
		const status = makeStatus( { last_test: FAILED_QUOTA } );
		const { update } = renderArea( {
			status,
			test: {
				...IDLE,
				target: 'stored',
				focusPending: false,
				focusTaken,
			},
		} );
		const headline = () =>
			within( lastTest() ).getByRole( 'heading', { level: 4 } );
		expect( headline() ).not.toHaveFocus();
		update( {
			test: { ...IDLE, target: 'stored', focusPending: true, focusTaken },
		} );
		expect( headline() ).toHaveFocus();
		expect( focusTaken ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'keeps the last test in a region of its own, labelled as the saved key’s', () => {
		const { update } = renderArea();
		// Before the first test the sentence says so; there is no last test to show.
		expect(
			screen.queryByRole( 'region', {
				name: 'Last test of the saved key',
			} )
		).toBeNull();

		update( { status: makeStatus( { last_test: FAILED_QUOTA } ) } );
		const headline = within( lastTest() ).getByRole( 'heading', {
			level: 4,
			name: /^Failed/,
		} );
		expect( headline ).toHaveTextContent(
			'Failed: The OpenAI account has no credit left.'
		);
		// Shown on arrival, not asked for now: focus stays where it is.
		expect( headline ).not.toHaveFocus();

		update( {
			status: makeStatus( { last_test: FAILED_QUOTA } ),
			test: {
				...IDLE,
				target: 'stored',
				result: FAILED_QUOTA,
				focusPending: true,
			},
		} );
		expect( headline ).toHaveFocus();
	} );

	it( 'shows the saved key’s test in progress and its refusal here, not a typed key’s', () => {
		const { update } = renderArea( {
			test: {
				...IDLE,
				running: 'candidate',
				target: 'candidate',
				startedAt: Date.now(),
			},
		} );
		expect( screen.getByRole( 'status' ) ).toBeEmptyDOMElement();

		update( {
			test: {
				...IDLE,
				running: 'stored',
				target: 'stored',
				startedAt: Date.now(),
			},
		} );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Testing connection…'
		);

		const error = {
			code: 'key_guard_rate_limited',
			message: 'Too many connection tests.',
		};
		update( {
			test: { ...IDLE, target: 'candidate', error, waitSeconds: 9 },
		} );
		expect( screen.queryByText( 'Too many connection tests.' ) ).toBeNull();
		update( {
			test: { ...IDLE, target: 'stored', error, waitSeconds: 9 },
		} );
		expect(
			screen.getByText( 'Too many connection tests.' )
		).toHaveTextContent( 'You can test again in 9 seconds.' );
	} );

	it( 'puts the actions on the saved key after the test, and its settings beside it', () => {
		renderArea( {
			testOptions: <p>Test settings</p>,
			children: <button type="button">Remove key</button>,
		} );
		const remove = screen.getByRole( 'button', { name: 'Remove key' } );
		expect(
			// eslint-disable-next-line no-bitwise
			testButton().compareDocumentPosition( remove ) &
				Node.DOCUMENT_POSITION_FOLLOWING
		).toBeTruthy();
		expect( screen.getByText( 'Test settings' ) ).toBeInTheDocument();
	} );
} );
