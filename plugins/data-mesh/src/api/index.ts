export { DataMeshClient } from './DataMeshClient';
export { dataMeshApiRef } from './DataMeshApi';
export type {
  DataMeshApi,
  GetComplianceHistoryOptions,
  GetLineageOptions,
  LineageDirection,
  ListComplianceOptions,
} from './DataMeshApi';
