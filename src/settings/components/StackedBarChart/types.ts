export interface ChartLayer {
	/** Words for the series; uPlot keeps it for its own use, the screen's legend shows it. */
	label: string;
	/** Its fill, as the legend beside the chart shows it. */
	color: string;
	/** One figure per day. */
	values: number[];
}

export interface StackedBarChartProps {
	/** One short label per day, e.g. "Nov 3", in the page language. */
	labels: string[];
	/** The series, the bottom layer first. */
	layers: ChartLayer[];
	/** Writes a figure of the value axis, e.g. as dollars. */
	formatValue: ( value: number ) => string;
	/** Whether the figures are counts, so the value axis steps by whole numbers. */
	wholeNumbers?: boolean;
	/** What the chart shows, in a sentence: its accessible name. */
	summary: string;
	/** In CSS pixels. */
	height?: number;
}
