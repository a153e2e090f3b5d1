/**
 * Removes the key saved in the database, after a confirmation.
 */
import { Button, Modal } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { RemoveKeyProps } from './types';

export default function RemoveKey( {
	onRemove,
	label = __( 'Remove key', 'key-guard-for-openai' ),
	title = __( 'Remove the OpenAI key?', 'key-guard-for-openai' ),
	consequence = __(
		'Features of this site that use OpenAI stop working until a new key is saved.',
		'key-guard-for-openai'
	),
}: RemoveKeyProps ) {
	const [ isOpen, setOpen ] = useState( false );
	const [ isBusy, setBusy ] = useState( false );

	const confirm = async () => {
		setBusy( true );
		try {
			await onRemove();
		} finally {
			setBusy( false );
			setOpen( false );
		}
	};

	return (
		<>
			<Button
				__next40pxDefaultSize
				variant="secondary"
				isDestructive
				onClick={ () => setOpen( true ) }
			>
				{ label }
			</Button>
			{ isOpen && (
				<Modal
					title={ title }
					size="small"
					onRequestClose={ () => ! isBusy && setOpen( false ) }
				>
					<p>{ consequence }</p>
					<div className="key-guard-modal__actions">
						<Button
							__next40pxDefaultSize
							variant="tertiary"
							disabled={ isBusy }
							onClick={ () => setOpen( false ) }
						>
							{ __( 'Cancel', 'key-guard-for-openai' ) }
						</Button>
						<Button
							__next40pxDefaultSize
							variant="primary"
							isDestructive
							isBusy={ isBusy }
							disabled={ isBusy }
							accessibleWhenDisabled
							onClick={ confirm }
						>
							{ label }
						</Button>
					</div>
				</Modal>
			) }
		</>
	);
}
