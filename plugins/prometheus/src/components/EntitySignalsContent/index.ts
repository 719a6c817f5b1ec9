export { EntitySignalsContent } from './EntitySignalsContent';
