export { EntityLearnCard } from './EntityLearnCard';
