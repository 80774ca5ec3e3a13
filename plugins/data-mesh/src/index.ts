/**
 * Meshwork's data mesh pages for Backstage: data product cards (overview,
 * SLOs, lineage), the Compliance tab, domain cards and the mesh page, with the
 * client of the data-mesh backend. This entry point is for the legacy frontend
 * system; `@meshwork/plugin-data-mesh/alpha` is for the new one.
 *
 * The backend's response types (compliance, SLO status, lineage) are not
 * repeated here: import them from `@meshwork/plugin-data-mesh-common`.
 *
 * @packageDocumentation
 */

export { dataMeshPlugin } from './plugin';
export {
  DataMeshPage,
  EntityComplianceContent,
  EntityDataProductLineageCard,
  EntityDataProductOverviewCard,
  EntityDataProductSloCard,
  EntityDomainComplianceCard,
  EntityDomainProductsCard,
} from './extensions';
export type {
  DataMeshCardProps,
  EntityDataProductLineageCardProps,
} from './components/types';
export { dataMeshRootRouteRef } from './routes';
export { DataMeshClient } from './api/DataMeshClient';
export { dataMeshApiRef } from './api/DataMeshApi';
export type {
  DataMeshApi,
  GetComplianceHistoryOptions,
  GetLineageOptions,
  LineageDirection,
  ListComplianceOptions,
  ListMeshProductsOptions,
} from './api/DataMeshApi';
