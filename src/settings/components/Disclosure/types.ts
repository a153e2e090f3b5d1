import type { ReactNode } from 'react';

export interface DisclosureProps {
	/** What the section is about; the summary a person clicks to open it. */
	title: string;
	/** The heading level of the title, or none for a plain summary. */
	level?: 2 | 3 | 4;
	/** Extra class, e.g. key-guard-card for a section that stands on its own. */
	className?: string;
	/** Open at first (closed by default). */
	initialOpen?: boolean;
	/** Told each time a person opens or closes the section. */
	onToggle?: ( open: boolean ) => void;
	children: ReactNode;
}
