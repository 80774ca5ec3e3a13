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
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyEngineServiceRef } from '@meshwork/plugin-data-mesh-node';
import { ComplianceStore } from './database/ComplianceStore';
import { ComplianceSweep } from './service/ComplianceSweep';
import { createRouter } from './service/router';
import { createObservedRouter, registerObservedTasks } from './observed';

/** The id of the scheduled compliance sweep. */
export const COMPLIANCE_SWEEP_TASK_ID = 'data-mesh-compliance-sweep';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/**
 * The data-mesh backend plugin (`/api/data-mesh`): evaluates every DataProduct against the
 * governance policies on a schedule, stores the results and their history, and serves
 * them, the policies in force and draft evaluation for CI.
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
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        catalog,
        engine,
      }) {
        const store = await ComplianceStore.create(database);
        const sweep = new ComplianceSweep({
          catalog,
          auth,
          engine,
          store,
          logger,
          historyRetentionDays:
            config.getOptionalNumber(
              'dataMesh.compliance.history.retentionDays',
            ) ?? 365,
          historyHeartbeatMs:
            (config.getOptionalNumber(
              'dataMesh.compliance.history.heartbeatHours',
            ) ?? 24) *
            3600 *
            1000,
        });

        const schedule = config.has('dataMesh.compliance.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('dataMesh.compliance.schedule'),
            )
          : DEFAULT_SCHEDULE;
        // Global scope: with several replicas on one database it runs once per interval.
        await scheduler.scheduleTask({
          id: COMPLIANCE_SWEEP_TASK_ID,
          scope: 'global',
          ...schedule,
          fn: async () => {
            await sweep.run();
          },
        });

        // Observed reality: OpenLineage ingest, measured values, SLO status, lineage.
        httpRouter.use(
          await createObservedRouter({
            config,
            logger,
            database,
            httpAuth,
            auth,
            catalog,
          }),
        );
        await registerObservedTasks({
          config,
          logger,
          database,
          scheduler,
          catalog,
          auth,
        });

        httpRouter.use(
          await createRouter({
            engine,
            store,
            catalog,
            auth,
            httpAuth,
            maxBodyBytes:
              config.getOptionalNumber('dataMesh.evaluate.maxBodyBytes') ??
              256 * 1024,
          }),
        );
      },
    });
  },
});
