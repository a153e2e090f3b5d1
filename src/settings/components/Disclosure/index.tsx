/**
 * A section a person needs now and then: closed until asked for, opened by keyboard or pointer.
 *
 * The browser's own details element: no script state, announced as expandable by screen readers,
 * and found by the page's text search even while closed.
 */
import type { DisclosureProps } from './types';

export default function Disclosure( {
	title,
	level,
	className,
	initialOpen = false,
	children,
}: DisclosureProps ) {
	const Heading = level ? ( `h${ level }` as const ) : null;
	return (
		<details
			className={ [ 'key-guard-disclosure', className ]
				.filter( Boolean )
				.join( ' ' ) }
			open={ initialOpen || undefined }
		>
			<summary>
				{ Heading ? <Heading>{ title }</Heading> : title }
			</summary>
			<div className="key-guard-disclosure__body">{ children }</div>
		</details>
	);
}
