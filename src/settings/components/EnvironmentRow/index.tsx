/**
 * One environment type's prepared key: what is saved, and saving, testing or removing it.
 */
import { speak } from '@wordpress/a11y';
import { Button, TextControl } from '@wordpress/components';
import { useEffect, useId, useRef, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../../shared/api';
import { useConnectionTest } from '../../../shared/hooks/useConnectionTest';
import { environmentTexts } from '../../../shared/environmentTexts';
import { environmentLabel } from '../../../shared/labels';
import { formatWhen } from '../../../shared/time';
import type {
	ApiError,
	EnvironmentKey,
	EnvironmentType,
	Message,
} from '../../../shared/types';
import RemoveKey from '../RemoveKey';
import SaveNotices from '../SaveNotices';
import TestError from '../TestError';
import TestProgress from '../TestProgress';
import TestResult from '../TestResult';
import type { EnvironmentRowProps } from './types';
/**
 * What is saved for one environment type, in a sentence.
 *
 * @param entry The environment type's prepared key.
 */
function describe( entry: EnvironmentKey ): string {
	if ( ! entry.configured ) {
		return __( 'No key saved.', 'key-guard-for-openai' );
	}
	if ( ! entry.readable ) {
		return __(
			'A key is saved but cannot be decrypted on this site (it was saved on another site, or the salts changed). Replace it.',
			'key-guard-for-openai'
		);
	}
	if ( entry.saved_at && entry.saved_by_name ) {
		return sprintf(
			/* translators: 1: a masked key, 2: when it was saved, 3: who saved it. */
			__( '%1$s, saved %2$s by %3$s.', 'key-guard-for-openai' ),
			entry.masked,
			formatWhen( entry.saved_at ),
			entry.saved_by_name
		);
	}
	if ( entry.saved_at ) {
		return sprintf(
			/* translators: 1: a masked key, 2: when it was saved. */
			__( '%1$s, saved %2$s.', 'key-guard-for-openai' ),
			entry.masked,
			formatWhen( entry.saved_at )
		);
	}
	return entry.masked;
}

/**
 * The label of the button that tests one type's prepared key, whole, so it translates naturally.
 *
 * @param environment The environment type.
 */
function testLabel( environment: EnvironmentType ): string {
	switch ( environment ) {
		case 'production':
			return __( 'Test the production key', 'key-guard-for-openai' );
		case 'staging':
			return __( 'Test the staging key', 'key-guard-for-openai' );
		case 'development':
			return __( 'Test the development key', 'key-guard-for-openai' );
		case 'local':
			return __( 'Test the local key', 'key-guard-for-openai' );
	}
}

export default function EnvironmentRow( {
	entry,
	onSave,
	onRemove,
	model,
	onTested,
}: EnvironmentRowProps ) {
	const test = useConnectionTest( onTested );
	const { run, reset } = test;
	const [ isEditing, setEditing ] = useState( false );
	const [ value, setValue ] = useState( '' );
	const [ isBusy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ notices, setNotices ] = useState< Message[] >( [] );
	const id = useId();
	const opener = useRef< HTMLButtonElement >( null );
	// Where focus goes after the next render: the field when the form opens, else the opener.
	const [ focusNext, setFocusNext ] = useState< 'field' | 'opener' | null >(
		null
	);
	const texts = environmentTexts( entry.environment );

	useEffect( () => {
		if ( focusNext === 'field' ) {
			document.getElementById( `${ id }-field` )?.focus();
		} else if ( focusNext === 'opener' ) {
			opener.current?.focus();
		}
		setFocusNext( null );
	}, [ focusNext, id ] );

	const fail = ( caught: unknown ) => {
		const failure = toApiError( caught );
		setError( failure );
		speak( failure.message, 'assertive' );
	};

	const close = () => {
		setEditing( false );
		setValue( '' );
		setError( null );
		setFocusNext( 'opener' );
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
			close();
			reset();
			setNotices( result.notices );
		} catch ( caught ) {
			fail( caught );
		} finally {
			setBusy( false );
		}
	};

	const remove = async () => {
		setError( null );
		try {
			await onRemove();
			reset();
			setNotices( [] );
			setFocusNext( 'opener' );
		} catch ( caught ) {
			fail( caught );
		}
	};

	const errorId = `${ id }-error`;
	return (
		<section
			className="key-guard-environment"
			aria-labelledby={ `${ id }-title` }
		>
			<h3 id={ `${ id }-title` }>
				{ environmentLabel( entry.environment ) }
			</h3>
			<p className="key-guard-environment__state">
				{ describe( entry ) }
			</p>
			{ isEditing ? (
				<form onSubmit={ submit } className="key-guard-form__field">
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						id={ `${ id }-field` }
						label={ texts.field }
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
						aria-describedby={ error ? errorId : undefined }
					/>
					<Button
						__next40pxDefaultSize
						type="submit"
						variant="primary"
						isBusy={ isBusy }
						disabled={ isBusy || value.trim() === '' }
						accessibleWhenDisabled
					>
						{ texts.save }
					</Button>
					<Button
						__next40pxDefaultSize
						variant="tertiary"
						disabled={ isBusy }
						onClick={ close }
					>
						{ __( 'Cancel', 'key-guard-for-openai' ) }
					</Button>
				</form>
			) : (
				<div className="key-guard-environment__actions">
					<Button
						__next40pxDefaultSize
						ref={ opener }
						variant="secondary"
						onClick={ () => {
							setNotices( [] );
							setEditing( true );
							setFocusNext( 'field' );
						} }
					>
						{ entry.configured ? texts.replace : texts.add }
					</Button>
					{ entry.configured && entry.readable && (
						<Button
							__next40pxDefaultSize
							variant="secondary"
							onClick={ () =>
								run( model, undefined, entry.environment )
							}
							isBusy={ test.running !== null }
							disabled={
								test.running !== null || test.waitSeconds > 0
							}
							accessibleWhenDisabled
						>
							{ testLabel( entry.environment ) }
						</Button>
					) }
					{ entry.configured && (
						<RemoveKey
							onRemove={ remove }
							label={ texts.remove }
							title={ texts.removeTitle }
							consequence={ __(
								'A copy of this site in that environment will then have no key of its own.',
								'key-guard-for-openai'
							) }
						/>
					) }
				</div>
			) }
			{ error && (
				<p id={ errorId } className="key-guard-form__error">
					{ error.message }
				</p>
			) }
			<SaveNotices
				notices={ notices }
				onDismiss={ () => setNotices( [] ) }
			/>
			<TestProgress startedAt={ test.startedAt } />
			{ test.error && (
				<TestError
					error={ test.error }
					waitSeconds={ test.waitSeconds }
				/>
			) }
			{ test.result && (
				<TestResult
					result={ test.result }
					takeFocus={ test.focusPending }
					onFocusTaken={ test.focusTaken }
					headingLevel={ 4 }
				/>
			) }
		</section>
	);
}
