import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the mesh page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'data-mesh' });

/**
 * The route of the mesh page, for linking to it from elsewhere.
 *
 * @public
 */
export const dataMeshRootRouteRef = rootRouteRef;
