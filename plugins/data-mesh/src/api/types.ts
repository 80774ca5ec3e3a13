/*
 * The data-mesh backend's response shapes, as the frontend reads them. Governance results
 * are defined once in `@meshwork/plugin-data-mesh-common`, where the policy engine and the
 * backend take them from too.
 */
import type { ComplianceSweepInfo } from '@meshwork/plugin-data-mesh-common';

export type {
  ComplianceHistoryItem,
  ComplianceHistoryResponse,
  ComplianceListItem,
  ComplianceListResponse,
  ComplianceStatus,
  ComplianceSummary,
  DomainComplianceResponse,
  DomainComplianceSummary,
  MeshComplianceSummary,
  PolicyResult,
  PolicyResultWaiver,
  PolicyRollUp,
  PolicySeverity,
  PolicySource,
  PolicyStatus,
  PolicyStatusCounts,
  ProductCompliance,
} from '@meshwork/plugin-data-mesh-common';

/**
 * What the last compliance sweep did.
 *
 * @public
 */
export type ComplianceSweep = ComplianceSweepInfo;
