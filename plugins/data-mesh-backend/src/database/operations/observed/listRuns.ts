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

import type {
  ObservedDatasetRef,
  ObservedRun,
  ObservedRunState,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { iso } from '../../../lib/time';
import {
  TABLES,
  type DbDatasetRow,
  type DbJobRow,
  type DbRunDatasetRow,
  type DbRunRow,
} from '../../tables';
import { beforeKey, num } from '../../util';
import { noRuns, whereProductRuns, type ProductRuns } from './productRuns';

/** Where a page of runs ends: the last run's start time and id. */
export type RunsPageKey = [startedAt: number, runId: string];

type RunWithJob = DbRunRow & { job_namespace: string; job_name: string };
type RunDataset = Pick<DbRunDatasetRow, 'run_id' | 'direction'> &
  Pick<DbDatasetRow, 'namespace' | 'name'>;

/** A page of the runs that count for a product (productRuns.ts), newest first; `next` is where the next one starts. */
export async function listRuns(
  db: Knex,
  runs: ProductRuns,
  options: { limit: number; after?: RunsPageKey },
): Promise<{ items: ObservedRun[]; next?: RunsPageKey }> {
  if (noRuns(runs)) return { items: [] };
  const query = whereProductRuns(
    db<DbRunRow>(`${TABLES.runs} as r`).join<DbJobRow>(
      `${TABLES.jobs} as j`,
      'j.job_id',
      'r.job_id',
    ),
    runs,
    { job: 'r.job_id', outputSet: 'r.output_set' },
  )
    .orderBy([
      { column: 'r.started_at', order: 'desc' },
      { column: 'r.run_id', order: 'desc' },
    ])
    .limit(options.limit + 1)
    .select('r.*', 'j.namespace as job_namespace', 'j.name as job_name');
  const rows = (await beforeKey(
    query,
    ['r.started_at', 'r.run_id'],
    options.after,
  )) as unknown as RunWithJob[];
  const page = rows.slice(0, options.limit);
  const datasets = new Map<
    string,
    { in: ObservedDatasetRef[]; out: ObservedDatasetRef[] }
  >();
  if (page.length) {
    const ds: RunDataset[] = await db(`${TABLES.runDatasets} as rd`)
      .join(`${TABLES.datasets} as d`, 'd.dataset_id', 'rd.dataset_id')
      .whereIn(
        'rd.run_id',
        page.map(r => r.run_id),
      )
      .orderBy(['rd.run_id', 'rd.direction', 'rd.dataset_id'])
      .select('rd.run_id', 'rd.direction', 'd.namespace', 'd.name');
    for (const d of ds) {
      if (!datasets.has(d.run_id)) datasets.set(d.run_id, { in: [], out: [] });
      datasets.get(d.run_id)![d.direction as 'in' | 'out'].push({
        namespace: d.namespace,
        name: d.name,
      });
    }
  }
  const items: ObservedRun[] = page.map(r => ({
    runId: r.run_id,
    job: { namespace: r.job_namespace, name: r.job_name },
    state: r.state as ObservedRunState,
    startedAt: iso(num(r.started_at)),
    ...(r.ended_at !== null ? { endedAt: iso(num(r.ended_at)) } : {}),
    lastEventAt: iso(num(r.last_event_at)),
    eventCount: num(r.event_count),
    sentBy: r.sent_by,
    inputs: datasets.get(r.run_id)?.in ?? [],
    outputs: datasets.get(r.run_id)?.out ?? [],
  }));
  const last = page[page.length - 1];
  return {
    items,
    ...(rows.length > options.limit
      ? { next: [num(last.started_at), last.run_id] as RunsPageKey }
      : {}),
  };
}
