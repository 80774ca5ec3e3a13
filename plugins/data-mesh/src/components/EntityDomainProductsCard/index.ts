export { EntityDomainProductsCard } from './EntityDomainProductsCard';
