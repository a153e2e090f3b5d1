/**
 * The connection test: which model, the button for the stored key, progress and the result.
 *
 * The button that tests a typed key sits in KeyForm; both share the model and the result here.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import TestResult from '../TestResult';
import type { ConnectionTestProps } from './types';

export default function ConnectionTest( {
	configured,
	model,
	onModelChange,
	defaultModel,
	running,
	waitSeconds = 0,
	result,
	error,
	onTestStored,
}: ConnectionTestProps ) {
	return (
		<Card className="key-guard-card key-guard-test">
			<CardHeader>
				<h2>{ __( 'Connection test', 'key-guard-for-openai' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ __(
						'The test asks OpenAI for the model, then sends it a tiny request. It uses a few tokens.',
						'key-guard-for-openai'
					) }
				</p>
				<div className="key-guard-test__model">
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={ __( 'Model', 'key-guard-for-openai' ) }
						help={
							defaultModel
								? sprintf(
										/* translators: %s: model name, e.g. gpt-4o-mini. */
										__(
											'Leave empty to use %s.',
											'key-guard-for-openai'
										),
										defaultModel
									)
								: __(
										'Leave empty to let the test pick the cheapest model this key can see.',
										'key-guard-for-openai'
									)
						}
						value={ model }
						onChange={ onModelChange }
						spellCheck={ false }
						autoComplete="off"
					/>
				</div>
				{ configured && (
					<div className="key-guard-test__actions">
						<Button
							__next40pxDefaultSize
							variant="secondary"
							onClick={ onTestStored }
							isBusy={ running === 'stored' }
							disabled={ running !== null || waitSeconds > 0 }
							accessibleWhenDisabled
						>
							{ __( 'Test connection', 'key-guard-for-openai' ) }
						</Button>
					</div>
				) }
				{ ! configured && ! result && ! running && (
					<p>
						{ __(
							'No key is saved yet. Type one above and choose “Test this key” to try it before saving.',
							'key-guard-for-openai'
						) }
					</p>
				) }
				<div role="status" className="key-guard-test__progress">
					{ running && (
						<>
							<Spinner />
							{ __(
								'Testing connection…',
								'key-guard-for-openai'
							) }
						</>
					) }
				</div>
				{ error && (
					<Notice status="error" isDismissible={ false }>
						{ error.message }
						{ error.code === 'key_guard_rate_limited' &&
							waitSeconds > 0 && (
								<>
									{ ' ' }
									<span className="key-guard-test__wait">
										{ sprintf(
											/* translators: %d: seconds left before the next test may run. */
											_n(
												'You can test again in %d second.',
												'You can test again in %d seconds.',
												waitSeconds,
												'key-guard-for-openai'
											),
											waitSeconds
										) }
									</span>
								</>
							) }
					</Notice>
				) }
				{ result && <TestResult result={ result } /> }
			</CardBody>
		</Card>
	);
}
