import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DataMeshClient } from './api/DataMeshClient';
import { dataMeshApiRef } from './api/DataMeshApi';
import { dataMeshRootRouteRef } from './routes';

/**
 * Meshwork's frontend plugin for the legacy frontend system: data product
 * cards, the Compliance tab, domain cards and the mesh page.
 *
 * @public
 */
export const dataMeshPlugin = createPlugin({
  id: 'data-mesh',
  apis: [
    createApiFactory({
      api: dataMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DataMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: dataMeshRootRouteRef,
  },
});
