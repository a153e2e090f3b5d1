/**
 * Keys prepared for the other environment types: a copy of this site's database on a staging,
 * development or local site uses the key saved here for its type, not this site's key.
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	TextControl,
} from '@wordpress/components';
import { useId, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../api';
import { environmentLabel } from '../../labels';
import { formatWhen } from '../../time';
import type { ApiError, Message } from '../../types';
import SaveNotices from '../SaveNotices';
import type { EnvironmentKeysProps, EnvironmentRowProps } from './types';

function EnvironmentRow( { entry, onSave, onRemove }: EnvironmentRowProps ) {
	const [ isEditing, setEditing ] = useState( false );
	const [ value, setValue ] = useState( '' );
	const [ isBusy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ notices, setNotices ] = useState< Message[] >( [] );
	const id = useId();
	const name = environmentLabel( entry.environment );

	const fail = ( caught: unknown ) => {
		const failure = toApiError( caught );
		setError( failure );
		speak( failure.message, 'assertive' );
	};

	const submit = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( value.trim() === '' || isBusy ) {
			return;
		}
		setBusy( true );
		setError( null );
		try {
			const result = await onSave( value );
			setValue( '' );
			setEditing( false );
			setNotices( result.notices );
			speak(
				sprintf(
					/* translators: %s: an environment type, e.g. Staging. */
					__( '%s key saved', 'key-guard-for-openai' ),
					name
				)
			);
		} catch ( caught ) {
			fail( caught );
		} finally {
			setBusy( false );
		}
	};

	const remove = async () => {
		setBusy( true );
		setError( null );
		try {
			await onRemove();
			setNotices( [] );
			speak(
				sprintf(
					/* translators: %s: an environment type, e.g. Staging. */
					__( '%s key removed', 'key-guard-for-openai' ),
					name
				)
			);
		} catch ( caught ) {
			fail( caught );
		} finally {
			setBusy( false );
		}
	};

	let state: string;
	if ( ! entry.configured ) {
		state = __( 'No key saved.', 'key-guard-for-openai' );
	} else if ( ! entry.readable ) {
		state = __(
			'A key is saved but cannot be decrypted on this site (it was saved on another site, or the salts changed). Replace it.',
			'key-guard-for-openai'
		);
	} else {
		state = sprintf(
			/* translators: 1: a masked key, 2: when it was saved, 3: who saved it. */
			__( '%1$s, saved %2$s by %3$s.', 'key-guard-for-openai' ),
			entry.masked,
			entry.saved_at ? formatWhen( entry.saved_at ) : '—',
			entry.saved_by_name ?? '—'
		);
	}

	return (
		<section
			className="key-guard-environment"
			aria-labelledby={ `${ id }-title` }
		>
			<h3 id={ `${ id }-title` }>{ name }</h3>
			<p className="key-guard-environment__state">{ state }</p>
			{ isEditing ? (
				<form onSubmit={ submit } className="key-guard-form__field">
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={ sprintf(
							/* translators: %s: an environment type, e.g. Staging. */
							__(
								'OpenAI API key for %s sites',
								'key-guard-for-openai'
							),
							name
						) }
						type="password"
						value={ value }
						onChange={ ( next ) => {
							setValue( next );
							setError( null );
						} }
						autoComplete="new-password"
						data-1p-ignore
						data-lpignore="true"
						spellCheck={ false }
						aria-invalid={ error ? true : undefined }
						aria-describedby={ `${ id }-error` }
					/>
					<Button
						__next40pxDefaultSize
						type="submit"
						variant="primary"
						isBusy={ isBusy }
						disabled={ isBusy || value.trim() === '' }
						accessibleWhenDisabled
					>
						{ sprintf(
							/* translators: %s: an environment type, e.g. Staging. */
							__( 'Save %s key', 'key-guard-for-openai' ),
							name
						) }
					</Button>
					<Button
						__next40pxDefaultSize
						variant="tertiary"
						disabled={ isBusy }
						onClick={ () => {
							setEditing( false );
							setValue( '' );
							setError( null );
						} }
					>
						{ __( 'Cancel', 'key-guard-for-openai' ) }
					</Button>
				</form>
			) : (
				<div className="key-guard-environment__actions">
					<Button
						__next40pxDefaultSize
						variant="secondary"
						onClick={ () => {
							setNotices( [] );
							setEditing( true );
						} }
					>
						{ entry.configured
							? sprintf(
									/* translators: %s: an environment type, e.g. Staging. */
									__(
										'Replace %s key',
										'key-guard-for-openai'
									),
									name
								)
							: sprintf(
									/* translators: %s: an environment type, e.g. Staging. */
									__( 'Add %s key', 'key-guard-for-openai' ),
									name
								) }
					</Button>
					{ entry.configured && (
						<Button
							__next40pxDefaultSize
							variant="tertiary"
							isDestructive
							isBusy={ isBusy }
							disabled={ isBusy }
							accessibleWhenDisabled
							onClick={ remove }
						>
							{ sprintf(
								/* translators: %s: an environment type, e.g. Staging. */
								__( 'Remove %s key', 'key-guard-for-openai' ),
								name
							) }
						</Button>
					) }
				</div>
			) }
			<p id={ `${ id }-error` } className="key-guard-form__error">
				{ error?.message }
			</p>
			<SaveNotices
				notices={ notices }
				onDismiss={ () => setNotices( [] ) }
			/>
		</section>
	);
}

export default function EnvironmentKeys( {
	current,
	environments,
	onSave,
	onRemove,
}: EnvironmentKeysProps ) {
	return (
		<Card className="key-guard-card key-guard-environments">
			<CardHeader>
				<h2>
					{ __(
						'Keys for other environments',
						'key-guard-for-openai'
					) }
				</h2>
			</CardHeader>
			<CardBody>
				<p className="description">
					{ sprintf(
						/* translators: %s: this site's environment type, e.g. Production. */
						__(
							'This site is %s. When its database is copied to a staging, development or local site (set by WP_ENVIRONMENT_TYPE), that copy uses the key saved here for its type instead of this site’s key, so a copy never spends production money. Create a separate key for each environment on the OpenAI dashboard.',
							'key-guard-for-openai'
						),
						environmentLabel( current )
					) }
				</p>
				{ environments
					.filter( ( entry ) => ! entry.current )
					.map( ( entry ) => (
						<EnvironmentRow
							key={ entry.environment }
							entry={ entry }
							onSave={ ( key ) =>
								onSave( entry.environment, key )
							}
							onRemove={ () => onRemove( entry.environment ) }
						/>
					) ) }
			</CardBody>
		</Card>
	);
}
