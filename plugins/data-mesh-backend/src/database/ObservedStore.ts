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

import type { Knex } from 'knex';
import type {
  ParsedDatasetEvent,
  ParsedJobEvent,
  ParsedLineageEvent,
  ParsedRunEvent,
} from '../observed/openlineage';
import { jobId } from '../observed/naming';
import type { ProductMapping } from '../observed/productMapping';
import { applyCatalog } from './operations/observed/applyCatalog';
import {
  applyCatalogChanges,
  type CatalogProduct,
} from './operations/observed/applyCatalogChanges';
import { countTerminalRuns } from './operations/observed/countTerminalRuns';
import { describeNodes } from './operations/observed/describeNodes';
import {
  ingestObservations,
  type ObservationInput,
} from './operations/observed/ingestObservations';
import { ingestDatasetEvents } from './operations/observed/ingestDatasetEvents';
import { ingestJobEvents } from './operations/observed/ingestJobEvents';
import { ingestRunEvents } from './operations/observed/ingestRunEvents';
import { deriveStaticEdges } from './operations/observed/deriveObservedEdges';
import { listEdges } from './operations/observed/listEdges';
import { listCatalogSignatures } from './operations/observed/listCatalogSignatures';
import {
  listObservations,
  type ObservationsPageKey,
} from './operations/observed/listObservations';
import {
  listPortDatasets,
  listProductDatasets,
} from './operations/observed/listProductDatasets';
import { listProductJobs } from './operations/observed/listProductJobs';
import { listColumnLineage } from './operations/observed/listColumnLineage';
import {
  readProductRuns,
  type ProductRuns,
} from './operations/observed/productRuns';
import { listRuns, type RunsPageKey } from './operations/observed/listRuns';
import { listTaskRuns } from './operations/observed/listTaskRuns';
import { prune } from './operations/observed/prune';
import {
  readSloData,
  type ReadSloDataOptions,
} from './operations/observed/readSloData';
import { recordTaskRun } from './operations/observed/recordTaskRun';

/**
 * Observed reality: OpenLineage runs, measured values, lineage. Keeps no state in memory,
 * so any number of backend replicas can share one database. Each method is one operation
 * of database/operations/observed/.
 */
export class ObservedStore {
  constructor(readonly db: Knex) {}

  ingestRunEvents(events: ParsedRunEvent[], sentBy: string, now = Date.now()) {
    return ingestRunEvents(this.db, events, sentBy, now);
  }

  /**
   * Stores OpenLineage events of every kind (RunEvent, DatasetEvent, JobEvent) in one
   * transaction: all of them or none.
   */
  async ingestLineageEvents(
    events: ParsedLineageEvent[],
    sentBy: string,
    now = Date.now(),
  ): Promise<{ stored: number; duplicates: number }> {
    const runs = events.filter(
      (e): e is ParsedRunEvent => e.kind === 'RunEvent',
    );
    const datasets = events.filter(
      (e): e is ParsedDatasetEvent => e.kind === 'DatasetEvent',
    );
    const jobs = events.filter(
      (e): e is ParsedJobEvent => e.kind === 'JobEvent',
    );
    if (runs.length === events.length) {
      return ingestRunEvents(this.db, runs, sentBy, now);
    }
    return this.db.transaction(async trx => {
      const results = [
        runs.length ? await ingestRunEvents(trx, runs, sentBy, now) : undefined,
        datasets.length
          ? await ingestDatasetEvents(trx, datasets, sentBy, now)
          : undefined,
        jobs.length ? await ingestJobEvents(trx, jobs, sentBy, now) : undefined,
      ];
      if (jobs.length) {
        // Static lineage: the edges the stored JobEvents' inputs and outputs give.
        await deriveStaticEdges(
          trx,
          jobs.map(j => jobId(j.event.job.namespace, j.event.job.name)),
        );
      }
      return results.reduce(
        (sum: { stored: number; duplicates: number }, r) =>
          r
            ? {
                stored: sum.stored + r.stored,
                duplicates: sum.duplicates + r.duplicates,
              }
            : sum,
        { stored: 0, duplicates: 0 },
      );
    });
  }

  ingestObservations(
    items: ObservationInput[],
    sentBy: string,
    now = Date.now(),
  ) {
    return ingestObservations(this.db, items, sentBy, now);
  }

  /** The ids of the datasets matching a product's output port locations. */
  datasetIdsOf(mapping: ProductMapping) {
    return listProductDatasets(this.db, mapping);
  }

  /** The product's jobs: those its annotations name, and those that wrote its datasets. */
  jobIdsOf(mapping: ProductMapping, datasetIds: string[]) {
    return listProductJobs(this.db, mapping, datasetIds);
  }

  /** Which runs count for the product (see productRuns.ts). */
  runsOf(mapping: ProductMapping, datasetIds: string[]) {
    return readProductRuns(this.db, mapping, datasetIds);
  }

  listRuns(runs: ProductRuns, options: { limit: number; after?: RunsPageKey }) {
    return listRuns(this.db, runs, options);
  }

  /** The datasets each output port location of the product matches. */
  portDatasetsOf(mapping: ProductMapping) {
    return listPortDatasets(this.db, mapping);
  }

  /** The column lineage of output datasets. */
  columnLineageOf(datasetIds: string[]) {
    return listColumnLineage(this.db, datasetIds);
  }

  listObservations(
    subjects: string[],
    options: { limit: number; indicator?: string; after?: ObservationsPageKey },
  ) {
    return listObservations(this.db, subjects, options);
  }

  sloData(options: ReadSloDataOptions) {
    return readSloData(this.db, options);
  }

  countTerminalRuns(runs: ProductRuns, since: number) {
    return countTerminalRuns(this.db, runs, since);
  }

  /** The edges into (upstream) or out of (downstream) the given nodes. */
  edgesOf(nodes: string[], direction: 'upstream' | 'downstream') {
    return listEdges(this.db, nodes, direction);
  }

  describeNodes(datasetIds: string[], jobIds: string[]) {
    return describeNodes(this.db, datasetIds, jobIds);
  }

  /** The full catalog sync: every product the catalog holds. */
  applyCatalog(products: CatalogProduct[], now = Date.now()) {
    return applyCatalog(this.db, products, now);
  }

  /** The incremental catalog sync: new and changed products, and removed ones. */
  applyCatalogChanges(
    changes: { products: CatalogProduct[]; removed: string[] },
    now = Date.now(),
  ) {
    return applyCatalogChanges(this.db, changes, now);
  }

  /** What the catalog sync applied of each product (product node to signature). */
  catalogSignatures() {
    return listCatalogSignatures(this.db);
  }

  prune(options: { rawBefore: number; aggregateBefore: number }) {
    return prune(this.db, options);
  }

  recordTaskRun(taskId: string, startedAt: number, summary: object) {
    return recordTaskRun(this.db, {
      taskId,
      startedAt,
      finishedAt: Date.now(),
      summary,
    });
  }

  taskRuns(taskId: string) {
    return listTaskRuns(this.db, taskId);
  }
}
