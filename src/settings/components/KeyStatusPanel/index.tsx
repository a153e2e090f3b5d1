/**
 * What the server says about the key: whether one is set, where from, its mask and history.
 */
import { Card, CardBody, CardHeader, Notice } from '@wordpress/components';
import { Children } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { kindLabel, sourceLabel } from '../../../shared/labels';
import { formatWhen as when } from '../../../shared/time';
import Outcome from '../Outcome';
import type { KeyStatusPanelProps } from './types';

export default function KeyStatusPanel( {
	status,
	children,
}: KeyStatusPanelProps ) {
	const { configured, source, masked, kind, saved_at: savedAt } = status;
	const lastTest = status.last_test;
	return (
		<Card className="key-guard-card key-guard-status">
			<CardHeader>
				<h2>{ __( 'Current key', 'key-guard-for-openai' ) }</h2>
			</CardHeader>
			<CardBody>
				<p className="key-guard-status__summary">
					{ configured
						? __( 'An OpenAI key is set.', 'key-guard-for-openai' )
						: __(
								'No OpenAI key is set yet.',
								'key-guard-for-openai'
							) }
				</p>
				{ configured && (
					<dl className="key-guard-status__facts">
						<dt>{ __( 'Source', 'key-guard-for-openai' ) }</dt>
						<dd>{ sourceLabel( source ) }</dd>
						<dt>{ __( 'Key', 'key-guard-for-openai' ) }</dt>
						<dd>
							<code>{ masked }</code>
						</dd>
						{ kind && (
							<>
								<dt>
									{ __( 'Type', 'key-guard-for-openai' ) }
								</dt>
								<dd>{ kindLabel( kind ) }</dd>
							</>
						) }
						{ savedAt && (
							<>
								<dt>
									{ __( 'Saved', 'key-guard-for-openai' ) }
								</dt>
								<dd>
									<time dateTime={ savedAt }>
										{ when( savedAt ) }
									</time>
								</dd>
							</>
						) }
						{ status.saved_by_name && (
							<>
								<dt>
									{ __( 'Saved by', 'key-guard-for-openai' ) }
								</dt>
								<dd>{ status.saved_by_name }</dd>
							</>
						) }
						<dt>{ __( 'Last test', 'key-guard-for-openai' ) }</dt>
						<dd>
							{ lastTest ? (
								<>
									<Outcome result={ lastTest } />{ ' ' }
									{ lastTest.message }{ ' ' }
									<time dateTime={ lastTest.tested_at }>
										{ when( lastTest.tested_at ) }
									</time>
								</>
							) : (
								__( 'Not tested yet', 'key-guard-for-openai' )
							) }
						</dd>
					</dl>
				) }
				{ status.warnings.map( ( warning ) => (
					<Notice
						key={ warning.code }
						status="warning"
						isDismissible={ false }
					>
						<strong>
							{ __( 'Warning:', 'key-guard-for-openai' ) }
						</strong>{ ' ' }
						{ warning.message }
					</Notice>
				) ) }
				{ Children.toArray( children ).length > 0 && (
					<div className="key-guard-status__actions">
						{ children }
					</div>
				) }
			</CardBody>
		</Card>
	);
}
