export { EntityDataProductSloCard } from './EntityDataProductSloCard';
