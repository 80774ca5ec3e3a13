import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the mesh page, for linking to it from elsewhere.
 *
 * @public
 */
export const dataMeshRootRouteRef = createRouteRef({ id: 'data-mesh' });
