export { EnvironmentListSection } from './EnvironmentListSection';
