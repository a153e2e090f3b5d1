/**
 * The steps of a connection test, each with its status in words and, when it passed, what was found.
 *
 * What a failing or warning step was told (OpenAI's or the network's own text) is technical: it is
 * shown under "Technical details" (TechnicalDetails), never here.
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
			<p id={ headingId } className="key-guard-result__checks-title">
				{ __( 'Checks', 'key-guard-for-openai' ) }
			</p>
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
							{ item.status === 'pass' &&
								item.detail &&
								` — ${ item.detail }` }
						</span>
					</li>
				) ) }
			</ul>
		</>
	);
}
