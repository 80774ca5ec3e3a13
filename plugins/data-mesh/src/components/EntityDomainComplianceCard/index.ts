export { EntityDomainComplianceCard } from './EntityDomainComplianceCard';
