import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { describe, expect, it, vi } from 'vitest';

import AuditTrail from '../../../../src/settings/components/AuditTrail';
import { useAudit } from '../../../../src/shared/hooks/useAudit';
import type { AuditEvent } from '../../../../src/shared/types';

/**
 * The events as the screen reads them (useAudit) and lists them (AuditTrail).
 *
 * @param props
 * @param props.version Bumped after anything recorded.
 */
function Trail( { version }: { version: number } ) {
	return <AuditTrail events={ useAudit( version ) } />;
}

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const apiFetchMock = vi.mocked( apiFetch );

const EVENTS: AuditEvent[] = [
	{
		event: 'tested',
		outcome: 'typed_insufficient_quota',
		user: { id: 1, name: 'Ada Admin' },
		time: new Date( Date.now() - 60_000 ).toISOString(),
		ip_hash: 'abcdef012345',
	},
	{
		event: 'saved',
		outcome: 'project',
		user: null,
		time: new Date( Date.now() - 120_000 ).toISOString(),
		ip_hash: '',
	},
];

describe( 'AuditTrail', () => {
	it( 'lists the events in words, newest first', async () => {
		apiFetchMock.mockResolvedValue( EVENTS );
		render( <Trail version={ 0 } /> );
		const rows = await screen.findAllByRole( 'row' );
		expect( rows ).toHaveLength( 3 );
		expect( rows[ 1 ] ).toHaveTextContent( 'Connection tested' );
		expect( rows[ 1 ] ).toHaveTextContent( 'Ada Admin' );
		expect( rows[ 1 ] ).toHaveTextContent( 'No credit left (typed key)' );
		expect( rows[ 1 ] ).not.toHaveTextContent( 'typed_insufficient_quota' );
		expect( rows[ 2 ] ).toHaveTextContent( 'Key saved' );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/key-guard/v1/audit',
		} );
	} );

	it( 'lists the latest 10, and the rest on request, with no machine word on screen', async () => {
		const user = userEvent.setup();
		const outcomes: Array< [ AuditEvent[ 'event' ], string ] > = [
			[ 'refused_save', 'foreign_key' ],
			[ 'refused_save', 'staging_key_guard_same_key' ],
			[ 'refused_save', 'not_allowed' ],
			[ 'saved', 'staging_project' ],
			[ 'removed', 'staging' ],
			[ 'confirmed', 'local' ],
			[ 'failed_decrypt', '' ],
			[ 'tested', 'typed_model_not_found' ],
			[ 'tested', 'connected' ],
			[ 'refused_save', 'key_guard_several_keys' ],
			[ 'refused_save', 'invalid_key' ],
			[ 'saved', 'service_account' ],
		];
		apiFetchMock.mockResolvedValue(
			outcomes.map( ( [ event, outcome ], index ) => ( {
				event,
				outcome,
				user: { id: 1, name: 'Ada Admin' },
				time: new Date( Date.now() - index * 60_000 ).toISOString(),
				ip_hash: '',
			} ) )
		);
		const { container } = render( <Trail version={ 0 } /> );
		expect( await screen.findAllByRole( 'row' ) ).toHaveLength( 11 );
		await user.click(
			screen.getByRole( 'button', { name: 'Show 2 older events' } )
		);
		expect( screen.getAllByRole( 'row' ) ).toHaveLength( 13 );
		// The button is gone: focus moves to the first event it revealed (the 11th).
		expect( screen.getAllByRole( 'row' )[ 11 ] ).toHaveFocus();
		expect(
			screen.queryByRole( 'button', { name: /older event/ } )
		).toBeNull();
		expect( container.textContent ).not.toMatch( /\b[a-z]+_[a-z_]+\b/ );
		expect( container.textContent ).not.toContain( 'Other reason' );
	} );

	it( 'says there are no events yet without events or when the request fails', async () => {
		apiFetchMock.mockRejectedValue( { code: 'x', message: 'down' } );
		const { container } = render( <Trail version={ 0 } /> );
		await waitFor( () => expect( apiFetchMock ).toHaveBeenCalled() );
		expect( container ).toHaveTextContent( /^No key events yet\./ );
		expect( screen.queryByRole( 'table' ) ).toBeNull();
	} );

	it( 'reads the events again when the version changes', async () => {
		apiFetchMock.mockResolvedValue( EVENTS );
		const { rerender } = render( <Trail version={ 0 } /> );
		await screen.findAllByRole( 'row' );
		rerender( <Trail version={ 1 } /> );
		await waitFor( () =>
			expect( apiFetchMock ).toHaveBeenCalledTimes( 2 )
		);
	} );
} );
