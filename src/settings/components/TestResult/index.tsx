/**
 * One connection test, explained: headline, advice with dashboard links, checks and the facts
 * OpenAI support asks for.
 */
import { speak } from '@wordpress/a11y';
import { Button, ExternalLink } from '@wordpress/components';
import { __, sprintf, _x } from '@wordpress/i18n';

import { formatAbsolute } from '../../../shared/time';
import CheckList from '../CheckList';
import Outcome from '../Outcome';
import RateLimitSummary from '../RateLimitSummary';
import type { TestResultProps } from './types';

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

export default function TestResult( { result }: TestResultProps ) {
	const canCopy = typeof window.navigator.clipboard?.writeText === 'function';
	return (
		<section
			className="key-guard-result"
			aria-label={ __( 'Test result', 'key-guard-for-openai' ) }
		>
			<h3 className="key-guard-result__headline">
				<Outcome
					result={ result }
					suffix={
						/* translators: Between the outcome (Connected, Failed…) and the headline; read by screen readers only. */
						_x( ':', 'outcome separator', 'key-guard-for-openai' )
					}
				/>{ ' ' }
				<span>{ result.message }</span>
			</h3>
			<p className="key-guard-result__subject">
				{ result.key_source === 'candidate'
					? __(
							'Tested the key typed above; it is not saved.',
							'key-guard-for-openai'
						)
					: __(
							'Tested the configured key.',
							'key-guard-for-openai'
						) }{ ' ' }
				<time dateTime={ result.tested_at }>
					{ formatAbsolute( result.tested_at ) }
				</time>
			</p>
			{ ( result.advice || result.links.length > 0 ) && (
				<p className="key-guard-result__advice">
					{ result.advice }
					{ result.links.map( ( link ) => (
						<span key={ link.url }>
							{ ' ' }
							<ExternalLink href={ link.url }>
								{ link.label }
							</ExternalLink>
						</span>
					) ) }
				</p>
			) }
			<CheckList checks={ result.checks } />
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
		</section>
	);
}
