/**
 * The OpenAI key screen: where things stand first, with the next step; what is needed now and then
 * (replacing the key, keys for copies, test settings) closed until asked for; the events and the
 * usage in tabs of their own. The setup guide gets a tab of its own as it arrives.
 */
import { Button, Notice, Spinner, TabPanel } from '@wordpress/components';
import { useDispatch } from '@wordpress/data';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

import { toApiError } from '../../../shared/api';
import { useAudit } from '../../../shared/hooks/useAudit';
import { useConnectionTest } from '../../../shared/hooks/useConnectionTest';
import { useKeyStatus } from '../../../shared/hooks/useKeyStatus';
import { getCoreAi } from '../../../shared/settings';
import type { Message } from '../../../shared/types';
import { preparedKeyInUse } from '../../../shared/labels';
import CoreAiStatus from '../CoreAiStatus';
import Disclosure from '../Disclosure';
import EnvironmentKeys from '../EnvironmentKeys';
import KeyForm from '../KeyForm';
import Lazy from '../Lazy';
import Notices, { NOTICE_CONTEXT } from '../Notices';
import RemoveKey from '../RemoveKey';
import SaveNotices from '../SaveNotices';
import StatusArea, { stageOf } from '../StatusArea';
import TestError from '../TestError';
import TestProgress from '../TestProgress';
import TestResult from '../TestResult';
import TestSettings from '../TestSettings';

/** The Usage tab, a chunk of its own (build/usage.js) fetched when first shown. */
const loadUsageTab = () =>
	import( /* webpackChunkName: "usage" */ '../UsageTab' ).then(
		( chunk ) => chunk.default
	);

/** The Events tab, a chunk of its own (build/events.js) fetched when first shown. */
const loadEvents = () =>
	import( /* webpackChunkName: "events" */ '../AuditTrail' ).then(
		( chunk ) => chunk.default
	);

/** Why the key cannot be changed here, a chunk of its own (build/read-only.js): rarely shown. */
const loadReadOnlyNotice = () =>
	import( /* webpackChunkName: "read-only" */ '../ReadOnlyNotice' ).then(
		( chunk ) => chunk.default
	);

/** The set-up guide, a chunk of its own (build/setup.js) fetched with the key tab. */
const loadSetupGuide = () =>
	import( /* webpackChunkName: "setup" */ '../SetupGuide' ).then(
		( chunk ) => chunk.default
	);

/** The screen's tabs; the address's #fragment opens one directly (e.g. …&page=key-guard-for-openai#events). */
const TABS = [ 'key', 'usage', 'events' ] as const;

function initialTab(): string {
	const asked = window.location.hash.replace( /^#/, '' );
	return ( TABS as readonly string[] ).includes( asked ) ? asked : 'key';
}

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
	const { createErrorNotice } = useDispatch( noticesStore );
	// What the last change did ("API key saved"), shown above the status (the Notice speaks it): no
	// snackbar, whose click-to-dismiss body screen readers cannot name by its text.
	const [ done, setDone ] = useState< string | null >( null );
	// What the server said about the first key saved: its form leaves with the save, so the
	// status area shows it.
	const [ firstNotices, setFirstNotices ] = useState< Message[] >( [] );
	const { run, reset } = test;
	// Bumped after anything the server records in its key events, so the list reloads.
	const [ auditVersion, setAuditVersion ] = useState( 0 );
	const bumpAudit = useCallback(
		() => setAuditVersion( ( n ) => n + 1 ),
		[]
	);
	const events = useAudit( auditVersion );
	// Bumped after a save: focus moves to the test, the next step.
	const [ focusTest, setFocusTest ] = useState( false );
	const [ focusField, setFocusField ] = useState( false );
	const focusFieldTaken = useCallback( () => setFocusField( false ), [] );
	const focusTestTaken = useCallback( () => setFocusTest( false ), [] );
	useEffect( () => {
		if ( test.result ) {
			bumpAudit();
		}
	}, [ test.result, bumpAudit ] );

	const onSave = useCallback(
		async ( key: string ) => {
			const result = await save( key ).finally( bumpAudit );
			reset();
			setDone( __( 'API key saved', 'key-guard-for-openai' ) );
			setFocusTest( true );
			return result;
		},
		[ save, reset, setDone, bumpAudit ]
	);

	const onRemove = useCallback( async () => {
		try {
			await remove().finally( bumpAudit );
			reset();
			setDone( __( 'API key removed', 'key-guard-for-openai' ) );
			// Remove is gone with the key: focus moves to the field for a new one.
			setFocusField( true );
			setFirstNotices( [] );
		} catch ( error ) {
			createErrorNotice( toApiError( error ).message, {
				context: NOTICE_CONTEXT,
				id: 'key-guard-remove',
			} );
		}
	}, [ remove, reset, setDone, createErrorNotice, bumpAudit ] );

	if ( ! status ) {
		return (
			<div className="key-guard">
				<Notices />
				{ loadError ? (
					<Notice
						status="error"
						isDismissible={ false }
						actions={ [
							{
								label: __(
									'Try again',
									'key-guard-for-openai'
								),
								onClick: reload,
							},
						] }
					>
						{ loadError.message }
					</Notice>
				) : (
					<Spinner />
				) }
			</div>
		);
	}

	const shownModel = model ?? status.default_model ?? '';
	const held = status.warnings.some(
		( warning ) => warning.code === 'held_copy'
	);
	const prepared =
		status.source === 'database'
			? status.environments.find(
					( entry ) => entry.current && entry.readable
				)
			: undefined;

	const form = status.editable && (
		<KeyForm
			embedded
			configured={ status.configured }
			onSave={ async ( key ) => {
				const result = await onSave( key );
				setFirstNotices( status.configured ? [] : result.notices );
				return result;
			} }
			onEdit={ () => {
				// A result or refusal about a typed key no longer describes the edited text.
				if ( test.target === 'candidate' ) {
					reset();
				}
			} }
			onTest={ ( key ) => run( shownModel, key ) }
			isTesting={ test.running !== null || test.waitSeconds > 0 }
			isTestingTypedKey={ test.running === 'candidate' }
			focusField={ focusField }
			onFocusTaken={ focusFieldTaken }
		>
			<TestProgress
				startedAt={
					test.running === 'candidate' ? test.startedAt : null
				}
			/>
			{ test.error && test.target === 'candidate' && (
				<TestError
					error={ test.error }
					waitSeconds={ test.waitSeconds }
				/>
			) }
			{ test.result?.key_source === 'candidate' && (
				<TestResult
					result={ test.result }
					takeFocus={ test.focusPending }
					onFocusTaken={ test.focusTaken }
				/>
			) }
		</KeyForm>
	);

	const keyTab = (
		<>
			{ done && (
				<Notice
					status="success"
					onRemove={ () => setDone( null ) }
					className="key-guard-done"
				>
					{ done }
				</Notice>
			) }
			{ prepared && (
				<Notice status="info" isDismissible={ false }>
					{ preparedKeyInUse(
						prepared.environment,
						prepared.site ??
							__( 'another site', 'key-guard-for-openai' )
					) }
				</Notice>
			) }
			<StatusArea
				status={ status }
				test={ test }
				onTest={ () => run( shownModel ) }
				focusTest={ focusTest }
				onFocusTaken={ focusTestTaken }
				notices={
					firstNotices.length > 0 && (
						<SaveNotices
							notices={ firstNotices }
							onDismiss={ () => setFirstNotices( [] ) }
						/>
					)
				}
				form={ status.configured ? undefined : form }
				testOptions={
					<TestSettings
						model={ shownModel }
						onModelChange={ setModel }
						defaultModel={ status.default_model }
					/>
				}
			>
				{ held && (
					<Button
						__next40pxDefaultSize
						variant="secondary"
						onClick={ () =>
							confirm()
								.then( () => {
									bumpAudit();
									// The confirm button is gone: the next step is the test.
									setFocusTest( true );
								} )
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
				{ ( status.source === 'database' || held ) &&
					status.editable && <RemoveKey onRemove={ onRemove } /> }
			</StatusArea>
			<CoreAiStatus
				coreAi={ getCoreAi() }
				configured={ status.configured }
				problem={ stageOf( status ) === 'problem' }
			/>
			{ status.configured && status.editable && (
				<Disclosure
					title={ __( 'Replace the key', 'key-guard-for-openai' ) }
					level={ 2 }
					className="key-guard-card key-guard-replace"
				>
					{ form }
				</Disclosure>
			) }
			{ ! status.editable && (
				<Lazy
					key="read-only"
					load={ loadReadOnlyNotice }
					props={ {
						source: status.source,
						configured: status.configured,
					} }
				/>
			) }
			<EnvironmentKeys
				current={ status.environment }
				environments={ status.environments }
				sharedSecret={ status.shared_secret }
				model={ shownModel }
				onTested={ bumpAudit }
				onSave={ ( environment, key ) =>
					saveEnvironment( environment, key ).finally( bumpAudit )
				}
				onRemove={ ( environment ) =>
					removeEnvironment( environment ).finally( bumpAudit )
				}
				onDone={ setDone }
			/>
			<Lazy
				key="setup"
				load={ loadSetupGuide }
				props={ {
					version: [
						status.configured,
						status.masked,
						status.last_test?.tested_at ?? '',
					].join( '|' ),
				} }
			/>
		</>
	);

	return (
		<div className="key-guard">
			<Notices />
			<TabPanel
				className="key-guard-tabs"
				initialTabName={ initialTab() }
				onSelect={ ( name ) =>
					window.history.replaceState(
						null,
						'',
						name === 'key'
							? window.location.pathname + window.location.search
							: `#${ name }`
					)
				}
				tabs={ [
					{
						name: 'key',
						title: __( 'API key', 'key-guard-for-openai' ),
					},
					{
						name: 'usage',
						title: __( 'Usage', 'key-guard-for-openai' ),
					},
					{
						name: 'events',
						title: __( 'Events', 'key-guard-for-openai' ),
					},
				] }
			>
				{ ( tab ) => {
					switch ( tab.name ) {
						case 'usage':
							return (
								<Lazy
									key="usage"
									load={ loadUsageTab }
									props={ {} }
								/>
							);
						case 'events':
							return (
								<Lazy
									key="events"
									load={ loadEvents }
									props={ { events } }
								/>
							);
						default:
							return keyTab;
					}
				} }
			</TabPanel>
		</div>
	);
}
