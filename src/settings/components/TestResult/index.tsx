/**
 * One connection test, explained for the site owner: headline, advice with the dashboard link, the
 * steps in words; the figures developers and OpenAI support need sit under "Technical details".
 */
import { ExternalLink } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, _x } from '@wordpress/i18n';

import { formatAbsolute } from '../../../shared/time';
import CheckList from '../CheckList';
import Outcome from '../Outcome';
import TechnicalDetails from '../TechnicalDetails';
import type { TestResultProps } from './types';

export default function TestResult( {
	result,
	focusOnShow,
	headingLevel = 3,
	showAdvice = true,
}: TestResultProps ) {
	const headline = useRef< HTMLHeadingElement >( null );
	const Headline = `h${ headingLevel }` as const;

	useEffect( () => {
		if ( ! focusOnShow || ! headline.current ) {
			return;
		}
		headline.current.focus();
		headline.current.scrollIntoView?.( { block: 'nearest' } );
	}, [ focusOnShow, result ] );

	return (
		<section
			className="key-guard-result"
			aria-label={ __( 'Test result', 'key-guard-for-openai' ) }
		>
			<Headline
				className="key-guard-result__headline"
				ref={ headline }
				tabIndex={ -1 }
			>
				<Outcome
					result={ result }
					suffix={
						/* translators: Between the outcome (Connected, Failed…) and the headline; read by screen readers only. */
						_x( ':', 'outcome separator', 'key-guard-for-openai' )
					}
				/>{ ' ' }
				<span>{ result.message }</span>
			</Headline>
			<p className="key-guard-result__subject">
				{ result.key_source === 'candidate'
					? __(
							'Tested the key typed above; it is not saved.',
							'key-guard-for-openai'
						)
					: __(
							'Tested the saved key.',
							'key-guard-for-openai'
						) }{ ' ' }
				<time dateTime={ result.tested_at }>
					{ formatAbsolute( result.tested_at ) }
				</time>
			</p>
			{ showAdvice && ( result.advice || result.links.length > 0 ) && (
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
			{ ( result.warnings ?? [] ).map( ( warning ) => (
				<p key={ warning.code } className="key-guard-result__warning">
					<strong>
						{ __( 'Warning:', 'key-guard-for-openai' ) }
					</strong>{ ' ' }
					{ warning.message }
				</p>
			) ) }
			<CheckList checks={ result.checks } />
			<TechnicalDetails result={ result } />
		</section>
	);
}
