export { EntityDataProductLineageCard } from './EntityDataProductLineageCard';
