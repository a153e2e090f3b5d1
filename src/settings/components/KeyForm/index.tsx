/**
 * The field for a new key. The typed key lives in this component's state only and is cleared
 * once the server has it.
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	ExternalLink,
	TextControl,
} from '@wordpress/components';
import { useEffect, useId, useMemo, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __ } from '@wordpress/i18n';
import { seen, unseen } from '@wordpress/icons';

import { toApiError } from '../../../shared/api';
import { normaliseKey } from '../../../shared/normalise';
import { getDashboardLinks } from '../../../shared/settings';
import type { ApiError, Message } from '../../../shared/types';
import KeyFeedback from '../KeyFeedback';
import SaveNotices from '../SaveNotices';
import type { KeyFormProps } from './types';

export default function KeyForm( {
	configured,
	onSave,
	onEdit,
	onTest,
	isTesting,
	isTestingTypedKey,
	embedded = false,
	focusField = false,
	onFocusTaken,
	children,
}: KeyFormProps ) {
	const [ value, setValue ] = useState( '' );
	const [ isVisible, setVisible ] = useState( false );
	const [ isSaving, setSaving ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ notices, setNotices ] = useState< Message[] >( [] );
	const checked = useMemo( () => normaliseKey( value ), [ value ] );
	const id = useId();
	const isEmpty = checked.value === '';

	useEffect( () => {
		if ( focusField ) {
			document.getElementById( `${ id }-key` )?.focus();
			onFocusTaken?.();
		}
	}, [ focusField, onFocusTaken, id ] );

	const submit = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( isEmpty || isSaving ) {
			return;
		}
		setSaving( true );
		setError( null );
		try {
			const result = await onSave( value );
			setValue( '' );
			setVisible( false );
			setNotices( result.notices );
		} catch ( caught ) {
			const failure = toApiError( caught );
			setError( failure );
			speak( failure.message, 'assertive' );
		} finally {
			setSaving( false );
		}
	};

	const title = configured
		? __( 'Replace the key', 'key-guard-for-openai' )
		: __( 'Add a key', 'key-guard-for-openai' );
	const body = (
		<>
			<form onSubmit={ submit }>
				<div className="key-guard-form__field">
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						id={ `${ id }-key` }
						label={ __( 'OpenAI API key', 'key-guard-for-openai' ) }
						type={ isVisible ? 'text' : 'password' }
						value={ value }
						onChange={ ( next ) => {
							setValue( next );
							setError( null );
							setNotices( [] );
							onEdit?.();
						} }
						// A secret for an API, not a login: keep password managers from offering to save it.
						autoComplete="new-password"
						data-1p-ignore
						data-lpignore="true"
						spellCheck={ false }
						aria-invalid={ error ? true : undefined }
						aria-describedby={ `${ id }-help ${ id }-error ${ id }-feedback` }
					/>
					<Button
						__next40pxDefaultSize
						variant="tertiary"
						icon={ isVisible ? unseen : seen }
						aria-controls={ `${ id }-key` }
						onClick={ () => setVisible( ! isVisible ) }
					>
						{ isVisible
							? __( 'Hide key', 'key-guard-for-openai' )
							: __( 'Show key', 'key-guard-for-openai' ) }
					</Button>
				</div>
				<p id={ `${ id }-help` } className="description">
					{ __(
						'Paste the whole key; spaces, quotes and “Bearer ” are removed.',
						'key-guard-for-openai'
					) }{ ' ' }
					<ExternalLink href={ getDashboardLinks().apiKeys }>
						{ __(
							'Create a key on the OpenAI dashboard',
							'key-guard-for-openai'
						) }
					</ExternalLink>
				</p>
				<p id={ `${ id }-error` } className="key-guard-form__error">
					{ error?.message }
				</p>
				<KeyFeedback id={ `${ id }-feedback` } checked={ checked } />
				<div className="key-guard-form__actions">
					<Button
						__next40pxDefaultSize
						type="submit"
						variant="primary"
						isBusy={ isSaving }
						disabled={ isSaving || isEmpty }
						accessibleWhenDisabled
					>
						{ __( 'Save key', 'key-guard-for-openai' ) }
					</Button>
					<Button
						__next40pxDefaultSize
						variant="secondary"
						onClick={ () => onTest( value ) }
						isBusy={ isTestingTypedKey }
						disabled={ isEmpty || isTesting }
						accessibleWhenDisabled
					>
						{ __( 'Test this key', 'key-guard-for-openai' ) }
					</Button>
				</div>
			</form>
			<SaveNotices
				notices={ notices }
				onDismiss={ () => setNotices( [] ) }
			/>
			{ children }
		</>
	);
	if ( embedded ) {
		return (
			<section className="key-guard-form" aria-label={ title }>
				{ body }
			</section>
		);
	}
	return (
		<Card className="key-guard-card key-guard-form">
			<CardHeader>
				<h2>{ title }</h2>
			</CardHeader>
			<CardBody>{ body }</CardBody>
		</Card>
	);
}
