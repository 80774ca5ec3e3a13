/**
 * Meshwork's shared data mesh model: the `DataProduct` kind and the evolved
 * `Domain` kind (apiVersion `meshwork.dev/v1alpha1`) with their JSON schemas,
 * validators and type guards; governance policy and waiver types; and helpers
 * to read ports and SLO objectives.
 *
 * @packageDocumentation
 */

export {
  DATA_CLASSIFICATIONS,
  DATA_PRODUCT_KIND,
  DATA_PRODUCT_LIFECYCLES,
  DATA_PRODUCT_TYPES,
  DOMAIN_KIND,
  MESHWORK_API_VERSION,
  OUTPUT_PORT_TYPES,
  POLICY_ID_PATTERN,
  POLICY_SEVERITIES,
} from './kinds/constants';
export type {
  DataClassification,
  DataProductLifecycle,
  DataProductType,
  OutputPortType,
  PolicySeverity,
} from './kinds/constants';
export {
  dataProductEntityV1alpha1Validator,
  isDataProductEntity,
} from './kinds/DataProductEntityV1alpha1';
export type {
  DataProductEntityV1alpha1,
  DataProductEntityV1alpha1 as DataProductEntity,
  DataProductInfrastructure,
  DataProductInputPort,
  DataProductOutputPort,
  DataProductQuality,
  DataProductSlo,
  DataProductTeam,
} from './kinds/DataProductEntityV1alpha1';
export {
  isMeshDomainEntity,
  meshDomainEntityV1alpha1Validator,
} from './kinds/MeshDomainEntityV1alpha1';
export type {
  MeshDomainEntityV1alpha1,
  MeshDomainTeam,
} from './kinds/MeshDomainEntityV1alpha1';
export type { MeshPolicy, PolicyWaiver } from './kinds/policies';
export { getDomainRef, getParentDomainRef, MAX_DOMAIN_DEPTH } from './domains';
export {
  ANNOTATION_OPENLINEAGE_JOB,
  ANNOTATION_OPENLINEAGE_NAMESPACE,
} from './annotations';
export { parseInputPortRef, parseOutputPortApiRef } from './ports';
export type { PortRefContext } from './ports';
export {
  parseDuration,
  parseSloObjective,
  parseSloWindow,
} from './slo/objectives';
export type { SloObjective } from './slo/objectives';
export type {
  ColumnLineageInput,
  ColumnLineageTransformation,
  LineageDrift,
  LineageDriftItem,
  LineageEdge,
  LineageEdgeOrigin,
  LineageGraphResponse,
  LineageNode,
  LineageNodeKind,
  Observation,
  ObservationsPage,
  ObservedDatasetRef,
  ObservedIngestResponse,
  ObservedRun,
  ObservedRunsPage,
  ObservedRunState,
  OpenLineageEventType,
  PortColumnLineage,
  ProductColumnLineageResponse,
  ProductSloStatusResponse,
  SloDataSource,
  SloHistoryPoint,
  SloStatus,
} from './observed/types';
export type {
  ComplianceHistoryItem,
  ComplianceHistoryResponse,
  ComplianceListItem,
  ComplianceListResponse,
  ComplianceStatus,
  ComplianceSummary,
  ComplianceSweepInfo,
  DomainComplianceResponse,
  DomainComplianceSummary,
  MeshComplianceSummary,
  PolicyResult,
  PolicyResultWaiver,
  PolicyRollUp,
  PolicySource,
  PolicyStatus,
  PolicyStatusCounts,
  ProductCompliance,
  ProductEvaluation,
} from './governance/types';
export type {
  MeshDomainFigures,
  MeshFiguresCoverage,
  MeshProductItem,
  MeshProductSortField,
  MeshProductsResponse,
  MeshSloFigures,
  MeshSummaryResponse,
} from './mesh/types';
export { DataMeshClient } from './schema/openapi';
export type {
  DataMeshClientOptions,
  DataMeshRequestOptions,
  DataProductName,
  EvaluateDraftRequest,
  EvaluateDraftResponse,
} from './schema/openapi';
