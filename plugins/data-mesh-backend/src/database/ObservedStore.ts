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
import type { ParsedRunEvent } from '../observed/openlineage';
import type { ProductMapping } from '../observed/productMapping';
import { applyCatalog } from './operations/observed/applyCatalog';
import { countTerminalRuns } from './operations/observed/countTerminalRuns';
import { describeNodes } from './operations/observed/describeNodes';
import {
  ingestObservations,
  type ObservationInput,
} from './operations/observed/ingestObservations';
import { ingestRunEvents } from './operations/observed/ingestRunEvents';
import { listEdges } from './operations/observed/listEdges';
import {
  listObservations,
  type ObservationsPageKey,
} from './operations/observed/listObservations';
import { listProductDatasets } from './operations/observed/listProductDatasets';
import { listProductJobs } from './operations/observed/listProductJobs';
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

  listRuns(jobIds: string[], options: { limit: number; after?: RunsPageKey }) {
    return listRuns(this.db, jobIds, options);
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

  countTerminalRuns(jobIds: string[], since: number) {
    return countTerminalRuns(this.db, jobIds, since);
  }

  /** The edges into (upstream) or out of (downstream) the given nodes. */
  edgesOf(nodes: string[], direction: 'upstream' | 'downstream') {
    return listEdges(this.db, nodes, direction);
  }

  describeNodes(datasetIds: string[], jobIds: string[]) {
    return describeNodes(this.db, datasetIds, jobIds);
  }

  applyCatalog(mappings: ProductMapping[], now = Date.now()) {
    return applyCatalog(this.db, mappings, now);
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
