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
import { datasetNode, jobNode } from '../../../observed/naming';
import {
  TABLES,
  type DbDatasetKeyRow,
  type DbEdgeRow,
  type DbIoRow,
  type DbJobRow,
  type DbStaticIoRow,
} from '../../tables';
import { chunks } from '../../util';
import {
  deriveObservedEdges,
  deriveStaticEdges,
  recomputeObservedEdges,
} from './deriveObservedEdges';

/** What changed in the bindings, for {@link remapObservedEdges}. */
export interface RemapScope {
  /** The products whose bindings changed. */
  products: string[];
  /** Their dataset match keys, before and after. */
  datasetKeys: string[];
  /** The job ids their annotations named, before and after. */
  jobIds: string[];
}

/** What {@link remapObservedEdges} did. */
export interface RemapResult {
  /** Jobs whose observed and static edges were derived again. */
  jobs: number;
  /** Whether the whole graph was derived again (most jobs were affected). */
  all: boolean;
}

// Below this many affected jobs the edges are always mapped again in part.
const PARTIAL_UP_TO = 1000;

/**
 * Maps observed and static lineage again after some products' bindings changed, only
 * where they can change. An edge of a changed product P comes from a job acting for P
 * (named by P's annotations, or writing one of P's datasets) or reading or writing one of
 * P's datasets; an edge of a dataset's own node from a job with io on it; an edge of a
 * job's own node from that job. So with D the datasets matching P's keys (old or new) and
 * J the jobs P's annotations name plus those with io on D, the edges touching P, D's
 * nodes and J's nodes lose their observed and static marks and J's edges are derived
 * again from all their io: the same graph as deriving every job again
 * (recomputeObservedEdges), which is done instead when most jobs are affected. In the
 * caller's transaction.
 */
export async function remapObservedEdges(
  trx: Knex,
  scope: RemapScope,
): Promise<RemapResult> {
  const datasets = new Set<string>();
  for (const part of chunks([...new Set(scope.datasetKeys)], 500)) {
    const rows: Array<Pick<DbDatasetKeyRow, 'dataset_id'>> =
      await trx<DbDatasetKeyRow>(TABLES.datasetKeys)
        .whereIn('match_key', part)
        .distinct('dataset_id');
    for (const r of rows) datasets.add(r.dataset_id);
  }
  const jobs = new Set(scope.jobIds);
  // data_mesh_ol_io holds every (job, direction, dataset) of the per-set io.
  for (const part of chunks([...datasets], 500)) {
    for (const table of [TABLES.io, TABLES.staticIo]) {
      const rows: Array<Pick<DbIoRow | DbStaticIoRow, 'job_id'>> = await trx(
        table,
      )
        .whereIn('dataset_id', part)
        .distinct('job_id');
      for (const r of rows) jobs.add(r.job_id);
    }
  }
  if (jobs.size > PARTIAL_UP_TO) {
    const total = Number(
      (await trx<DbJobRow>(TABLES.jobs).count({ n: '*' }).first())?.n ?? 0,
    );
    if (jobs.size * 2 > total) {
      await recomputeObservedEdges(trx);
      return { jobs: total, all: true };
    }
  }

  const nodes = [
    ...new Set(scope.products),
    ...[...datasets].map(datasetNode),
    ...[...jobs].map(jobNode),
  ];
  for (const part of chunks(nodes, 250)) {
    const touching = (q: Knex.QueryBuilder) =>
      q.whereIn('source', part).orWhereIn('target', part);
    await trx<DbEdgeRow>(TABLES.edges)
      .where(touching)
      .andWhere(q => q.where('observed', true).orWhere('static', true))
      .update({
        observed: false,
        observed_first_at: null,
        observed_last_at: null,
        static: false,
        static_last_at: null,
      });
    await trx<DbEdgeRow>(TABLES.edges)
      .where(touching)
      .andWhere({ declared: false, observed: false, static: false })
      .delete();
  }
  const ids = [...jobs].sort();
  await deriveObservedEdges(trx, ids);
  await deriveStaticEdges(trx, ids);
  return { jobs: ids.length, all: false };
}
