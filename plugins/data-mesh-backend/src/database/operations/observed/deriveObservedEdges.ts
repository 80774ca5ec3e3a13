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
import { datasetNode, jobMatchKey, jobNode } from '../../../observed/naming';
import {
  TABLES,
  type DbBindingRow,
  type DbEdgeRow,
  type DbIoRow,
  type DbJobRow,
} from '../../tables';
import { chunks, compare, greatest, least, mergeRaw, num } from '../../util';

/*
 * Observed lineage edges, derived from which job read and wrote which dataset
 * (data_mesh_ol_io) and which product a job or dataset belongs to
 * (data_mesh_lineage_bindings, from the catalog):
 *
 * - a job belongs to the products its annotations name and the products whose output
 *   port locations it wrote; a job that belongs to none is a node of its own
 *   (`ol-job:...`, e.g. a consumer outside the mesh);
 * - a dataset belongs to the products whose output port location it matches; one that
 *   belongs to none is a node of its own (`ol-dataset:...`);
 * - a job that read dataset D gives the edge owner(D) -> node(job); a job that wrote D
 *   gives node(job) -> owner(D), unless the job belongs to D's product (a product
 *   writing its own output is no edge).
 *
 * Edges are upserted: `observed` set, first/last seen widened. A job's edges are derived
 * from all its io every time, so the order events arrive in does not matter.
 */

/** An io row with its times as numbers. */
interface IoRow extends DbIoRow {
  first_at: number;
  last_at: number;
}

interface EdgeRow {
  source: string;
  target: string;
  first: number;
  last: number;
}

/** Products owning each dataset, through the dataset's match keys. */
async function datasetOwners(
  trx: Knex,
  datasetIds: string[],
): Promise<Map<string, Set<string>>> {
  const owners = new Map<string, Set<string>>();
  for (const chunk of chunks(datasetIds, 500)) {
    const rows: Array<{ dataset_id: string; product_ref: string }> = await trx(
      `${TABLES.datasetKeys} as k`,
    )
      .join(`${TABLES.bindings} as b`, 'b.match_key', 'k.match_key')
      .whereIn('k.dataset_id', chunk)
      .select('k.dataset_id as dataset_id', 'b.product_ref as product_ref');
    for (const r of rows) {
      if (!owners.has(r.dataset_id)) owners.set(r.dataset_id, new Set());
      owners.get(r.dataset_id)!.add(r.product_ref);
    }
  }
  return owners;
}

/** Derives and upserts the observed edges of the given jobs from all their io. */
export async function deriveObservedEdges(trx: Knex, jobIds: string[]) {
  const ids = [...new Set(jobIds)].sort();
  for (const chunk of chunks(ids, 500)) {
    const io: IoRow[] = (
      await trx<DbIoRow>(TABLES.io)
        .whereIn('job_id', chunk)
        .select('job_id', 'direction', 'dataset_id', 'first_at', 'last_at')
    ).map(r => ({ ...r, first_at: num(r.first_at), last_at: num(r.last_at) }));

    const jobProducts = new Map<string, Set<string>>();
    const add = (job: string, product: string) => {
      if (!jobProducts.has(job)) jobProducts.set(job, new Set());
      jobProducts.get(job)!.add(product);
    };
    const bound = await trx<DbBindingRow>(TABLES.bindings)
      .whereIn('match_key', chunk.map(jobMatchKey))
      .select('match_key', 'product_ref');
    const byKey = new Map(chunk.map(id => [jobMatchKey(id), id]));
    for (const b of bound) add(byKey.get(b.match_key)!, b.product_ref);

    const owners = await datasetOwners(trx, [
      ...new Set(io.map(r => r.dataset_id)),
    ]);
    for (const r of io) {
      if (r.direction === 'out') {
        for (const p of owners.get(r.dataset_id) ?? []) add(r.job_id, p);
      }
    }

    const edges = new Map<string, EdgeRow>();
    const addEdge = (source: string, target: string, r: IoRow) => {
      if (source === target) return;
      const key = `${source}\u0000${target}`;
      const e = edges.get(key);
      if (e) {
        e.first = Math.min(e.first, r.first_at);
        e.last = Math.max(e.last, r.last_at);
      } else {
        edges.set(key, { source, target, first: r.first_at, last: r.last_at });
      }
    };
    const mappedJobNodes: string[] = [];
    for (const r of io) {
      const products = jobProducts.get(r.job_id);
      const jobNodes = products?.size ? [...products] : [jobNode(r.job_id)];
      const dsOwners = owners.get(r.dataset_id);
      const dsNodes = dsOwners?.size
        ? [...dsOwners]
        : [datasetNode(r.dataset_id)];
      if (r.direction === 'in') {
        for (const s of dsNodes) for (const t of jobNodes) addEdge(s, t, r);
      } else {
        for (const t of dsNodes) {
          if (jobNodes.includes(t)) continue;
          for (const s of jobNodes) addEdge(s, t, r);
        }
      }
    }
    for (const id of chunk) {
      if (jobProducts.get(id)?.size) mappedJobNodes.push(jobNode(id));
    }

    // A job that now belongs to a product is no node of its own any more.
    for (const nodes of chunks(mappedJobNodes, 250)) {
      await trx(TABLES.edges)
        .where('declared', false)
        .andWhere(q => q.whereIn('source', nodes).orWhereIn('target', nodes))
        .delete();
    }

    const rows = [...edges.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, v]) => v);
    for (const part of chunks(rows, 400)) {
      await trx<DbEdgeRow>(TABLES.edges)
        .insert(
          part.map(
            (e): DbEdgeRow => ({
              source: e.source,
              target: e.target,
              declared: false,
              observed: true,
              observed_first_at: e.first,
              observed_last_at: e.last,
            }),
          ),
        )
        .onConflict(['source', 'target'])
        .merge({
          observed: true,
          ...mergeRaw<DbEdgeRow>({
            observed_first_at: trx.raw(
              least(
                trx,
                `COALESCE(${TABLES.edges}.observed_first_at, excluded.observed_first_at)`,
                'excluded.observed_first_at',
              ),
            ),
            observed_last_at: trx.raw(
              greatest(
                trx,
                `COALESCE(${TABLES.edges}.observed_last_at, excluded.observed_last_at)`,
                'excluded.observed_last_at',
              ),
            ),
          }),
        });
    }
  }
}

/**
 * Derives every observed edge again, e.g. after the catalog bindings changed: observed
 * marks are cleared and rebuilt in the caller's transaction, so readers never see a
 * half-built graph.
 */
export async function recomputeObservedEdges(trx: Knex) {
  await trx(TABLES.edges).where('observed', true).update({
    observed: false,
    observed_first_at: null,
    observed_last_at: null,
  });
  await trx(TABLES.edges).where({ declared: false, observed: false }).delete();
  let after = '';
  for (;;) {
    const jobs: string[] = (
      await trx<DbJobRow>(TABLES.jobs)
        .where('job_id', '>', after)
        .orderBy('job_id')
        .limit(1000)
        .select('job_id')
    ).map(r => r.job_id);
    if (jobs.length === 0) break;
    await deriveObservedEdges(trx, jobs);
    after = jobs[jobs.length - 1];
  }
}
