/**
 * The steps of a connection test, each with its status in words and what was found.
 */
import { useId } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { Icon, caution, check, closeSmall, info } from '@wordpress/icons';

import { checkStatusLabel } from '../../../shared/labels';
import type { CheckListProps } from './types';

const ICONS = { pass: check, fail: closeSmall, warn: caution, skip: info };

export default function CheckList( { checks }: CheckListProps ) {
	const headingId = useId();
	if ( checks.length === 0 ) {
		return null;
	}
	return (
		<>
			<h4 id={ headingId }>{ __( 'Checks', 'key-guard-for-openai' ) }</h4>
			<ul
				className="key-guard-result__checks"
				aria-labelledby={ headingId }
			>
				{ checks.map( ( item ) => (
					<li key={ item.id } className={ `is-${ item.status }` }>
						<Icon icon={ ICONS[ item.status ] } size={ 20 } />
						<span>
							<strong>{ item.label }</strong>
							{ ': ' }
							{ checkStatusLabel( item.status ) }
							{ item.detail && ` — ${ item.detail }` }
						</span>
					</li>
				) ) }
			</ul>
		</>
	);
}
