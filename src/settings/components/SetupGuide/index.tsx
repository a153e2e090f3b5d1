/**
 * The set-up guide: the steps from an OpenAI account to a guarded key, each with the platform page
 * it needs. The plugin ticks what it can see (a key saved, its test passed, a budget of ours set);
 * the rest is ticked by hand and remembered for this site. Open until the guide is done, then
 * closed. The key step lists what the site's traffic says a restricted key needs. A chunk of its
 * own (build/setup.js).
 */
import { speak } from '@wordpress/a11y';
import {
	CheckboxControl,
	ExternalLink,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { changeSetup, getSetup, toApiError } from '../../../shared/api';
import type {
	ApiError,
	KeyEvidence,
	SetupGuideState,
	SetupStep,
} from '../../../shared/types';
import Disclosure from '../Disclosure';

export interface SetupGuideProps {
	/** Changes when the key's status does (saved, tested): the automatic ticks are read again. */
	version: string;
}

/**
 * A step's title and what it asks, in words.
 *
 * @param id The step.
 */
export function stepText( id: SetupStep[ 'id' ] ): {
	title: string;
	help: string;
	link?: string;
} {
	switch ( id ) {
		case 'dashboard':
			return {
				title: __( 'Open the OpenAI platform', 'key-guard-for-openai' ),
				help: __(
					'Sign in with the account that pays for the API. A ChatGPT subscription does not include the API: it is billed separately.',
					'key-guard-for-openai'
				),
				link: __(
					'Open the platform dashboard',
					'key-guard-for-openai'
				),
			};
		case 'project':
			return {
				title: __(
					'Create a project for this site',
					'key-guard-for-openai'
				),
				help: __(
					"A project of its own keeps this site's keys, spending and limits apart from your other sites and apps.",
					'key-guard-for-openai'
				),
				link: __( 'Open Projects', 'key-guard-for-openai' ),
			};
		case 'billing':
			return {
				title: __(
					'Check billing, credits and auto recharge',
					'key-guard-for-openai'
				),
				help: __(
					'The API is paid with credits bought in advance. Turn auto recharge off, or cap it, so that a runaway plugin cannot keep buying more.',
					'key-guard-for-openai'
				),
				link: __( 'Open Billing', 'key-guard-for-openai' ),
			};
		case 'create_key':
			return {
				title: __(
					'Create a secret key in that project',
					'key-guard-for-openai'
				),
				help: sprintf(
					/* translators: %s: this site's address. */
					__(
						'Name it after this site (%s) and choose Restricted permissions: only what the site uses, listed below.',
						'key-guard-for-openai'
					),
					window.location.host
				),
				link: __( 'Open API keys', 'key-guard-for-openai' ),
			};
		case 'paste_key':
			return {
				title: __(
					'Paste the key on this screen',
					'key-guard-for-openai'
				),
				help: __(
					'Ticked by itself once a key is saved here (or set in wp-config.php).',
					'key-guard-for-openai'
				),
			};
		case 'test':
			return {
				title: __( 'Test the connection', 'key-guard-for-openai' ),
				help: __(
					"Ticked by itself once the saved key's last test passed.",
					'key-guard-for-openai'
				),
			};
		case 'openai_limits':
			return {
				title: __(
					"Set a budget, alerts, model access and rate limits on OpenAI's side",
					'key-guard-for-openai'
				),
				help: __(
					"In the project's limits: a monthly budget with an alert by email, only the models the site needs, and rate limits.",
					'key-guard-for-openai'
				),
				link: __( 'Open Limits', 'key-guard-for-openai' ),
			};
		case 'our_budget':
			return {
				title: __(
					"Set this site's budget here",
					'key-guard-for-openai'
				),
				help: __(
					'Ticked by itself once a monthly or daily budget is set on the Usage tab: requests stop there before they cost more.',
					'key-guard-for-openai'
				),
			};
		case 'data_controls':
			return {
				title: __(
					'Optional: free daily tokens for shared traffic',
					'key-guard-for-openai'
				),
				help: __(
					'Under Data controls, sharing prompts and answers with OpenAI can earn complimentary daily tokens. Only for traffic you are allowed to share.',
					'key-guard-for-openai'
				),
				link: __( 'Open Data controls', 'key-guard-for-openai' ),
			};
	}
}

/**
 * What the site's traffic says the key needs, under the key step.
 *
 * @param props          The evidence.
 * @param props.evidence What the server saw.
 */
function Evidence( { evidence }: { evidence: KeyEvidence } ) {
	return (
		<div className="key-guard-setup__evidence">
			{ evidence.missing.length > 0 && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: a list of key permissions, e.g. "Responses API: Write". */
						__(
							'OpenAI refused requests because the key lacks: %s. Enable it on the key, or create a key that has it.',
							'key-guard-for-openai'
						),
						evidence.missing
							.map( ( item ) => item.label )
							.join( '; ' )
					) }
				</Notice>
			) }
			{ evidence.permissions.length === 0 &&
			evidence.unknown.length === 0 ? (
				<p>
					{ sprintf(
						/* translators: %d: a number of days. */
						__(
							"The site's plugins sent no request to OpenAI in the last %d days. Come back once they have, to restrict the key to what they use.",
							'key-guard-for-openai'
						),
						evidence.days
					) }
				</p>
			) : (
				<>
					<p>
						{ sprintf(
							/* translators: %d: a number of days. */
							__(
								"Permissions the site's plugins used in the last %d days:",
								'key-guard-for-openai'
							),
							evidence.days
						) }
					</p>
					<ul className="key-guard-setup__permissions">
						{ evidence.permissions.map( ( permission ) => (
							<li key={ permission.id }>
								{ sprintf(
									/* translators: 1: a permission of a restricted key, 2: Read, Write or both. */
									__( '%1$s: %2$s', 'key-guard-for-openai' ),
									permission.label,
									permission.access.join( ', ' )
								) }
							</li>
						) ) }
					</ul>
					{ evidence.models.length > 0 && (
						<p>
							{ sprintf(
								/* translators: %s: a list of model names. */
								__(
									'Models used: %s.',
									'key-guard-for-openai'
								),
								evidence.models.join( ', ' )
							) }
						</p>
					) }
					{ evidence.unknown.length > 0 && (
						<p>
							{ sprintf(
								/* translators: %s: a list of API paths, e.g. /v1/foo. */
								__(
									'Also used, with no permission we know of: %s.',
									'key-guard-for-openai'
								),
								evidence.unknown
									.map( ( path ) => `/v1/${ path }` )
									.join( ', ' )
							) }
						</p>
					) }
				</>
			) }
		</div>
	);
}

export default function SetupGuide( { version }: SetupGuideProps ) {
	const [ guide, setGuide ] = useState< SetupGuideState | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ busy, setBusy ] = useState< string | null >( null );

	useEffect( () => {
		getSetup()
			.then( ( next ) => {
				if ( ! Array.isArray( next?.steps ) ) {
					throw new Error(
						__(
							'The set-up guide could not be read. Reload the page to try again.',
							'key-guard-for-openai'
						)
					);
				}
				setGuide( next );
			} )
			.catch( ( reason ) => setError( toApiError( reason ) ) );
	}, [ version ] );

	const tick = useCallback( ( step: SetupStep, done: boolean ) => {
		setBusy( step.id );
		setError( null );
		// Ticked at once; the server's answer then stands (or the tick goes back on failure).
		const mark = ( value: boolean ) =>
			setGuide( ( current ) =>
				current
					? {
							...current,
							steps: current.steps.map( ( item ) =>
								item.id === step.id
									? { ...item, done: value }
									: item
							),
						}
					: current
			);
		mark( done );
		changeSetup( { step: step.id, done } )
			.then( ( next ) => {
				setGuide( next );
				let said: string = __(
					'Step unticked.',
					'key-guard-for-openai'
				);
				if ( next.done ) {
					said = __(
						'Step ticked. The set-up guide is done.',
						'key-guard-for-openai'
					);
				} else if ( done ) {
					said = __( 'Step ticked.', 'key-guard-for-openai' );
				}
				speak( said );
			} )
			.catch( ( reason ) => {
				mark( ! done );
				setError( toApiError( reason ) );
			} )
			.finally( () => setBusy( null ) );
	}, [] );

	if ( ! guide ) {
		return error ? (
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		) : (
			<p className="key-guard-lazy is-loading">
				<Spinner />
				{ __( 'Loading…', 'key-guard-for-openai' ) }
			</p>
		);
	}

	const required = guide.steps.filter( ( step ) => ! step.optional );
	const title = sprintf(
		/* translators: 1: steps done, 2: steps in all. */
		__( 'Set-up guide (%1$d of %2$d done)', 'key-guard-for-openai' ),
		required.filter( ( step ) => step.done ).length,
		required.length
	);

	return (
		<Disclosure
			key={ guide.done ? 'done' : 'open' }
			title={ title }
			level={ 2 }
			className="key-guard-card key-guard-setup"
			initialOpen={ ! guide.done && ! guide.closed }
			onToggle={ ( open ) => {
				changeSetup( { closed: ! open } ).catch( () => undefined );
			} }
		>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
			) }
			<ol className="key-guard-setup__steps">
				{ guide.steps.map( ( step ) => {
					const text = stepText( step.id );
					return (
						<li
							key={ step.id }
							className={ step.done ? 'is-done' : undefined }
						>
							{ step.auto ? (
								<p className="key-guard-setup__auto">
									<strong>{ text.title }</strong>{ ' ' }
									<span>
										{ step.done
											? __(
													'(done)',
													'key-guard-for-openai'
												)
											: __(
													'(not yet)',
													'key-guard-for-openai'
												) }
									</span>
								</p>
							) : (
								<CheckboxControl
									__nextHasNoMarginBottom
									label={ text.title }
									checked={ step.done }
									disabled={ busy === step.id }
									onChange={ ( checked ) =>
										tick( step, checked )
									}
								/>
							) }
							<p className="key-guard-setup__help">
								{ text.help }
							</p>
							{ step.link && text.link && (
								<p>
									<ExternalLink href={ step.link }>
										{ text.link }
									</ExternalLink>
								</p>
							) }
							{ step.id === 'create_key' && (
								<Evidence evidence={ guide.evidence } />
							) }
						</li>
					);
				} ) }
			</ol>
		</Disclosure>
	);
}
