/**
 * A section a person needs now and then: closed until asked for.
 *
 * A heading that holds a toggle button (aria-expanded, aria-controls), as core's panels do: the
 * section stays in the page's heading outline, and screen readers announce the button as
 * expandable. The content stays mounted while closed (a typed key or an open row keeps its state)
 * but is hidden from sight and from assistive technology.
 */
import { Button } from '@wordpress/components';
import { useId, useState } from '@wordpress/element';
import { chevronDown, chevronUp } from '@wordpress/icons';

import type { DisclosureProps } from './types';

export default function Disclosure( {
	title,
	level,
	className,
	initialOpen = false,
	onToggle,
	children,
}: DisclosureProps ) {
	const [ isOpen, setOpen ] = useState( initialOpen );
	const id = useId();
	const toggle = (
		<Button
			className="key-guard-disclosure__toggle"
			aria-expanded={ isOpen }
			aria-controls={ `${ id }-body` }
			icon={ isOpen ? chevronUp : chevronDown }
			iconPosition="right"
			onClick={ () => {
				setOpen( ! isOpen );
				onToggle?.( ! isOpen );
			} }
		>
			{ title }
		</Button>
	);
	const Heading = level ? ( `h${ level }` as const ) : null;
	return (
		<div
			className={ [
				'key-guard-disclosure',
				isOpen ? 'is-open' : '',
				className,
			]
				.filter( Boolean )
				.join( ' ' ) }
		>
			{ Heading ? (
				<Heading className="key-guard-disclosure__title">
					{ toggle }
				</Heading>
			) : (
				toggle
			) }
			<div
				id={ `${ id }-body` }
				className="key-guard-disclosure__body"
				hidden={ ! isOpen }
			>
				{ children }
			</div>
		</div>
	);
}
