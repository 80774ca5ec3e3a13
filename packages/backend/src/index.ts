/*
 * The Meshwork portal's backend: stock Backstage plugins plus the Meshwork suite,
 * installed by package name exactly as an outside Backstage instance would install them.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend (packages/app/dist) on the backend's own port.
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider is all the embedded default needs.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Meshwork: the DataProduct and Domain kinds, validated, with their relations.
backend.add(import('@meshwork/plugin-catalog-backend-module-data-mesh'));

// Meshwork's data-mesh backend: policies as code and compliance results, OpenLineage
// ingest, SLO status and lineage.
backend.add(import('@meshwork/plugin-data-mesh-backend'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Meshwork's paved road: the governance gate and, in the embedded default, publishing
// new products to a local folder that the catalog then reads.
backend.add(import('@meshwork/plugin-scaffolder-backend-module-data-mesh'));
backend.add(
  import('@meshwork/plugin-catalog-backend-module-data-mesh-local-publish'),
);

// Permissions: allow-all here; an organisation plugs in its own policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Search: the PostgreSQL engine when the database is PostgreSQL; with SQLite it steps
// aside and search uses the built-in in-memory engine.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Signals: live updates to the frontend (used by user settings storage).
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
