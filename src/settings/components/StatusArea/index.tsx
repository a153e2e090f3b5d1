/**
 * Where things stand, in a sentence, with the one next step: add a key, test it, set a budget, or
 * fix what the last test found. The saved key's test runs and answers here.
 */
import { Button, Card, CardBody, ExternalLink } from '@wordpress/components';
import { Children, useEffect, useId, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { kindLabel, outcomeOf, sourceLabel } from '../../../shared/labels';
import { getDashboardLinks } from '../../../shared/settings';
import { formatWhen as when } from '../../../shared/time';
import type { KeyStatus } from '../../../shared/types';
import TestError from '../TestError';
import TestProgress from '../TestProgress';
import TestResult from '../TestResult';
import type { Stage, StatusAreaProps } from './types';

/** Warnings that mean the saved key is not used at all. */
const BLOCKING = [ 'undecryptable', 'held_copy' ];

/**
 * Where things stand for this key.
 *
 * @param status The key's status.
 */
export function stageOf( status: KeyStatus ): Stage {
	if ( status.warnings.some( ( item ) => BLOCKING.includes( item.code ) ) ) {
		return 'problem';
	}
	if ( ! status.configured ) {
		return 'none';
	}
	if ( ! status.last_test ) {
		return 'untested';
	}
	const outcome = outcomeOf( status.last_test );
	if ( outcome === 'connected' ) {
		return 'works';
	}
	return outcome === 'warning' ? 'warning' : 'problem';
}

function headline( stage: Stage ): string {
	switch ( stage ) {
		case 'none':
			return __( 'Connect this site to OpenAI', 'key-guard-for-openai' );
		case 'untested':
			return __( 'A key is saved: test it next', 'key-guard-for-openai' );
		case 'works':
			return __( 'Connected to OpenAI', 'key-guard-for-openai' );
		case 'warning':
			return __(
				'Connected to OpenAI, with a warning',
				'key-guard-for-openai'
			);
		case 'problem':
			return __( 'The key needs attention', 'key-guard-for-openai' );
	}
}

function sentence( stage: Stage ): string[] {
	switch ( stage ) {
		case 'none':
			return [
				__( 'No OpenAI key is set yet.', 'key-guard-for-openai' ),
				__(
					'Create a key on the OpenAI dashboard, paste it here and save it; then test the connection.',
					'key-guard-for-openai'
				),
			];
		case 'untested':
			return [
				__(
					'The key has not been tested yet. The test checks that OpenAI accepts it and can answer, with a request of a few tokens.',
					'key-guard-for-openai'
				),
			];
		case 'works':
			return [
				__(
					'The last test of the saved key connected.',
					'key-guard-for-openai'
				),
			];
		case 'warning':
			return [
				__(
					'The saved key works, but the last test found something to look at.',
					'key-guard-for-openai'
				),
			];
		case 'problem':
			return [
				__(
					'The saved key cannot be used as it is. The details below say why and what to do.',
					'key-guard-for-openai'
				),
			];
	}
}

export default function StatusArea( {
	status,
	test,
	onTest,
	focusTest = false,
	onFocusTaken,
	testOptions,
	notices,
	form,
	children,
}: StatusAreaProps ) {
	const stage = stageOf( status );
	// Actions on the saved key (Remove), or on a held one (use it here), after the test in tab order.
	const hasActions = Children.toArray( children ).length > 0;
	const testButton = useRef< HTMLButtonElement >( null );
	const id = useId();
	const { masked, kind, saved_at: savedAt, last_test: lastTest } = status;

	useEffect( () => {
		if ( focusTest && testButton.current ) {
			testButton.current.focus();
			onFocusTaken?.();
		}
	}, [ focusTest, onFocusTaken ] );

	return (
		<Card className={ `key-guard-card key-guard-status is-${ stage }` }>
			<CardBody>
				<h2 className="key-guard-status__headline">
					{ headline( stage ) }
				</h2>
				<p className="key-guard-status__summary">
					{ sentence( stage ).map( ( part, index ) => (
						<span key={ index }>
							{ index > 0 && ' ' }
							{ part }
						</span>
					) ) }
				</p>
				{ notices }
				{ status.warnings.map( ( warning ) => (
					<p
						key={ warning.code }
						className="key-guard-status__warning"
					>
						<strong>
							{ __( 'Warning:', 'key-guard-for-openai' ) }
						</strong>{ ' ' }
						{ warning.message }
					</p>
				) ) }
				{ form }
				{ status.configured && (
					<dl className="key-guard-status__facts">
						<dt>{ __( 'Key', 'key-guard-for-openai' ) }</dt>
						<dd>
							<code>{ masked }</code>
						</dd>
						<dt>{ __( 'Source', 'key-guard-for-openai' ) }</dt>
						<dd>{ sourceLabel( status.source ) }</dd>
						{ kind && (
							<>
								<dt>
									{ __( 'Type', 'key-guard-for-openai' ) }
								</dt>
								<dd>{ kindLabel( kind ) }</dd>
							</>
						) }
						{ savedAt && (
							<>
								<dt>
									{ __( 'Saved', 'key-guard-for-openai' ) }
								</dt>
								<dd>
									<time dateTime={ savedAt }>
										{ when( savedAt ) }
									</time>
									{ status.saved_by_name &&
										` · ${ status.saved_by_name }` }
								</dd>
							</>
						) }
					</dl>
				) }
				{ ( status.configured || hasActions ) && (
					<div className="key-guard-status__actions">
						{ status.configured && (
							<Button
								__next40pxDefaultSize
								ref={ testButton }
								variant={
									stage === 'untested'
										? 'primary'
										: 'secondary'
								}
								onClick={ onTest }
								isBusy={ test.running === 'stored' }
								disabled={
									test.running !== null ||
									test.waitSeconds > 0
								}
								accessibleWhenDisabled
							>
								{ __(
									'Test connection',
									'key-guard-for-openai'
								) }
							</Button>
						) }
						{ hasActions && children }
					</div>
				) }
				{ testOptions }
				<TestProgress
					startedAt={
						test.running === 'stored' ? test.startedAt : null
					}
				/>
				{ test.error && test.target === 'stored' && (
					<TestError
						error={ test.error }
						waitSeconds={ test.waitSeconds }
					/>
				) }
				{ lastTest && (
					<section
						className="key-guard-status__last-test"
						aria-labelledby={ `${ id }-last-test` }
					>
						<h3
							id={ `${ id }-last-test` }
							className="key-guard-status__label"
						>
							{ __(
								'Last test of the saved key',
								'key-guard-for-openai'
							) }
						</h3>
						<TestResult
							result={ lastTest }
							takeFocus={
								test.focusPending && test.target === 'stored'
							}
							onFocusTaken={ test.focusTaken }
							headingLevel={ 4 }
							showAdvice={ stage !== 'works' }
						/>
					</section>
				) }
				{ stage === 'works' && (
					<p className="key-guard-status__next">
						<strong>
							{ __( 'Next step:', 'key-guard-for-openai' ) }
						</strong>{ ' ' }
						{ __(
							'set a monthly budget and usage alerts for this key’s project on the OpenAI dashboard, so a misused key cannot run up a bill.',
							'key-guard-for-openai'
						) }{ ' ' }
						<ExternalLink href={ getDashboardLinks().limits }>
							{ __(
								'OpenAI limits and budgets',
								'key-guard-for-openai'
							) }
						</ExternalLink>
					</p>
				) }
			</CardBody>
		</Card>
	);
}
