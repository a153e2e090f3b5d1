/**
 * How the connection test runs: which model it asks. Rarely changed, so closed until asked for.
 */
import { TextControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import Disclosure from '../Disclosure';
import type { TestSettingsProps } from './types';

export default function TestSettings( {
	model,
	onModelChange,
	defaultModel,
}: TestSettingsProps ) {
	return (
		<Disclosure
			title={ __( 'Test settings', 'key-guard-for-openai' ) }
			className="key-guard-test-settings"
		>
			<p>
				{ __(
					'The test asks OpenAI about the model, then sends it a tiny request of a few tokens.',
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
		</Disclosure>
	);
}
