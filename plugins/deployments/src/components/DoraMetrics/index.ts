export { DoraMetricsSection } from './DoraMetricsSection';
