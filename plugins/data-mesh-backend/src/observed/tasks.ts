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

import { randomUUID } from 'node:crypto';
import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DATA_PRODUCT_KIND } from '@meshwork/plugin-data-mesh-common';
import type { ObservedStore } from '../database/ObservedStore';
import { readAllEntities } from '../lib/catalogPager';
import type { DataMeshSettings } from '../lib/config';
import { readProductMapping } from './productMapping';

/** The id of the scheduled task that prunes raw observed data. */
export const OBSERVED_PRUNE_TASK_ID = 'data-mesh-observed-prune';

/** The id of the scheduled task that reads product bindings and declared lineage. */
export const OBSERVED_CATALOG_SYNC_TASK_ID = 'data-mesh-observed-catalog-sync';

/** What {@link registerObservedTasks} needs. */
export interface ObservedTasksOptions {
  settings: DataMeshSettings['observed'];
  store: ObservedStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  scheduler: SchedulerService;
}

// What the catalog sync reads of each product.
const PRODUCT_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'spec.inputPorts',
  'spec.outputPorts',
];

/**
 * Registers the observed-reality tasks with the plugin's scheduler. Both have global
 * scope: with several replicas on one database each runs once per interval.
 *
 * - `data-mesh-observed-catalog-sync` reads every DataProduct (with the plugin's own
 *   credentials) and stores which output port locations and OpenLineage jobs belong to
 *   which product, and the declared lineage; when bindings change, observed lineage is
 *   mapped again.
 * - `data-mesh-observed-prune` deletes raw events, runs and observations after the raw
 *   retention and aggregates after the aggregate retention.
 */
export async function registerObservedTasks(
  options: ObservedTasksOptions,
): Promise<void> {
  const { settings, store, logger, scheduler, catalog, auth } = options;
  // Which replica ran a task, for the record.
  const runner = randomUUID();

  await scheduler.scheduleTask({
    id: OBSERVED_CATALOG_SYNC_TASK_ID,
    scope: 'global',
    ...settings.catalogSync.schedule,
    fn: async () => {
      const startedAt = Date.now();
      const products = await readAllEntities(
        catalog,
        {
          filter: { kind: DATA_PRODUCT_KIND },
          fields: PRODUCT_FIELDS,
          orderFields: { field: 'metadata.name', order: 'asc' },
        },
        await auth.getOwnServiceCredentials(),
      );
      const result = await store.applyCatalog(
        products.map(p => readProductMapping(p, settings.matching)),
      );
      await store.recordTaskRun(OBSERVED_CATALOG_SYNC_TASK_ID, startedAt, {
        runner,
        ...result,
      });
      logger.info(
        `Observed lineage: ${result.products} data products read from the catalog` +
          `${result.bindingsChanged ? ', bindings changed' : ''}` +
          `${result.declaredChanged ? ', declared lineage changed' : ''}`,
      );
    },
  });

  await scheduler.scheduleTask({
    id: OBSERVED_PRUNE_TASK_ID,
    scope: 'global',
    ...settings.prune.schedule,
    fn: async () => {
      const startedAt = Date.now();
      const result = await store.prune({
        rawBefore: startedAt - settings.retention.rawMs,
        aggregateBefore: startedAt - settings.retention.aggregateMs,
      });
      await store.recordTaskRun(OBSERVED_PRUNE_TASK_ID, startedAt, {
        runner,
        ...result,
      });
      logger.info(
        `Observed data pruned: ${result.events} events, ${result.runs} runs, ` +
          `${result.observations} observations, ${
            result.jobHours + result.observationHours + result.refreshes
          } aggregate rows`,
      );
    },
  });
}
