/**
 * Something that could not be loaded or read, said in words, with a way to try again.
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface RetryNoticeProps {
	/** How bad it is: an error (nothing to show) or a warning (the same figures are elsewhere). */
	status?: 'error' | 'warning';
	/** Tries again. */
	onRetry: () => void;
	/** What failed, in words. */
	children: ReactNode;
}

export default function RetryNotice( {
	status = 'error',
	onRetry,
	children,
}: RetryNoticeProps ) {
	return (
		<Notice
			status={ status }
			isDismissible={ false }
			actions={ [
				{
					label: __( 'Try again', 'key-guard-for-openai' ),
					onClick: onRetry,
				},
			] }
		>
			{ children }
		</Notice>
	);
}
