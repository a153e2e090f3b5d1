/**
 * The OpenAI key screen: saved state from the server, edited state in the form, one test area.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useDispatch } from '@wordpress/data';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

import { toApiError } from '../../../shared/api';
import { useConnectionTest } from '../../../shared/hooks/useConnectionTest';
import { useKeyStatus } from '../../../shared/hooks/useKeyStatus';
import { environmentTexts } from '../../../shared/labels';
import AuditTrail from '../AuditTrail';
import ConnectionTest from '../ConnectionTest';
import EnvironmentKeys from '../EnvironmentKeys';
import KeyForm from '../KeyForm';
import KeyStatusPanel from '../KeyStatusPanel';
import Notices, { NOTICE_CONTEXT } from '../Notices';
import ReadOnlyNotice from '../ReadOnlyNotice';
import RemoveKey from '../RemoveKey';

export default function App() {
	const {
		status,
		loadError,
		reload,
		save,
		remove,
		confirm,
		recordTest,
		saveEnvironment,
		removeEnvironment,
	} = useKeyStatus();
	const test = useConnectionTest( recordTest );
	const [ model, setModel ] = useState< string | null >( null );
	const { createSuccessNotice, createErrorNotice } =
		useDispatch( noticesStore );
	const { run, reset } = test;
	// Bumped after anything the server records in its key events, so the list reloads.
	const [ auditVersion, setAuditVersion ] = useState( 0 );
	const bumpAudit = useCallback(
		() => setAuditVersion( ( n ) => n + 1 ),
		[]
	);
	useEffect( () => {
		if ( test.result ) {
			bumpAudit();
		}
	}, [ test.result, bumpAudit ] );

	const onSave = useCallback(
		async ( key: string ) => {
			const result = await save( key ).finally( bumpAudit );
			reset();
			createSuccessNotice(
				__( 'API key saved', 'key-guard-for-openai' ),
				{
					type: 'snackbar',
					context: NOTICE_CONTEXT,
				}
			);
			return result;
		},
		[ save, reset, createSuccessNotice, bumpAudit ]
	);

	const onRemove = useCallback( async () => {
		try {
			await remove().finally( bumpAudit );
			reset();
			createSuccessNotice(
				__( 'API key removed', 'key-guard-for-openai' ),
				{
					type: 'snackbar',
					context: NOTICE_CONTEXT,
				}
			);
		} catch ( error ) {
			createErrorNotice( toApiError( error ).message, {
				context: NOTICE_CONTEXT,
				id: 'key-guard-remove',
			} );
		}
	}, [ remove, reset, createSuccessNotice, createErrorNotice, bumpAudit ] );

	const shownModel = model ?? status?.default_model ?? '';
	const held =
		status?.warnings.some( ( warning ) => warning.code === 'held_copy' ) ??
		false;
	const prepared =
		status?.source === 'database'
			? status.environments.find(
					( entry ) => entry.current && entry.readable
				)
			: undefined;

	return (
		<div className="key-guard">
			<Notices />
			{ loadError && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'key-guard-for-openai' ),
							onClick: reload,
						},
					] }
				>
					{ loadError.message }
				</Notice>
			) }
			{ ! status && ! loadError && <Spinner /> }
			{ status && (
				<>
					<KeyStatusPanel status={ status }>
						{ ( status.source === 'database' || held ) &&
							status.editable && (
								<RemoveKey onRemove={ onRemove } />
							) }
						{ held && (
							<Button
								__next40pxDefaultSize
								variant="secondary"
								onClick={ () =>
									confirm()
										.then( bumpAudit )
										.catch( ( error ) =>
											createErrorNotice(
												toApiError( error ).message,
												{ context: NOTICE_CONTEXT }
											)
										)
								}
							>
								{ __(
									'Use the production key on this site',
									'key-guard-for-openai'
								) }
							</Button>
						) }
					</KeyStatusPanel>
					{ prepared && (
						<Notice status="info" isDismissible={ false }>
							{ environmentTexts( prepared.environment ).inUse(
								prepared.site ??
									__( 'another site', 'key-guard-for-openai' )
							) }
						</Notice>
					) }
					{ status.editable ? (
						<KeyForm
							configured={ status.configured }
							onSave={ onSave }
							onEdit={ () => {
								// A result about a typed key no longer describes the edited text.
								if ( test.result?.key_source === 'candidate' ) {
									reset();
								}
							} }
							onTest={ ( key ) => run( shownModel, key ) }
							isTesting={
								test.running !== null || test.waitSeconds > 0
							}
							isTestingTypedKey={ test.running === 'candidate' }
						/>
					) : (
						status.source !== 'none' &&
						status.source !== 'database' && (
							<ReadOnlyNotice source={ status.source } />
						)
					) }
					<ConnectionTest
						configured={ status.configured }
						model={ shownModel }
						onModelChange={ setModel }
						defaultModel={ status.default_model }
						running={ test.running }
						waitSeconds={ test.waitSeconds }
						result={ test.result }
						error={ test.error }
						onTestStored={ () => run( shownModel ) }
					/>
					<EnvironmentKeys
						current={ status.environment }
						environments={ status.environments }
						onSave={ async ( environment, key ) => {
							const result = await saveEnvironment(
								environment,
								key
							).finally( bumpAudit );
							createSuccessNotice(
								environmentTexts( environment ).saved,
								{ type: 'snackbar', context: NOTICE_CONTEXT }
							);
							return result;
						} }
						onRemove={ async ( environment ) => {
							const next =
								await removeEnvironment( environment ).finally(
									bumpAudit
								);
							createSuccessNotice(
								environmentTexts( environment ).removed,
								{ type: 'snackbar', context: NOTICE_CONTEXT }
							);
							return next;
						} }
					/>
					<AuditTrail version={ auditVersion } />
				</>
			) }
		</div>
	);
}
