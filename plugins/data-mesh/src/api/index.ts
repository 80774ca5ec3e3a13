export { DataMeshClient } from './DataMeshClient';
export { dataMeshApiRef } from './DataMeshApi';
export type {
  DataMeshApi,
  GetComplianceHistoryOptions,
  GetLineageOptions,
  LineageDirection,
  ListComplianceOptions,
} from './DataMeshApi';
export type {
  ComplianceHistoryItem,
  ComplianceHistoryResponse,
  ComplianceListItem,
  ComplianceListResponse,
  ComplianceStatus,
  ComplianceSummary,
  ComplianceSweep,
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
} from './types';
