/**
 * Keys prepared for copies of this site: a copy of its database on a staging, development or local
 * site uses the key saved here for its type, not this site's key. Needed now and then, so closed
 * until asked for; only the types a copy of this site can sensibly be are offered.
 */
import { speak } from '@wordpress/a11y';
import { Button, TextControl } from '@wordpress/components';
import { useEffect, useId, useRef, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../../shared/api';
import { useConnectionTest } from '../../../shared/hooks/useConnectionTest';
import { environmentLabel, environmentTexts } from '../../../shared/labels';
import { formatWhen } from '../../../shared/time';
import type {
	ApiError,
	EnvironmentKey,
	EnvironmentType,
	Message,
} from '../../../shared/types';
import Disclosure from '../Disclosure';
import RemoveKey from '../RemoveKey';
import SaveNotices from '../SaveNotices';
import TestError from '../TestError';
import TestProgress from '../TestProgress';
import TestResult from '../TestResult';
import type { EnvironmentKeysProps, EnvironmentRowProps } from './types';

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

/** From the live site down to a laptop: a copy is made from a type to one further down. */
const ORDER: EnvironmentType[] = [
	'production',
	'staging',
	'development',
	'local',
];

/**
 * Whether a copy of a site of type `current` may be of type `type`: only types further down the
 * line (a production key is never offered on a local site), or one that has a key already, which
 * can then still be replaced or removed.
 *
 * @param entry   The environment type's prepared key.
 * @param current This site's environment type.
 */
export function isOffered(
	entry: EnvironmentKey,
	current: EnvironmentType
): boolean {
	if ( entry.current ) {
		return false;
	}
	return (
		entry.configured ||
		ORDER.indexOf( entry.environment ) > ORDER.indexOf( current )
	);
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

function EnvironmentRow( {
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

export default function EnvironmentKeys( {
	current,
	environments,
	onSave,
	onRemove,
	sharedSecret,
	model,
	onTested,
}: EnvironmentKeysProps ) {
	const offered = environments.filter( ( entry ) =>
		isOffered( entry, current )
	);
	if ( offered.length === 0 ) {
		return null;
	}
	return (
		<Disclosure
			title={ __(
				'Keys for copies of this site',
				'key-guard-for-openai'
			) }
			level={ 2 }
			className="key-guard-card key-guard-environments"
		>
			<p>
				{ __(
					'When this site is copied to test changes (a staging, development or local copy), the copy should not spend with this site’s key. Save a separate key for each kind of copy here: a copy uses the key saved for its kind, and this site keeps its own.',
					'key-guard-for-openai'
				) }
			</p>
			{ ! sharedSecret && (
				<p className="key-guard-environments__secret">
					<strong>
						{ __(
							'Before you rely on it:',
							'key-guard-for-openai'
						) }
					</strong>{ ' ' }
					{ __(
						'a copy can read these keys only if it shares this site’s encryption secret. Ask whoever manages the site’s configuration to set the same secret on every copy (see “For developers”).',
						'key-guard-for-openai'
					) }
				</p>
			) }
			<Disclosure
				title={ __( 'For developers', 'key-guard-for-openai' ) }
			>
				<p>
					{ sprintf(
						/* translators: %s: this site's environment type, e.g. Production. */
						__(
							'A copy’s kind is its WP_ENVIRONMENT_TYPE (this site: %s). The keys are encrypted; define the same KEY_GUARD_ENCRYPTION_KEY (a long random value) in wp-config.php on this site and on every copy so that the copy can decrypt the key saved for its type.',
							'key-guard-for-openai'
						),
						environmentLabel( current )
					) }
				</p>
			</Disclosure>
			{ offered.map( ( entry ) => (
				<EnvironmentRow
					key={ entry.environment }
					entry={ entry }
					onSave={ ( key ) => onSave( entry.environment, key ) }
					onRemove={ () => onRemove( entry.environment ) }
					model={ model }
					onTested={ onTested }
				/>
			) ) }
		</Disclosure>
	);
}
