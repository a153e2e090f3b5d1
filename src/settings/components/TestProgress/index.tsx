/**
 * A running test, in view: a spinner, the words, and the seconds it has taken once it is slow.
 *
 * The live region stays in the page so that screen readers announce what appears in it.
 */
import { Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { TestProgressProps } from './types';

/** From this many seconds on, the wait is counted on screen. */
export const SLOW_AFTER_SECONDS = 3;

export default function TestProgress( { startedAt }: TestProgressProps ) {
	const [ now, setNow ] = useState( () => Date.now() );

	useEffect( () => {
		if ( startedAt === null ) {
			return;
		}
		setNow( Date.now() );
		const timer = window.setInterval( () => setNow( Date.now() ), 1000 );
		return () => window.clearInterval( timer );
	}, [ startedAt ] );

	const elapsed =
		startedAt === null
			? 0
			: Math.max( 0, Math.floor( ( now - startedAt ) / 1000 ) );
	return (
		<div className="key-guard-test__progress">
			{ /* Only the words are live: the seconds below would be re-read every second. */ }
			<div role="status" className="key-guard-test__status">
				{ startedAt !== null && (
					<>
						<Spinner />
						<span>
							{ __(
								'Testing connection…',
								'key-guard-for-openai'
							) }
						</span>
					</>
				) }
			</div>
			{ elapsed >= SLOW_AFTER_SECONDS && (
				<span className="key-guard-test__elapsed">
					{ sprintf(
						/* translators: %d: seconds since the test started. */
						_n(
							'Waiting for OpenAI: %d second so far.',
							'Waiting for OpenAI: %d seconds so far.',
							elapsed,
							'key-guard-for-openai'
						),
						elapsed
					) }
				</span>
			) }
		</div>
	);
}
