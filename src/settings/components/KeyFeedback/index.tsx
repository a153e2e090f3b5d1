/**
 * Live feedback on the typed key: what will be cleaned up, what looks wrong, what kind it is.
 */
import { __, sprintf } from '@wordpress/i18n';
import { Icon, caution, info } from '@wordpress/icons';

import { kindLabel } from '../../../shared/labels';
import type { KeyFeedbackProps } from './types';

export default function KeyFeedback( { id, checked }: KeyFeedbackProps ) {
	const { value, removed, warnings, kind } = checked;
	return (
		<div id={ id } className="key-guard-feedback" aria-live="polite">
			{ value !== '' && (
				<ul>
					{ removed.map( ( item ) => (
						<li key={ item.code } className="is-removed">
							<Icon icon={ info } size={ 20 } />
							<span>{ item.message }</span>
						</li>
					) ) }
					{ warnings.map( ( item ) => (
						<li key={ item.code } className="is-warning">
							<Icon icon={ caution } size={ 20 } />
							<span>
								<strong>
									{ __(
										'Check this:',
										'key-guard-for-openai'
									) }
								</strong>{ ' ' }
								{ item.message }
							</span>
						</li>
					) ) }
					{ kind && kind !== 'unknown' && (
						<li className="is-kind">
							{ sprintf(
								/* translators: %s: kind of key, e.g. Project key (sk-proj-). */
								__( 'Key type: %s', 'key-guard-for-openai' ),
								kindLabel( kind )
							) }
						</li>
					) }
				</ul>
			) }
		</div>
	);
}
