export { ClassificationChip } from './ClassificationChip';
export {
  ComplianceStatusLabel,
  PolicyStatusLabel,
} from './ComplianceStatusLabel';
export { SafeLink } from './SafeLink';
export { usePagedItems } from './usePagedItems';
export { RefLink } from './RefLink';
export {
  ProductComplianceCell,
  ProductSloCell,
  SloSummaryLabel,
  summarizeSlos,
} from './ProductHealth';
export type { SloSummary } from './ProductHealth';
export { ComplianceFigures, FailingPolicies } from './ComplianceRollUp';
