/**
 * A test the server would not run (too many tests, a refused typed key, a REST failure), with the
 * remaining wait counting down when there is one.
 */
import { Notice } from '@wordpress/components';
import { _n, sprintf } from '@wordpress/i18n';

import type { TestErrorProps } from './types';

export default function TestError( { error, waitSeconds }: TestErrorProps ) {
	return (
		<Notice
			status="error"
			isDismissible={ false }
			// Spoken once: the countdown below changes every second and is not re-read.
			spokenMessage={ error.message }
		>
			{ error.message }
			{ error.code === 'key_guard_rate_limited' && waitSeconds > 0 && (
				<>
					{ ' ' }
					<span className="key-guard-test__wait">
						{ sprintf(
							/* translators: %d: seconds left before the next test may run. */
							_n(
								'You can test again in %d second.',
								'You can test again in %d seconds.',
								waitSeconds,
								'key-guard-for-openai'
							),
							waitSeconds
						) }
					</span>
				</>
			) }
		</Notice>
	);
}
