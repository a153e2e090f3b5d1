/**
 * The limits: budgets, request limits, the policy for new plugins and themes, and limits per
 * caller. What is typed stays in the form until the server accepts it; only what changed is
 * posted, and a refusal is shown by the field it is about.
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, RadioControl } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../../shared/api';
import {
	CALLER_FIELDS,
	LIMIT_FIELDS,
	NO_EDITS,
	atPlace,
	alertText,
	callerLimits,
	changesOf,
	isMoney,
	limitLabel,
	limitText,
	policyLabel,
	serverErrors,
	type CallerKey,
	type LimitEdits,
	type LimitErrors,
	type LimitPlace,
} from '../../../shared/limits';
import LimitField from '../LimitField';
import CallerLimitsTable from '../CallerLimitsTable';
import type { LimitsFormProps } from './types';

/**
 * The hidden label of a caller's limit (the table's headings show it).
 *
 * @param field The limit.
 * @param label A plugin, theme or "WordPress core".
 */
function callerFieldLabel( field: CallerKey, label: string ): string {
	return field === 'requests_per_day'
		? sprintf(
				/* translators: %s: a plugin, theme or "WordPress core". */
				__( 'Requests per day for %s', 'key-guard-for-openai' ),
				label
			)
		: sprintf(
				/* translators: %s: a plugin, theme or "WordPress core". */
				__(
					'Monthly budget in US dollars for %s',
					'key-guard-for-openai'
				),
				label
			);
}

export default function LimitsForm( { limits, onSave }: LimitsFormProps ) {
	const [ edits, setEdits ] = useState< LimitEdits >( NO_EDITS );
	const [ errors, setErrors ] = useState< LimitErrors | null >( null );
	const [ saving, setSaving ] = useState( false );
	const [ saved, setSaved ] = useState( false );
	const form = useRef< HTMLFormElement >( null );
	const { update, errors: invalid } = changesOf( limits, edits );
	const changed = invalid !== null || Object.keys( update ).length > 0;
	const alerts = alertText( limits.alert_thresholds );

	useEffect( () => {
		// The first refused field takes focus, so its message is read with it.
		form.current
			?.querySelector< HTMLInputElement >( 'input[aria-invalid="true"]' )
			?.focus();
	}, [ errors ] );

	const change = ( place: LimitPlace, text: string ) => {
		setEdits( ( previous ) => atPlace( previous, place, text ) );
		setErrors(
			( previous ) => previous && atPlace( previous, place, undefined )
		);
		setSaved( false );
	};

	const submit = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( ! changed || saving ) {
			return;
		}
		if ( invalid ) {
			setErrors( invalid );
			speak(
				__(
					'Some limits need fixing: see the messages by the fields.',
					'key-guard-for-openai'
				),
				'assertive'
			);
			return;
		}
		setSaving( true );
		setErrors( null );
		try {
			await onSave( update );
			setEdits( NO_EDITS );
			setSaved( true );
		} catch ( caught ) {
			const refused = serverErrors( toApiError( caught ) );
			setErrors( refused );
			speak(
				refused.form ??
					__(
						'The limits were not saved: see the messages by the fields.',
						'key-guard-for-openai'
					),
				'assertive'
			);
		} finally {
			setSaving( false );
		}
	};

	return (
		<form ref={ form } onSubmit={ submit } noValidate>
			<p>
				{ __(
					'A request over a limit is blocked before it reaches OpenAI. Leave a field empty for no limit.',
					'key-guard-for-openai'
				) }
			</p>
			{ alerts && <p>{ alerts }</p> }
			<div className="key-guard-limits__grid">
				{ LIMIT_FIELDS.map( ( field ) => (
					<LimitField
						key={ field }
						label={ limitLabel( field ) }
						money={ isMoney( field ) }
						value={
							edits.fields[ field ] ??
							limitText( limits[ field ] )
						}
						onChange={ ( text ) => change( { field }, text ) }
						error={ errors?.fields[ field ] }
					/>
				) ) }
			</div>
			<RadioControl
				label={ __(
					'Plugins and themes that have not used OpenAI on this site before',
					'key-guard-for-openai'
				) }
				selected={ edits.policy ?? limits.unknown_callers }
				options={ [
					{ value: 'allow', label: policyLabel( 'allow' ) },
					{
						value: 'approve',
						label: policyLabel( 'approve' ),
					},
				] }
				onChange={ ( policy ) => {
					setEdits( ( previous ) => ( {
						...previous,
						policy: policy as LimitEdits[ 'policy' ],
					} ) );
					setSaved( false );
				} }
			/>
			<CallerLimitsTable
				callers={ limits.callers_seen }
				cell={ ( caller, field ) => (
					<LimitField
						hideLabel
						label={ callerFieldLabel( field, caller.label ) }
						money={ isMoney( field ) }
						value={
							edits.callers[ caller.id ]?.[ field ] ??
							limitText(
								callerLimits( limits, caller.id )[ field ]
							)
						}
						onChange={ ( text ) =>
							change( { caller: caller.id, field }, text )
						}
						error={ errors?.callers[ caller.id ]?.[ field ] }
					/>
				) }
				fields={ CALLER_FIELDS }
			/>
			{ errors?.form && (
				<p className="key-guard-form__error">{ errors.form }</p>
			) }
			{ saved && (
				<Notice status="success" onRemove={ () => setSaved( false ) }>
					{ __( 'Limits saved', 'key-guard-for-openai' ) }
				</Notice>
			) }
			<div className="key-guard-form__actions">
				<Button
					__next40pxDefaultSize
					type="submit"
					variant="primary"
					isBusy={ saving }
					disabled={ saving || ! changed }
					accessibleWhenDisabled
				>
					{ __( 'Save limits', 'key-guard-for-openai' ) }
				</Button>
			</div>
		</form>
	);
}
