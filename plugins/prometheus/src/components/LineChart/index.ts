export { LineChart, SERIES_COLORS } from './LineChart';
export type { LineChartProps } from './LineChart';
export { STATUS_PRESENTATION } from './markers';
