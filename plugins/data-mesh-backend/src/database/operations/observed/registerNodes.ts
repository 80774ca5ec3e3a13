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
import {
  datasetId,
  datasetMatchKeys,
  jobId,
  symlinkIdentifiers,
} from '../../../observed/naming';
import type { OpenLineageDataset } from '../../../observed/openlineage';
import {
  TABLES,
  type DbBindingRow,
  type DbDatasetKeyRow,
  type DbDatasetRow,
  type DbJobRow,
} from '../../tables';
import { chunks, compare } from '../../util';
import { insertValues } from './insertValues';
import { remapObservedEdges } from './remapObservedEdges';

/*
 * The jobs and datasets an event names, registered as a RunEvent's are: a dataset row
 * (data_mesh_ol_datasets, id from naming.ts) with its match keys (data_mesh_ol_dataset_keys,
 * including those of its `symlinks` facet), and a job row (data_mesh_ol_jobs). Existing
 * rows are left as they are; a match key that is new (a symlink sent later) is added.
 *
 * A new match key that a product's binding names changes which product owns the dataset,
 * so the edges of the jobs with io on it are mapped again (mapNewMatchKeys); one that no
 * binding names changes nothing.
 */

const sorted = <V>(m: Map<string, V>) =>
  [...m.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);

/** Registers datasets and their match keys; returns the ids, in the order given. */
export async function registerDatasets(
  db: Knex,
  datasets: OpenLineageDataset[],
): Promise<string[]> {
  const rows = new Map<string, DbDatasetRow>();
  const keys = new Map<string, DbDatasetKeyRow>();
  const ids = datasets.map(ds => {
    const id = datasetId(ds.namespace, ds.name);
    rows.set(id, { dataset_id: id, namespace: ds.namespace, name: ds.name });
    for (const key of datasetMatchKeys(
      ds.namespace,
      ds.name,
      symlinkIdentifiers(ds),
    )) {
      keys.set(`${key}\u0000${id}`, { match_key: key, dataset_id: id });
    }
    return id;
  });
  await insertValues(db, TABLES.datasets, sorted(rows), {
    conflict: ['dataset_id'],
  });
  const added = await insertValues(db, TABLES.datasetKeys, sorted(keys), {
    conflict: ['match_key', 'dataset_id'],
    returning: ['match_key'],
  });
  await mapNewMatchKeys(
    db,
    added.map(r => r.match_key as string),
  );
  return ids;
}

/**
 * Maps observed and static edges again where datasets' new match keys (just inserted)
 * make a product own them: only keys a binding names can change an owner. An owner more
 * only adds edges, but for those of the datasets' own nodes and of the own nodes of the
 * jobs with io on them, so the product's other edges stay (remapObservedEdges with these
 * keys alone).
 */
export async function mapNewMatchKeys(db: Knex, matchKeys: string[]) {
  const bound = new Set<string>();
  for (const part of chunks([...new Set(matchKeys)].sort(compare), 500)) {
    const rows: Array<Pick<DbBindingRow, 'match_key'>> = await db<DbBindingRow>(
      TABLES.bindings,
    )
      .whereIn('match_key', part)
      .distinct('match_key');
    for (const r of rows) bound.add(r.match_key);
  }
  if (bound.size === 0) return;
  await remapObservedEdges(db, {
    products: [],
    datasetKeys: [...bound].sort(compare),
    jobIds: [],
  });
}

/** Registers jobs; returns their ids, in the order given. */
export async function registerJobs(
  db: Knex,
  jobs: Array<{ namespace: string; name: string }>,
): Promise<string[]> {
  const rows = new Map<string, DbJobRow>();
  const ids = jobs.map(j => {
    const id = jobId(j.namespace, j.name);
    rows.set(id, { job_id: id, namespace: j.namespace, name: j.name });
    return id;
  });
  await insertValues(db, TABLES.jobs, sorted(rows), { conflict: ['job_id'] });
  return ids;
}
