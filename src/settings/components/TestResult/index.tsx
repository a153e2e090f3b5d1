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

/**
 * Which key the result is about, in a sentence.
 *
 * @param result The test result.
 */
function subject( result: TestResultProps[ 'result' ] ): string {
	if ( result.key_source === 'candidate' ) {
		return __(
			'Tested the key typed above; it is not saved.',
			'key-guard-for-openai'
		);
	}
	if ( result.key_source !== 'environment' ) {
		return __( 'Tested the saved key.', 'key-guard-for-openai' );
	}
	switch ( result.environment ) {
		case 'production':
			return __(
				'Tested the key saved for production sites.',
				'key-guard-for-openai'
			);
		case 'staging':
			return __(
				'Tested the key saved for staging sites.',
				'key-guard-for-openai'
			);
		case 'development':
			return __(
				'Tested the key saved for development sites.',
				'key-guard-for-openai'
			);
		default:
			return __(
				'Tested the key saved for local sites.',
				'key-guard-for-openai'
			);
	}
}

export default function TestResult( {
	result,
	takeFocus = false,
	onFocusTaken,
	headingLevel = 3,
	showAdvice = true,
}: TestResultProps ) {
	const headline = useRef< HTMLHeadingElement >( null );
	const Headline = `h${ headingLevel }` as const;

	useEffect( () => {
		if ( ! takeFocus || ! headline.current ) {
			return;
		}
		headline.current.focus();
		headline.current.scrollIntoView?.( { block: 'nearest' } );
		onFocusTaken?.();
	}, [ takeFocus, onFocusTaken ] );

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
				{ subject( result ) }{ ' ' }
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
