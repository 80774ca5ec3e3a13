/*
 * Copyright 2025 The Meshwork Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyEngineServiceRef } from '@meshwork/plugin-data-mesh-node';
import { registerComplianceTasks } from './compliance/tasks';
import { registerMeshTasks } from './mesh/tasks';
import { initializePersistenceContext } from './database/persistenceContext';
import { readDataMeshConfig } from './lib/config';
import {
  hasIngestToken,
  ingestUnavailableRouter,
  INGEST_TOKEN_MISSING,
} from './lib/ingestAccess';
import { INGEST_PATHS } from './observed/router';
import { registerObservedTasks } from './observed/tasks';
import { createRouter } from './router';

export {
  COMPLIANCE_INCREMENTAL_TASK_ID,
  COMPLIANCE_SWEEP_TASK_ID,
} from './compliance/tasks';
export { SLO_ROLLUP_TASK_ID } from './mesh/tasks';

/**
 * The data-mesh backend plugin (`/api/data-mesh`): evaluates every DataProduct against the
 * governance policies on a schedule, stores the results and their history, and serves
 * them, the policies in force and draft evaluation for CI; ingests what pipelines report
 * (OpenLineage runs, measured values) and serves SLO status and lineage.
 *
 * @public
 */
export const dataMeshPlugin = createBackendPlugin({
  pluginId: 'data-mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
      },
      async init(deps) {
        const { config, logger, database, scheduler, catalog, auth } = deps;
        const settings = readDataMeshConfig(config);
        const context = await initializePersistenceContext(database);

        await registerComplianceTasks({
          settings: settings.compliance,
          store: context.compliance,
          mesh: context.mesh,
          engine: deps.engine,
          catalog,
          auth,
          logger,
          scheduler,
        });
        await registerMeshTasks({
          settings,
          mesh: context.mesh,
          observed: context.observed,
          logger,
          scheduler,
        });
        await registerObservedTasks({
          settings: settings.observed,
          store: context.observed,
          catalog,
          auth,
          logger,
          scheduler,
        });
        if (!hasIngestToken(config)) {
          // One line at start; the rest of the plugin works. With no token configured no
          // pipeline can authenticate, so the two ingest routes let unauthenticated
          // requests through only to answer them 503 naming the key to set (a 401 would
          // read as a wrong token); the routes themselves still take service credentials
          // only. With a token configured nothing changes.
          logger.warn(INGEST_TOKEN_MISSING);
          const paths = INGEST_PATHS;
          for (const path of paths) {
            deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
          }
          deps.httpRouter.use(ingestUnavailableRouter(paths, deps.httpAuth));
        }
        deps.httpRouter.use(await createRouter({ ...deps, settings, context }));
      },
    });
  },
});
