import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { DataMeshEntitiesProcessor } from './processor/DataMeshEntitiesProcessor';

/**
 * The catalog module of Meshwork: validates `DataProduct` and `Domain`
 * (apiVersion `meshwork.dev/v1alpha1`) entities and emits the relations of
 * data products to their owner, domain, inputs and APIs.
 *
 * @public
 */
export const catalogModuleDataMesh = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'data-mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ catalog }) {
        catalog.addProcessor(new DataMeshEntitiesProcessor());
      },
    });
  },
});
