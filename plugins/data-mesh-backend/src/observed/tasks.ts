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
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DATA_PRODUCT_KIND } from '@meshwork/plugin-data-mesh-common';
import type { ObservedStore } from '../database/ObservedStore';
import type { CatalogProduct } from '../database/operations/observed/applyCatalogChanges';
import { readAllEntities } from '../lib/catalogPager';
import type { DataMeshSettings } from '../lib/config';
import {
  entityNode,
  readProductMapping,
  type MatchingOptions,
} from './productMapping';

/** The id of the scheduled task that prunes raw observed data. */
export const OBSERVED_PRUNE_TASK_ID = 'data-mesh-observed-prune';

/**
 * The id of the scheduled task that reads new and changed product bindings and declared
 * lineage (the incremental catalog sync).
 */
export const OBSERVED_CATALOG_SYNC_TASK_ID = 'data-mesh-observed-catalog-sync';

/** The id of the scheduled task that reads every product's bindings (the full sync). */
export const OBSERVED_CATALOG_FULL_SYNC_TASK_ID =
  'data-mesh-observed-catalog-full-sync';

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
  'metadata.etag',
  'metadata.annotations',
  'spec.inputPorts',
  'spec.outputPorts',
];

// What the incremental sync reads of every product: its ref and change signal.
const HEAD_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

// The most refs one catalog request asks for.
const REFS_PER_REQUEST = 500;

/**
 * What a product's mapping is read from: the catalog's etag (renewed whenever the
 * entity changes) and the matching options, which change the mapping too. Without an
 * etag, undefined: the product is read every run.
 */
export function productSignature(
  entity: Entity,
  matching: MatchingOptions,
): string | undefined {
  const etag = entity.metadata.etag;
  if (!etag || etag.length > 200) return undefined;
  return matching.caseInsensitive ? `${etag};caseInsensitive` : etag;
}

function catalogProduct(
  entity: Entity,
  matching: MatchingOptions,
): CatalogProduct {
  const signature = productSignature(entity, matching);
  return {
    ...readProductMapping(entity, matching),
    ...(signature ? { signature } : {}),
  };
}

/**
 * Registers the observed-reality tasks with the plugin's scheduler. All have global
 * scope: with several replicas on one database each runs once per interval.
 *
 * - `data-mesh-observed-catalog-sync` (the incremental sync) reads each DataProduct's
 *   ref and catalog etag (with the plugin's own credentials), reads in full only the
 *   products whose etag differs from the one it applied last, and stores which output
 *   port locations and OpenLineage jobs belong to them and their declared lineage;
 *   products gone from the catalog lose theirs. Observed lineage is mapped again only
 *   around the products whose bindings changed. A run after no change reads no product
 *   in full and writes nothing but its task-run record.
 * - `data-mesh-observed-catalog-full-sync` (the full sync, less often) reads every
 *   product in full and writes what differs from what is stored, so whatever the
 *   incremental sync missed is repaired.
 * - `data-mesh-observed-prune` deletes raw events, runs and observations after the raw
 *   retention and aggregates after the aggregate retention.
 */
export async function registerObservedTasks(
  options: ObservedTasksOptions,
): Promise<void> {
  const { settings, store, logger, scheduler, catalog, auth } = options;
  const { matching } = settings;
  // Which replica ran a task, for the record.
  const runner = randomUUID();

  await scheduler.scheduleTask({
    id: OBSERVED_CATALOG_SYNC_TASK_ID,
    scope: 'global',
    ...settings.catalogSync.schedule,
    fn: async () => {
      const startedAt = Date.now();
      const started = performance.now();
      const credentials = await auth.getOwnServiceCredentials();
      const [heads, applied] = await Promise.all([
        readAllEntities(
          catalog,
          {
            filter: { kind: DATA_PRODUCT_KIND },
            fields: HEAD_FIELDS,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
          credentials,
        ),
        store.catalogSignatures(),
      ]);
      const inCatalog = new Set<string>();
      const toRead: string[] = [];
      for (const head of heads) {
        const ref = stringifyEntityRef(head);
        const node = entityNode(ref);
        inCatalog.add(node);
        const signature = productSignature(head, matching);
        if (!signature || applied.get(node) !== signature) toRead.push(ref);
      }
      const removed = [...applied.keys()].filter(ref => !inCatalog.has(ref));

      const products: CatalogProduct[] = [];
      for (let i = 0; i < toRead.length; i += REFS_PER_REQUEST) {
        const { items } = await catalog.getEntitiesByRefs(
          {
            entityRefs: toRead.slice(i, i + REFS_PER_REQUEST),
            fields: PRODUCT_FIELDS,
          },
          { credentials },
        );
        // A product deleted since its etag was read is removed by the next run.
        for (const item of items) {
          if (item) products.push(catalogProduct(item, matching));
        }
      }
      const result =
        products.length > 0 || removed.length > 0
          ? await store.applyCatalogChanges({ products, removed })
          : undefined;
      const durationMs = Math.round(performance.now() - started);
      await store.recordTaskRun(OBSERVED_CATALOG_SYNC_TASK_ID, startedAt, {
        runner,
        checked: heads.length,
        readInFull: products.length,
        changed: result?.changed ?? 0,
        removed: result?.removed ?? 0,
        remappedJobs: result?.remappedJobs ?? 0,
        durationMs,
      });
      logger.info(
        `Observed catalog sync: ${heads.length} data products checked, ` +
          `${products.length} read in full, ${result?.changed ?? 0} changed, ` +
          `${result?.removed ?? 0} removed, observed lineage of ` +
          `${result?.remappedJobs ?? 0} jobs mapped again, in ${durationMs} ms`,
      );
    },
  });

  await scheduler.scheduleTask({
    id: OBSERVED_CATALOG_FULL_SYNC_TASK_ID,
    scope: 'global',
    ...settings.catalogSync.full.schedule,
    fn: async () => {
      const startedAt = Date.now();
      const started = performance.now();
      const entities = await readAllEntities(
        catalog,
        {
          filter: { kind: DATA_PRODUCT_KIND },
          fields: PRODUCT_FIELDS,
          orderFields: { field: 'metadata.name', order: 'asc' },
        },
        await auth.getOwnServiceCredentials(),
      );
      const result = await store.applyCatalog(
        entities.map(e => catalogProduct(e, matching)),
      );
      const durationMs = Math.round(performance.now() - started);
      await store.recordTaskRun(OBSERVED_CATALOG_FULL_SYNC_TASK_ID, startedAt, {
        runner,
        ...result,
        durationMs,
      });
      logger.info(
        `Observed catalog full sync: ${result.products} data products read in full, ` +
          `${result.changed} changed, ${result.removed} removed, observed lineage of ` +
          `${result.remappedJobs} jobs mapped again, in ${durationMs} ms`,
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
