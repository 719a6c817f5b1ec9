export { EntityItemsCard } from './EntityItemsCard';
