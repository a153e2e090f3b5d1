/**
 * The plugins and themes waiting until an admin lets them use OpenAI, each with an Approve
 * button; and, while new callers must be approved, those approved, each with a way back.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../../shared/api';
import { formatCount } from '../../../shared/numbers';
import { formatDay } from '../../../shared/days';
import type { ApiError, CallerSeen } from '../../../shared/types';
import type { CallerApprovalsProps } from './types';

/**
 * What the buttons and notices say about one caller.
 *
 * @param label A plugin, theme or "WordPress core".
 */
function callerTexts( label: string ) {
	return {
		approve: sprintf(
			/* translators: %s: a plugin, theme or "WordPress core". */
			__( 'Approve %s', 'key-guard-for-openai' ),
			label
		),
		revoke: sprintf(
			/* translators: %s: a plugin, theme or "WordPress core". */
			__( 'Revoke the approval of %s', 'key-guard-for-openai' ),
			label
		),
		approved: sprintf(
			/* translators: %s: a plugin, theme or "WordPress core". */
			__( '%s can use OpenAI now.', 'key-guard-for-openai' ),
			label
		),
		revoked: sprintf(
			/* translators: %s: a plugin, theme or "WordPress core". */
			__(
				'%s must be approved again before it can use OpenAI.',
				'key-guard-for-openai'
			),
			label
		),
	};
}

export default function CallerApprovals( {
	limits,
	onSave,
}: CallerApprovalsProps ) {
	const [ busy, setBusy ] = useState< string | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ done, setDone ] = useState< string | null >( null );
	const heading = useRef< HTMLHeadingElement >( null );
	const asking = limits.unknown_callers === 'approve';
	const approved = ( caller: CallerSeen ) =>
		limits.callers[ caller.id ]?.approved === true;
	const waiting = limits.callers_seen.filter(
		( caller ) => caller.waiting && ! approved( caller )
	);
	const allowed = asking ? limits.callers_seen.filter( approved ) : [];
	if ( ! asking && waiting.length === 0 && ! done ) {
		return null;
	}

	const change = async ( caller: CallerSeen, approve: boolean ) => {
		setBusy( caller.id );
		setError( null );
		setDone( null );
		try {
			await onSave( {
				callers: { [ caller.id ]: { approved: approve } },
			} );
			const texts = callerTexts( caller.label );
			setDone( approve ? texts.approved : texts.revoked );
			// Its button is gone with it: focus goes back to the top of the list.
			heading.current?.focus();
		} catch ( caught ) {
			setError( toApiError( caught ) );
		} finally {
			setBusy( null );
		}
	};

	const button = ( caller: CallerSeen, approve: boolean ) =>
		limits.editable && (
			<Button
				__next40pxDefaultSize
				variant={ approve ? 'primary' : 'secondary' }
				isBusy={ busy === caller.id }
				disabled={ busy !== null }
				accessibleWhenDisabled
				onClick={ () => change( caller, approve ) }
				aria-label={
					approve
						? callerTexts( caller.label ).approve
						: callerTexts( caller.label ).revoke
				}
			>
				{ approve
					? __( 'Approve', 'key-guard-for-openai' )
					: __( 'Revoke the approval', 'key-guard-for-openai' ) }
			</Button>
		);

	return (
		<Card className="key-guard-card key-guard-usage__approvals">
			<CardHeader>
				<h2 ref={ heading } tabIndex={ -1 }>
					{ __(
						'Callers waiting for approval',
						'key-guard-for-openai'
					) }
				</h2>
			</CardHeader>
			<CardBody>
				{ done && (
					<Notice status="success" onRemove={ () => setDone( null ) }>
						{ done }
					</Notice>
				) }
				{ error && (
					<Notice status="error" onRemove={ () => setError( null ) }>
						{ error.message }
					</Notice>
				) }
				{ waiting.length === 0 ? (
					<p>
						{ __(
							'No plugin or theme is waiting for approval.',
							'key-guard-for-openai'
						) }
					</p>
				) : (
					<ul className="key-guard-callers">
						{ waiting.map( ( caller ) => (
							<li key={ caller.id }>
								<span>
									<strong>{ caller.label }</strong>{ ' ' }
									{ sprintf(
										/* translators: 1: a date, 2: a number of requests. */
										_n(
											'First seen %1$s; %2$s request blocked.',
											'First seen %1$s; %2$s requests blocked.',
											caller.blocked,
											'key-guard-for-openai'
										),
										formatDay( caller.first_seen ),
										formatCount( caller.blocked )
									) }
								</span>
								{ button( caller, true ) }
							</li>
						) ) }
					</ul>
				) }
				{ ! limits.editable && waiting.length > 0 && (
					<p>
						{ __(
							'Approvals are part of the limits set in wp-config.php, so they cannot be given on this screen.',
							'key-guard-for-openai'
						) }
					</p>
				) }
				{ allowed.length > 0 && (
					<>
						<h3>
							{ __( 'Approved callers', 'key-guard-for-openai' ) }
						</h3>
						<ul className="key-guard-callers">
							{ allowed.map( ( caller ) => (
								<li key={ caller.id }>
									<strong>{ caller.label }</strong>
									{ button( caller, false ) }
								</li>
							) ) }
						</ul>
					</>
				) }
			</CardBody>
		</Card>
	);
}
