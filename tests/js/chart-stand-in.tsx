/**
 * The chart chunk as tests see it: jsdom draws no canvas, so the stand-in shows the summary it
 * is named by and the series it was given (`vi.mock( …/StackedBarChart, () => import( … ) )`).
 */
import type { StackedBarChartProps } from '../../src/settings/components/StackedBarChart/types';

export default function ChartStandIn( {
	summary,
	layers,
}: StackedBarChartProps ) {
	return (
		<div role="img" aria-label={ summary }>
			{ layers.map( ( layer ) => layer.label ).join( ', ' ) }
		</div>
	);
}
