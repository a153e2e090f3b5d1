/**
 * Every text about one environment type's prepared key, whole, so each translates naturally. Only
 * the keys for copies use them, a chunk of their own (build/copies.js).
 */
import { __ } from '@wordpress/i18n';

import type { EnvironmentType } from './types';

export interface EnvironmentTexts {
	field: string;
	add: string;
	replace: string;
	save: string;
	remove: string;
	removeTitle: string;
	saved: string;
	removed: string;
}

/**
 * The texts for one environment type's prepared key.
 *
 * @param environment What wp_get_environment_type() returns.
 */
export function environmentTexts(
	environment: EnvironmentType
): EnvironmentTexts {
	switch ( environment ) {
		case 'production':
			return {
				field: __(
					'OpenAI API key for production sites',
					'key-guard-for-openai'
				),
				add: __( 'Add a production key', 'key-guard-for-openai' ),
				replace: __(
					'Replace the production key',
					'key-guard-for-openai'
				),
				save: __( 'Save the production key', 'key-guard-for-openai' ),
				remove: __(
					'Remove the production key',
					'key-guard-for-openai'
				),
				removeTitle: __(
					'Remove the key for production sites?',
					'key-guard-for-openai'
				),
				saved: __(
					'Key for production sites saved',
					'key-guard-for-openai'
				),
				removed: __(
					'Key for production sites removed',
					'key-guard-for-openai'
				),
			};
		case 'staging':
			return {
				field: __(
					'OpenAI API key for staging sites',
					'key-guard-for-openai'
				),
				add: __( 'Add a staging key', 'key-guard-for-openai' ),
				replace: __(
					'Replace the staging key',
					'key-guard-for-openai'
				),
				save: __( 'Save the staging key', 'key-guard-for-openai' ),
				remove: __( 'Remove the staging key', 'key-guard-for-openai' ),
				removeTitle: __(
					'Remove the key for staging sites?',
					'key-guard-for-openai'
				),
				saved: __(
					'Key for staging sites saved',
					'key-guard-for-openai'
				),
				removed: __(
					'Key for staging sites removed',
					'key-guard-for-openai'
				),
			};
		case 'development':
			return {
				field: __(
					'OpenAI API key for development sites',
					'key-guard-for-openai'
				),
				add: __( 'Add a development key', 'key-guard-for-openai' ),
				replace: __(
					'Replace the development key',
					'key-guard-for-openai'
				),
				save: __( 'Save the development key', 'key-guard-for-openai' ),
				remove: __(
					'Remove the development key',
					'key-guard-for-openai'
				),
				removeTitle: __(
					'Remove the key for development sites?',
					'key-guard-for-openai'
				),
				saved: __(
					'Key for development sites saved',
					'key-guard-for-openai'
				),
				removed: __(
					'Key for development sites removed',
					'key-guard-for-openai'
				),
			};
		case 'local':
			return {
				field: __(
					'OpenAI API key for local sites',
					'key-guard-for-openai'
				),
				add: __( 'Add a local key', 'key-guard-for-openai' ),
				replace: __( 'Replace the local key', 'key-guard-for-openai' ),
				save: __( 'Save the local key', 'key-guard-for-openai' ),
				remove: __( 'Remove the local key', 'key-guard-for-openai' ),
				removeTitle: __(
					'Remove the key for local sites?',
					'key-guard-for-openai'
				),
				saved: __(
					'Key for local sites saved',
					'key-guard-for-openai'
				),
				removed: __(
					'Key for local sites removed',
					'key-guard-for-openai'
				),
			};
	}
}
