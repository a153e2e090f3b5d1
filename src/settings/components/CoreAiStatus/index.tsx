/**
 * Whether WordPress's own AI features (WordPress 7.x) can use the key, and the one step that lets
 * them: they reach OpenAI only through the AI Provider for OpenAI plugin.
 */
import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { CoreAi } from '../../../shared/settings';
import type { CoreAiStatusProps } from './types';

/**
 * The one sentence for the provider plugin's state.
 *
 * @param coreAi     What the page says about core's AI features.
 * @param configured Whether a key is set.
 * @param problem
 */
function sentence(
	coreAi: CoreAi,
	configured: boolean,
	problem: boolean
): string {
	const { state } = coreAi;
	if ( state === 'active' && configured && problem ) {
		return __(
			'WordPress’s AI features use this key through the AI Provider for OpenAI plugin: they can use it once the problem above is fixed.',
			'key-guard-for-openai'
		);
	}
	if ( state === 'active' ) {
		return configured
			? __(
					'WordPress’s AI features can use this key through the AI Provider for OpenAI plugin.',
					'key-guard-for-openai'
				)
			: __(
					'Once a key is saved here, WordPress’s AI features can use it through the AI Provider for OpenAI plugin.',
					'key-guard-for-openai'
				);
	}
	if ( state === 'inactive' ) {
		return configured
			? __(
					'WordPress’s AI features need the AI Provider for OpenAI plugin to use this key. It is installed but not active.',
					'key-guard-for-openai'
				)
			: __(
					'WordPress’s AI features need the AI Provider for OpenAI plugin to use an OpenAI key. It is installed but not active.',
					'key-guard-for-openai'
				);
	}
	return configured
		? __(
				'WordPress’s AI features need the AI Provider for OpenAI plugin to use this key. It is not installed.',
				'key-guard-for-openai'
			)
		: __(
				'WordPress’s AI features need the AI Provider for OpenAI plugin to use an OpenAI key. It is not installed.',
				'key-guard-for-openai'
			);
}

/**
 * The link that fixes the state, or, for a user who may not follow it, who can.
 *
 * @param coreAi What the page says about core's AI features.
 */
function nextStep(
	coreAi: CoreAi
): { url: string; label: string } | { note: string } | null {
	const { state, activateUrl, installUrl } = coreAi;
	if ( state === 'inactive' ) {
		return activateUrl
			? {
					url: activateUrl,
					label: __(
						'Activate AI Provider for OpenAI',
						'key-guard-for-openai'
					),
				}
			: {
					note: __(
						'Ask an administrator who manages plugins to activate it.',
						'key-guard-for-openai'
					),
				};
	}
	if ( state === 'absent' ) {
		return installUrl
			? {
					url: installUrl,
					label: __(
						'Install AI Provider for OpenAI',
						'key-guard-for-openai'
					),
				}
			: {
					note: __(
						'Ask an administrator who manages plugins to install it.',
						'key-guard-for-openai'
					),
				};
	}
	return null;
}

export default function CoreAiStatus( {
	coreAi,
	configured,
	problem = false,
}: CoreAiStatusProps ) {
	if ( ! coreAi ) {
		return null;
	}
	const step = nextStep( coreAi );
	return (
		<Card className="key-guard-card key-guard-core-ai">
			<CardHeader>
				<h2>
					{ __( 'WordPress’s AI features', 'key-guard-for-openai' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<p>{ sentence( coreAi, configured, problem ) }</p>
				{ step && 'note' in step && <p>{ step.note }</p> }
				<div className="key-guard-core-ai__actions">
					{ step && 'url' in step && (
						<Button variant="secondary" href={ step.url }>
							{ step.label }
						</Button>
					) }
					{ coreAi.connectorsUrl && (
						<Button variant="link" href={ coreAi.connectorsUrl }>
							{ __(
								'Open Settings → Connectors',
								'key-guard-for-openai'
							) }
						</Button>
					) }
				</div>
			</CardBody>
		</Card>
	);
}
