export { CurrentVersionsCard } from './CurrentVersionsCard';
