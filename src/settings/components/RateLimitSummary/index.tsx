/**
 * Rate-limit headroom from OpenAI's x-ratelimit-* headers, in words.
 */
import { useId } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { pageLocale } from '../../../shared/time';
import type { RateLimitSummaryProps } from './types';

function describe( rateLimit: RateLimitSummaryProps[ 'rateLimit' ] ): string[] {
	const number = new Intl.NumberFormat( pageLocale() ).format;
	const lines: string[] = [];
	const {
		remaining_requests: requests,
		limit_requests: requestLimit,
		reset_requests: requestReset,
		remaining_tokens: tokens,
		limit_tokens: tokenLimit,
		reset_tokens: tokenReset,
		retry_after: retryAfter,
	} = rateLimit;

	if ( requests !== null && requestLimit !== null ) {
		lines.push(
			requestReset
				? sprintf(
						/* translators: 1: requests left, 2: request limit, 3: time until reset, e.g. 6m0s. */
						__(
							'Requests: %1$s/%2$s (resets in %3$s)',
							'key-guard-for-openai'
						),
						number( requests ),
						number( requestLimit ),
						requestReset
					)
				: sprintf(
						/* translators: 1: requests left, 2: request limit. */
						__( 'Requests: %1$s/%2$s', 'key-guard-for-openai' ),
						number( requests ),
						number( requestLimit )
					)
		);
	}
	if ( tokens !== null && tokenLimit !== null ) {
		lines.push(
			tokenReset
				? sprintf(
						/* translators: 1: tokens left, 2: token limit, 3: time until reset, e.g. 1s. */
						__(
							'Tokens: %1$s/%2$s (resets in %3$s)',
							'key-guard-for-openai'
						),
						number( tokens ),
						number( tokenLimit ),
						tokenReset
					)
				: sprintf(
						/* translators: 1: tokens left, 2: token limit. */
						__( 'Tokens: %1$s/%2$s', 'key-guard-for-openai' ),
						number( tokens ),
						number( tokenLimit )
					)
		);
	}
	if ( retryAfter !== null ) {
		lines.push(
			sprintf(
				/* translators: %d: number of seconds. */
				_n(
					'Retry after %d second.',
					'Retry after %d seconds.',
					retryAfter,
					'key-guard-for-openai'
				),
				retryAfter
			)
		);
	}
	return lines;
}

export default function RateLimitSummary( {
	rateLimit,
}: RateLimitSummaryProps ) {
	const lines = describe( rateLimit );
	const headingId = useId();
	if ( lines.length === 0 ) {
		return null;
	}
	return (
		<div className="key-guard-rate-limit">
			<p id={ headingId } className="key-guard-result__observed-title">
				{ __( 'Rate limit headroom', 'key-guard-for-openai' ) }
			</p>
			<ul aria-labelledby={ headingId }>
				{ lines.map( ( line ) => (
					<li key={ line }>{ line }</li>
				) ) }
			</ul>
		</div>
	);
}
