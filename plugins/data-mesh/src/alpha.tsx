/**
 * Meshwork's frontend plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { z } from 'zod/v4';
import { DataMeshClient } from './api/DataMeshClient';
import { dataMeshApiRef } from './api/DataMeshApi';
import { dataMeshRootRouteRef } from './routes';

export { dataMeshTranslationRef } from './translation';

const isDataProduct = { kind: 'dataproduct' };
const isDomain = { kind: 'domain' };

// Every card's title can be set in app-config (`config.title`), like Backstage's
// own cards; the page and the tab have `title` from their blueprints already.
const cardConfigSchema = { title: z.string().optional() };

/**
 * The `DataMeshClient` (from the main entry point) as the app's `dataMeshApiRef`.
 *
 * @alpha
 */
export const dataMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dataMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DataMeshClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-card:data-mesh/data-product-overview`, on DataProduct pages.
 *
 * @alpha
 */
export const dataProductOverviewEntityCard =
  EntityCardBlueprint.makeWithOverrides({
    name: 'data-product-overview',
    configSchema: cardConfigSchema,
    factory: (originalFactory, { config }) =>
      originalFactory({
        filter: isDataProduct,
        loader: () =>
          import('./components/EntityDataProductOverviewCard').then(m => (
            <m.EntityDataProductOverviewCard title={config.title} />
          )),
      }),
  });

/**
 * `entity-card:data-mesh/data-product-slos`, on DataProduct pages.
 *
 * @alpha
 */
export const dataProductSloEntityCard = EntityCardBlueprint.makeWithOverrides({
  name: 'data-product-slos',
  configSchema: cardConfigSchema,
  factory: (originalFactory, { config }) =>
    originalFactory({
      filter: isDataProduct,
      loader: () =>
        import('./components/EntityDataProductSloCard').then(m => (
          <m.EntityDataProductSloCard title={config.title} />
        )),
    }),
});

/**
 * `entity-card:data-mesh/data-product-lineage`, on DataProduct pages.
 *
 * @alpha
 */
export const dataProductLineageEntityCard =
  EntityCardBlueprint.makeWithOverrides({
    name: 'data-product-lineage',
    configSchema: cardConfigSchema,
    factory: (originalFactory, { config }) =>
      originalFactory({
        filter: isDataProduct,
        loader: () =>
          import('./components/EntityDataProductLineageCard').then(m => (
            <m.EntityDataProductLineageCard title={config.title} />
          )),
      }),
  });

/**
 * `entity-content:data-mesh/compliance`: the Compliance tab of DataProduct
 * pages, at `compliance`; `config.title` renames the tab.
 *
 * @alpha
 */
export const complianceEntityContent = EntityContentBlueprint.make({
  name: 'compliance',
  params: {
    path: 'compliance',
    title: 'Compliance',
    filter: isDataProduct,
    loader: () =>
      import('./components/EntityComplianceContent').then(m => (
        <m.EntityComplianceContent />
      )),
  },
});

/**
 * `entity-card:data-mesh/domain-products`, on Domain pages.
 *
 * @alpha
 */
export const domainProductsEntityCard = EntityCardBlueprint.makeWithOverrides({
  name: 'domain-products',
  configSchema: cardConfigSchema,
  factory: (originalFactory, { config }) =>
    originalFactory({
      filter: isDomain,
      loader: () =>
        import('./components/EntityDomainProductsCard').then(m => (
          <m.EntityDomainProductsCard title={config.title} />
        )),
    }),
});

/**
 * `entity-card:data-mesh/domain-compliance`, on Domain pages.
 *
 * @alpha
 */
export const domainComplianceEntityCard = EntityCardBlueprint.makeWithOverrides(
  {
    name: 'domain-compliance',
    configSchema: cardConfigSchema,
    factory: (originalFactory, { config }) =>
      originalFactory({
        filter: isDomain,
        loader: () =>
          import('./components/EntityDomainComplianceCard').then(m => (
            <m.EntityDomainComplianceCard title={config.title} />
          )),
      }),
  },
);

/**
 * `page:data-mesh`: the mesh page at `/data-mesh`, with its item in the
 * sidebar (the page's title and icon); `config.title` renames both.
 *
 * @alpha
 */
export const dataMeshPage = PageBlueprint.make({
  params: {
    path: '/data-mesh',
    title: 'Data mesh',
    icon: <DeviceHubIcon fontSize="inherit" />,
    routeRef: dataMeshRootRouteRef,
    loader: () =>
      import('./components/DataMeshPage').then(m => (
        <Content>
          <m.DataMeshOverview />
        </Content>
      )),
  },
});

/**
 * Meshwork's frontend plugin (`data-mesh`) for the new frontend system: entity
 * cards for DataProduct and Domain pages, the Compliance tab, the mesh page and
 * its sidebar item, and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'data-mesh',
  title: 'Data mesh',
  icon: <DeviceHubIcon fontSize="inherit" />,
  routes: {
    root: dataMeshRootRouteRef,
  },
  extensions: [
    dataMeshApi,
    dataProductOverviewEntityCard,
    dataProductSloEntityCard,
    dataProductLineageEntityCard,
    complianceEntityContent,
    domainComplianceEntityCard,
    domainProductsEntityCard,
    dataMeshPage,
  ],
});
