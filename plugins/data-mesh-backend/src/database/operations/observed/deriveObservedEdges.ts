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
  type DbJobRow,
  type DbSetIoRow,
  type DbStaticIoRow,
} from '../../tables';
import { chunks, compare, greatest, least, mergeRaw, num } from '../../util';
import { insertValues } from './insertValues';

/*
 * Observed lineage edges, derived per run rather than per job: from what the runs of a
 * job with one output set read and wrote (data_mesh_ol_set_io; a run's output set is
 * all it wrote) and which product a job or dataset belongs to
 * (data_mesh_lineage_bindings, from the catalog):
 *
 * - a dataset belongs to the products whose output port location it matches (through
 *   its own name, its symlinks or, with caseInsensitive, its folded name); one that
 *   belongs to none is a node of its own (`ol-dataset:...`);
 * - the runs of job J with output set S act for the products J's annotations name and
 *   the products owning a dataset of S; runs that wrote nothing (S = '') act for all of
 *   J's products (annotated, or owning any dataset J ever wrote). Runs acting for no
 *   product are the job's own node (`ol-job:...`, e.g. a consumer outside the mesh);
 * - what those runs read (D) gives the edge owner(D) -> each node they act for; what
 *   they wrote gives node -> owner(D), unless the node is D's product (a product writing
 *   its own output is no edge).
 *
 * So a job whose runs write different products' tables (Airflow dynamic task mapping, a
 * Spark application with a fixed name) links each product only to what its own runs
 * read. Edges are upserted: `observed` set, first/last seen widened. A job's edges are
 * a function of all its io (and of the bindings and match keys), so the order events
 * arrive in does not matter. At ingest (updateObservedEdges) they are derived again only
 * for jobs whose io shape changed; for the others the same edges would come out, so
 * only their times are widened. Whatever changes bindings derives the jobs it affects
 * again (remapObservedEdges), as do new match keys of a dataset (registerDatasets).
 *
 * Static edges (deriveStaticEdges) are derived the same way, per job, from the inputs
 * and outputs JobEvents declare (data_mesh_ol_static_io), and marked `static`.
 */

/** An io row (data_mesh_ol_set_io) with its times as numbers. */
export interface ObservedIoRow {
  job_id: string;
  output_set: string;
  direction: string;
  dataset_id: string;
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

/** The products each job's annotations name. */
async function annotatedProducts(
  trx: Knex,
  jobIds: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const byKey = new Map(jobIds.map(id => [jobMatchKey(id), id]));
  for (const part of chunks([...byKey.keys()], 500)) {
    const bound = await trx<DbBindingRow>(TABLES.bindings)
      .whereIn('match_key', part)
      .select('match_key', 'product_ref');
    for (const b of bound) {
      const job = byKey.get(b.match_key)!;
      if (!out.has(job)) out.set(job, new Set());
      out.get(job)!.add(b.product_ref);
    }
  }
  return out;
}

/**
 * The edges of io rows grouped by job and output set; `nodesOf` gives the nodes a
 * group acts for.
 */
function edgesOf(
  io: ObservedIoRow[],
  owners: Map<string, Set<string>>,
  nodesOf: (job: string, set: string) => string[],
): Map<string, EdgeRow> {
  const edges = new Map<string, EdgeRow>();
  const addEdge = (source: string, target: string, r: ObservedIoRow) => {
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
  for (const r of io) {
    const nodes = nodesOf(r.job_id, r.output_set);
    const dsOwners = owners.get(r.dataset_id);
    const dsNodes = dsOwners?.size
      ? [...dsOwners]
      : [datasetNode(r.dataset_id)];
    if (r.direction === 'in') {
      for (const s of dsNodes) for (const t of nodes) addEdge(s, t, r);
    } else {
      for (const t of dsNodes) {
        if (nodes.includes(t)) continue;
        for (const s of nodes) addEdge(s, t, r);
      }
    }
  }
  return edges;
}

const sorted = (edges: Map<string, EdgeRow>) =>
  [...edges.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);

/** The io rows of the given jobs, as stored. */
export async function readObservedIo(
  trx: Knex,
  jobIds: string[],
): Promise<ObservedIoRow[]> {
  const out: ObservedIoRow[] = [];
  for (const chunk of chunks([...new Set(jobIds)].sort(), 500)) {
    const rows = await trx<DbSetIoRow>(TABLES.setIo)
      .whereIn('job_id', chunk)
      .select(
        'job_id',
        'output_set',
        'direction',
        'dataset_id',
        'first_at',
        'last_at',
      );
    for (const r of rows) {
      out.push({ ...r, first_at: num(r.first_at), last_at: num(r.last_at) });
    }
  }
  return out;
}

/**
 * The nodes the runs of each job and output set act for, given all the io of the jobs,
 * and the products owning each dataset of that io.
 */
async function actorsOf(trx: Knex, jobIds: string[], io: ObservedIoRow[]) {
  const annotated = await annotatedProducts(trx, jobIds);
  const owners = await datasetOwners(trx, [
    ...new Set(io.map(r => r.dataset_id)),
  ]);
  const setProducts = new Map<string, Set<string>>();
  const jobProducts = new Map<string, Set<string>>();
  const addTo = (m: Map<string, Set<string>>, key: string, p: string) => {
    if (!m.has(key)) m.set(key, new Set());
    m.get(key)!.add(p);
  };
  for (const [job, products] of annotated) {
    for (const p of products) addTo(jobProducts, job, p);
  }
  for (const r of io) {
    const key = `${r.job_id}\u0000${r.output_set}`;
    for (const p of annotated.get(r.job_id) ?? []) addTo(setProducts, key, p);
    if (r.direction === 'out') {
      for (const p of owners.get(r.dataset_id) ?? []) {
        addTo(setProducts, key, p);
        addTo(jobProducts, r.job_id, p);
      }
    }
  }
  const nodesOf = (job: string, set: string) => {
    const products =
      set === '' ? jobProducts.get(job) : setProducts.get(`${job}\u0000${set}`);
    return products?.size ? [...products] : [jobNode(job)];
  };
  return { owners, nodesOf };
}

/**
 * Edges of the jobs' own nodes are derived again: those of runs now acting for a
 * product go (static ones stay static).
 */
async function clearOwnNodeEdges(trx: Knex, jobIds: string[]) {
  for (const nodes of chunks(jobIds.map(jobNode), 250)) {
    const touching = (q: Knex.QueryBuilder) =>
      q.whereIn('source', nodes).orWhereIn('target', nodes);
    await trx(TABLES.edges)
      .where('declared', false)
      .andWhere('static', false)
      .andWhere(touching)
      .delete();
    await trx(TABLES.edges)
      .where('declared', false)
      .andWhere('static', true)
      .andWhere(touching)
      .update({
        observed: false,
        observed_first_at: null,
        observed_last_at: null,
      });
  }
}

/** Upserts observed edges: `observed` set, first/last seen widened. */
async function upsertObservedEdges(trx: Knex, edges: Map<string, EdgeRow>) {
  await insertValues(
    trx,
    TABLES.edges,
    sorted(edges).map(
      (e): DbEdgeRow => ({
        source: e.source,
        target: e.target,
        declared: false,
        observed: true,
        observed_first_at: e.first,
        observed_last_at: e.last,
        static: false,
      }),
    ),
    {
      conflict: ['source', 'target'],
      onConflict: {
        observed: 'excluded.observed',
        observed_first_at: least(
          trx,
          `COALESCE(${TABLES.edges}.observed_first_at, excluded.observed_first_at)`,
          'excluded.observed_first_at',
        ),
        observed_last_at: greatest(
          trx,
          `COALESCE(${TABLES.edges}.observed_last_at, excluded.observed_last_at)`,
          'excluded.observed_last_at',
        ),
      },
    },
  );
}

/** Derives and upserts the observed edges of the given jobs from all their io. */
export async function deriveObservedEdges(trx: Knex, jobIds: string[]) {
  const ids = [...new Set(jobIds)].sort();
  for (const chunk of chunks(ids, 500)) {
    const io = await readObservedIo(trx, chunk);
    const { owners, nodesOf } = await actorsOf(trx, chunk, io);
    await clearOwnNodeEdges(trx, chunk);
    await upsertObservedEdges(trx, edgesOf(io, owners, nodesOf));
  }
}

/** What an ingest changed in the io of some jobs (see updateObservedEdges). */
export interface ObservedIoChange {
  /** All io rows of the jobs, as stored after the ingest. */
  io: ObservedIoRow[];
  /** The rows the ingest brought, with the times it brought. */
  seen: ObservedIoRow[];
  /**
   * Jobs whose edges are derived again from all their io: their io shape (the set of
   * (output set, direction, dataset)) changed, or a dataset of their io got a new
   * match key.
   */
  reshaped: Set<string>;
  /** Jobs stored for the first time by this ingest: no edge has their own node yet. */
  newJobs: Set<string>;
}

/**
 * Brings the observed edges of jobs up to date after an ingest, with what
 * deriveObservedEdges would give for them: a reshaped job's edges are derived again
 * from all its io; any other job derives the same edges as before, so only their
 * first/last seen are widened by the times this ingest brought (in the same upsert).
 */
export async function updateObservedEdges(trx: Knex, change: ObservedIoChange) {
  const { io, seen, reshaped, newJobs } = change;
  if (seen.length === 0) return;
  const jobs = [...new Set(seen.map(r => r.job_id))].sort(compare);
  const { owners, nodesOf } = await actorsOf(trx, jobs, io);
  await clearOwnNodeEdges(
    trx,
    jobs.filter(j => reshaped.has(j) && !newJobs.has(j)),
  );
  await upsertObservedEdges(
    trx,
    edgesOf(
      [
        ...io.filter(r => reshaped.has(r.job_id)),
        ...seen.filter(r => !reshaped.has(r.job_id)),
      ],
      owners,
      nodesOf,
    ),
  );
}

/**
 * Derives and upserts the static edges of the given jobs from the inputs and outputs
 * their JobEvents declare (data_mesh_ol_static_io), as observed edges are derived per
 * job: a job acts for the products its annotations name and those owning a dataset it
 * is declared (or was seen) to write. Call it after storing JobEvents.
 */
export async function deriveStaticEdges(trx: Knex, jobIds: string[]) {
  const ids = [...new Set(jobIds)].sort();
  for (const chunk of chunks(ids, 500)) {
    const io: ObservedIoRow[] = (
      await trx<DbStaticIoRow>(TABLES.staticIo)
        .whereIn('job_id', chunk)
        .select('job_id', 'direction', 'dataset_id', 'first_at', 'last_at')
    ).map(r => ({
      ...r,
      output_set: '',
      first_at: num(r.first_at),
      last_at: num(r.last_at),
    }));
    if (io.length === 0) continue;
    const annotated = await annotatedProducts(trx, chunk);
    const written: Array<{ job_id: string; dataset_id: string }> = await trx(
      TABLES.io,
    )
      .whereIn('job_id', chunk)
      .andWhere('direction', 'out')
      .select('job_id', 'dataset_id');
    const owners = await datasetOwners(trx, [
      ...new Set([
        ...io.map(r => r.dataset_id),
        ...written.map(r => r.dataset_id),
      ]),
    ]);
    const jobProducts = new Map<string, Set<string>>(
      [...annotated].map(([j, p]) => [j, new Set(p)]),
    );
    const outs = [...io.filter(r => r.direction === 'out'), ...written];
    for (const r of outs) {
      for (const p of owners.get(r.dataset_id) ?? []) {
        if (!jobProducts.has(r.job_id)) jobProducts.set(r.job_id, new Set());
        jobProducts.get(r.job_id)!.add(p);
      }
    }
    const edges = edgesOf(io, owners, job => {
      const products = jobProducts.get(job);
      return products?.size ? [...products] : [jobNode(job)];
    });
    for (const part of chunks(sorted(edges), 400)) {
      await trx<DbEdgeRow>(TABLES.edges)
        .insert(
          part.map(
            (e): DbEdgeRow => ({
              source: e.source,
              target: e.target,
              declared: false,
              observed: false,
              static: true,
              static_last_at: e.last,
            }),
          ),
        )
        .onConflict(['source', 'target'])
        .merge({
          static: true,
          ...mergeRaw<DbEdgeRow>({
            static_last_at: trx.raw(
              greatest(
                trx,
                `COALESCE(${TABLES.edges}.static_last_at, excluded.static_last_at)`,
                'excluded.static_last_at',
              ),
            ),
          }),
        });
    }
  }
}

/**
 * Derives every observed and static edge again, e.g. after the catalog bindings changed:
 * observed and static marks are cleared and rebuilt in the caller's transaction, so
 * readers never see a half-built graph.
 */
export async function recomputeObservedEdges(trx: Knex) {
  await trx(TABLES.edges)
    .where('observed', true)
    .orWhere('static', true)
    .update({
      observed: false,
      observed_first_at: null,
      observed_last_at: null,
      static: false,
      static_last_at: null,
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
    await deriveStaticEdges(trx, jobs);
    after = jobs[jobs.length - 1];
  }
}
