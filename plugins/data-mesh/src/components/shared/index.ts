export { BoundedTable } from './BoundedTable';
export type { BoundedTableColumn } from './BoundedTable';
export { ClassificationChip } from './ClassificationChip';
export {
  ComplianceFigures,
  ComplianceRollUp,
  FailingPolicies,
} from './ComplianceRollUp';
export {
  ComplianceStatusLabel,
  PolicyStatusLabel,
} from './ComplianceStatusLabel';
export {
  ComplianceScore,
  ProductComplianceCell,
  ProductSloCell,
  SloSummaryLabel,
  summarizeSlos,
} from './ProductHealth';
export type { SloSummary } from './ProductHealth';
export { useProductColumns } from './productColumns';
export type { ProductRow } from './productColumns';
export { RefLink } from './RefLink';
export { SafeLink } from './SafeLink';
export { SelectField } from './SelectField';
export { pagedTableOptions } from './tableOptions';
export { usePagedItems } from './usePagedItems';
