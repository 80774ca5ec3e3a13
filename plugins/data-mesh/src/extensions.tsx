import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import type {
  DataMeshCardProps,
  EntityDataProductLineageCardProps,
} from './components/types';
import { dataMeshPlugin } from './plugin';
import { dataMeshRootRouteRef } from './routes';

/**
 * A data product's overview card: type, lifecycle, domain, owner and team,
 * classification, version, ports, contracts and documentation links. For the
 * overview of `DataProduct` entity pages.
 *
 * @public
 */
export const EntityDataProductOverviewCard: (
  props: DataMeshCardProps,
) => JSX.Element = dataMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductOverviewCard',
    component: {
      lazy: () =>
        import('./components/EntityDataProductOverviewCard').then(
          m => m.EntityDataProductOverviewCard,
        ),
    },
  }),
);

/**
 * A data product's SLOs as measured, with error budgets, burn rates and 30-day
 * trends; tells how to send data when there is none.
 *
 * @public
 */
export const EntityDataProductSloCard: (
  props: DataMeshCardProps,
) => JSX.Element = dataMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductSloCard',
    component: {
      lazy: () =>
        import('./components/EntityDataProductSloCard').then(
          m => m.EntityDataProductSloCard,
        ),
    },
  }),
);

/**
 * A data product's lineage graph: declared, observed and drifting edges;
 * depth control, expand on click, click to open.
 *
 * @public
 */
export const EntityDataProductLineageCard: (
  props: EntityDataProductLineageCardProps,
) => JSX.Element = dataMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductLineageCard',
    component: {
      lazy: () =>
        import('./components/EntityDataProductLineageCard').then(
          m => m.EntityDataProductLineageCard,
        ),
    },
  }),
);

/**
 * The content of a data product's Compliance tab: score, one row per policy,
 * waivers and history.
 *
 * @public
 */
export const EntityComplianceContent: () => JSX.Element =
  dataMeshPlugin.provide(
    createComponentExtension({
      name: 'EntityComplianceContent',
      component: {
        lazy: () =>
          import('./components/EntityComplianceContent').then(
            m => m.EntityComplianceContent,
          ),
      },
    }),
  );

/**
 * A domain's data products (subdomains included) with their compliance and
 * SLO health. For the overview of `Domain` entity pages.
 *
 * @public
 */
export const EntityDomainProductsCard: (
  props: DataMeshCardProps,
) => JSX.Element = dataMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityDomainProductsCard',
    component: {
      lazy: () =>
        import('./components/EntityDomainProductsCard').then(
          m => m.EntityDomainProductsCard,
        ),
    },
  }),
);

/**
 * A domain's compliance roll-up. For the overview of `Domain` entity pages.
 *
 * @public
 */
export const EntityDomainComplianceCard: (
  props: DataMeshCardProps,
) => JSX.Element = dataMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityDomainComplianceCard',
    component: {
      lazy: () =>
        import('./components/EntityDomainComplianceCard').then(
          m => m.EntityDomainComplianceCard,
        ),
    },
  }),
);

/**
 * The mesh page: domains, products, compliance across the mesh and adoption
 * figures. Mount it on a route, e.g. `/data-mesh`.
 *
 * @public
 */
export const DataMeshPage: () => JSX.Element = dataMeshPlugin.provide(
  createRoutableExtension({
    name: 'DataMeshPage',
    component: () =>
      import('./components/DataMeshPage').then(m => m.DataMeshPage),
    mountPoint: dataMeshRootRouteRef,
  }),
);
