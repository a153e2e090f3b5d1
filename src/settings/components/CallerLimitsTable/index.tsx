/**
 * The limits of each plugin, theme or WordPress core seen using OpenAI: a row per caller, a
 * column per limit, as fields in the form or as words where the limits are read-only.
 */
import { __ } from '@wordpress/i18n';

import { limitLabel } from '../../../shared/limits';
import type { CallerLimitsTableProps } from './types';

export default function CallerLimitsTable( {
	callers,
	fields,
	cell,
}: CallerLimitsTableProps ) {
	if ( callers.length === 0 ) {
		return null;
	}
	return (
		<>
			<h3>{ __( 'Limits per caller', 'key-guard-for-openai' ) }</h3>
			<div className="key-guard-table-scroll">
				<table className="widefat key-guard-caller-limits">
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Caller', 'key-guard-for-openai' ) }
							</th>
							{ fields.map( ( field ) => (
								<th scope="col" key={ field }>
									{ limitLabel( field ) }
								</th>
							) ) }
						</tr>
					</thead>
					<tbody>
						{ callers.map( ( caller ) => (
							<tr key={ caller.id }>
								<th scope="row">{ caller.label }</th>
								{ fields.map( ( field ) => (
									<td key={ field }>
										{ cell( caller, field ) }
									</td>
								) ) }
							</tr>
						) ) }
					</tbody>
				</table>
			</div>
		</>
	);
}
