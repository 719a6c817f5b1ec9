export { TeamProgress } from './TeamProgress';
