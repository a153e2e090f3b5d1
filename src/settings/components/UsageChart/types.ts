import type { ComponentType } from 'react';

import type { StackedBarChartProps } from '../StackedBarChart/types';

export type UsageChartProps = StackedBarChartProps;

/** The chart component, once its chunk has loaded. */
export type ChartComponent = ComponentType< StackedBarChartProps >;
