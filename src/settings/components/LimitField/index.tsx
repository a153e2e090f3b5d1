/**
 * One limit: a text field (a number field would drop what it cannot read, and an empty field
 * means "no limit"), with its refusal in words tied to it.
 */
import { TextControl } from '@wordpress/components';
import { useId } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { LimitFieldProps } from './types';

export default function LimitField( {
	label,
	money,
	value,
	onChange,
	error,
	help,
	hideLabel = false,
	id,
}: LimitFieldProps ) {
	const own = useId();
	const field = id ?? `${ own }-field`;
	return (
		<div className="key-guard-limit">
			<TextControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				id={ field }
				label={ label }
				hideLabelFromVision={ hideLabel }
				help={ help }
				value={ value }
				onChange={ onChange }
				inputMode={ money ? 'decimal' : 'numeric' }
				placeholder={ __( 'No limit', 'key-guard-for-openai' ) }
				autoComplete="off"
				aria-invalid={ error ? true : undefined }
				aria-describedby={
					[
						help ? `${ field }__help` : '',
						error ? `${ field }-error` : '',
					]
						.filter( Boolean )
						.join( ' ' ) || undefined
				}
			/>
			{ error && (
				<p id={ `${ field }-error` } className="key-guard-form__error">
					{ error }
				</p>
			) }
		</div>
	);
}
