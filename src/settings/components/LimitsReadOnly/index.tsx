/**
 * The limits where wp-config.php sets them: their values in words, and where to change them.
 */
import { Notice } from '@wordpress/components';
import { Fragment, createInterpolateElement } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import {
	CALLER_FIELDS,
	LIMIT_FIELDS,
	alertText,
	callerLimits,
	isMoney,
	limitLabel,
	policyLabel,
} from '../../../shared/limits';
import { formatCount, formatUsd } from '../../../shared/numbers';
import CallerLimitsTable from '../CallerLimitsTable';
import type { LimitsReadOnlyProps } from './types';

/**
 * A limit in words.
 *
 * @param value The limit, null for none.
 * @param money Whether it is in dollars.
 */
function limitWords( value: number | null, money: boolean ): string {
	if ( value === null ) {
		return __( 'No limit', 'key-guard-for-openai' );
	}
	return money ? formatUsd( value ) : formatCount( value );
}

export default function LimitsReadOnly( { limits }: LimitsReadOnlyProps ) {
	const alerts = alertText( limits.alert_thresholds );
	return (
		<>
			{ limits.locked_problem && (
				<Notice status="error" isDismissible={ false }>
					{ limits.locked_problem }
				</Notice>
			) }
			<p>
				{ limits.locked_by
					? createInterpolateElement(
							sprintf(
								/* translators: %s: the name of a PHP constant, e.g. KEY_GUARD_LIMITS. */
								__(
									'These limits are set in wp-config.php by the constant <code>%s</code>, so they cannot be changed on this screen.',
									'key-guard-for-openai'
								),
								limits.locked_by
							),
							{ code: <code /> }
						)
					: __(
							'These limits are set in wp-config.php, so they cannot be changed on this screen.',
							'key-guard-for-openai'
						) }
			</p>
			<dl>
				{ LIMIT_FIELDS.map( ( field ) => (
					<Fragment key={ field }>
						<dt>{ limitLabel( field ) }</dt>
						<dd>
							{ limitWords( limits[ field ], isMoney( field ) ) }
						</dd>
					</Fragment>
				) ) }
				<dt>
					{ __( 'New plugins and themes', 'key-guard-for-openai' ) }
				</dt>
				<dd>{ policyLabel( limits.unknown_callers ) }</dd>
			</dl>
			{ alerts && <p>{ alerts }</p> }
			<CallerLimitsTable
				callers={ limits.callers_seen }
				fields={ CALLER_FIELDS }
				cell={ ( caller, field ) =>
					limitWords(
						callerLimits( limits, caller.id )[ field ],
						isMoney( field )
					)
				}
			/>
		</>
	);
}
