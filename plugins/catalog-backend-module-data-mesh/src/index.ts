/**
 * A catalog module for Meshwork: validates the `DataProduct` and `Domain`
 * kinds of `@meshwork/plugin-data-mesh-common` and emits the relations of data
 * products, so the catalog, its graph and its entity pages understand the
 * data mesh.
 *
 * @packageDocumentation
 */

export { catalogModuleDataMesh as default } from './module';
export { DataMeshEntitiesProcessor } from './processor/DataMeshEntitiesProcessor';
export type { DataMeshEntitiesProcessorOptions } from './processor/DataMeshEntitiesProcessor';
