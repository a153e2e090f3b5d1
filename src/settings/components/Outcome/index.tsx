/**
 * The outcome of a test as an icon and a word, never colour alone.
 */
import { Icon, caution, check, closeSmall } from '@wordpress/icons';

import { outcomeLabel, outcomeOf } from '../../../shared/labels';
import type { OutcomeProps } from './types';

const ICONS = { connected: check, warning: caution, failed: closeSmall };

export default function Outcome( { result, suffix }: OutcomeProps ) {
	const outcome = outcomeOf( result );
	return (
		<span className={ `key-guard-outcome is-${ outcome }` }>
			<Icon icon={ ICONS[ outcome ] } size={ 20 } />
			<span className="key-guard-outcome__label">
				{ outcomeLabel( outcome ) }
				{ suffix && (
					<span className="screen-reader-text">{ suffix }</span>
				) }
			</span>
		</span>
	);
}
