import type { SeriesTable } from '../../../shared/usageSeries';

export interface UsageTableProps {
	table: SeriesTable;
	/** What the table holds, e.g. "Requests per day by model, Oct 29 to Nov 27". */
	caption: string;
	/** Writes a figure, as dollars or as a count. */
	format: ( value: number ) => string;
}
