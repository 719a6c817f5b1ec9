export { EnvironmentDetail } from './EnvironmentDetail';
