/**
 * What OpenAI support and developers ask for, on request: model, latency, HTTP status, request id,
 * rate-limit headroom and what the failing step was told, wrapped so it never overflows.
 */
import { speak } from '@wordpress/a11y';
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { checkStatusLabel } from '../../../shared/labels';
import Disclosure from '../Disclosure';
import RateLimitSummary from '../RateLimitSummary';
import type { TechnicalDetailsProps } from './types';

function copy( text: string ) {
	window.navigator.clipboard.writeText( text ).then(
		() => speak( __( 'Request ID copied.', 'key-guard-for-openai' ) ),
		() =>
			speak(
				__(
					'The request ID could not be copied.',
					'key-guard-for-openai'
				)
			)
	);
}

export default function TechnicalDetails( { result }: TechnicalDetailsProps ) {
	const canCopy = typeof window.navigator.clipboard?.writeText === 'function';
	// A step that did not pass reports what it was told (OpenAI's or the network's words, redacted);
	// a warning the result already states in words is not repeated.
	const stated = ( result.warnings ?? [] ).map( ( item ) => item.message );
	const observed = result.checks.filter(
		( item ) =>
			( item.status === 'fail' || item.status === 'warn' ) &&
			item.detail !== '' &&
			! stated.includes( item.detail )
	);
	return (
		<Disclosure
			title={ __( 'Technical details', 'key-guard-for-openai' ) }
			className="key-guard-result__technical"
		>
			<dl className="key-guard-result__facts">
				<dt>{ __( 'Model', 'key-guard-for-openai' ) }</dt>
				<dd>
					<code>{ result.model }</code>
				</dd>
				<dt>{ __( 'Latency', 'key-guard-for-openai' ) }</dt>
				<dd>
					{ sprintf(
						/* translators: %d: duration in milliseconds. */
						__( '%d ms', 'key-guard-for-openai' ),
						result.latency_ms
					) }
				</dd>
				{ result.http_status !== null && (
					<>
						<dt>{ __( 'HTTP status', 'key-guard-for-openai' ) }</dt>
						<dd>{ result.http_status }</dd>
					</>
				) }
				{ result.request_id && (
					<>
						<dt>{ __( 'Request ID', 'key-guard-for-openai' ) }</dt>
						<dd>
							<code className="key-guard-result__request-id">
								{ result.request_id }
							</code>
							{ canCopy && (
								<Button
									variant="link"
									onClick={ () =>
										copy( result.request_id ?? '' )
									}
								>
									{ __(
										'Copy request ID',
										'key-guard-for-openai'
									) }
								</Button>
							) }
						</dd>
					</>
				) }
			</dl>
			{ result.rate_limit && (
				<RateLimitSummary rateLimit={ result.rate_limit } />
			) }
			{ observed.map( ( item ) => (
				<div key={ item.id } className="key-guard-result__observed">
					<p className="key-guard-result__observed-title">
						{ sprintf(
							/* translators: 1: a step of the test, e.g. Request. 2: its status, e.g. Failed. */
							__(
								'%1$s (%2$s): what was observed',
								'key-guard-for-openai'
							),
							item.label,
							checkStatusLabel( item.status )
						) }
					</p>
					<p className="key-guard-result__upstream">
						{ item.detail }
					</p>
				</div>
			) ) }
		</Disclosure>
	);
}
