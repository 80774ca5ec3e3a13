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

import { createHash } from 'node:crypto';
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  Observation,
  ObservedRun,
  ObservedRunState,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { bool, chunks, forUpdate, HOUR, iso, num, optNum, T } from './db';
import {
  ingestRunEvents,
  insertObservations,
  type ObservationRow,
} from './ingest';
import { datasetSubject, jobSubject } from './naming';
import { recomputeObservedEdges } from './observedEdges';
import type { ParsedRunEvent } from './openlineage';
import { bindingRows, type ProductMapping } from './productMapping';

const migrationsDir = resolvePackagePath(
  '@meshwork/plugin-data-mesh-backend',
  'migrations',
);

/** A lineage edge row. */
export interface EdgeRecord {
  source: string;
  target: string;
  declared: boolean;
  observed: boolean;
  observedLastAt?: number;
}

/** What the SLO computation reads for one product. */
export interface SloData {
  now: number;
  windowStart: number;
  /** Refresh times in [windowStart, now], ascending, distinct. */
  refreshes: number[];
  /** The latest refresh before windowStart. */
  refreshBefore?: number;
  /** Terminal runs per hour of the product's jobs, in the window. */
  runHours: Array<{
    hour: number;
    complete: number;
    fail: number;
    abort: number;
  }>;
  /** The latest terminal run still stored. */
  lastRunAt?: number;
  /** Measured values per indicator and hour, in the window. */
  observationHours: Map<
    string,
    Array<{
      hour: number;
      count: number;
      sum: number;
      min: number;
      max: number;
      lastValue: number;
      lastAt: number;
    }>
  >;
}

/** What a pruning pass deleted. */
export interface PruneResult {
  events: number;
  runs: number;
  runDatasets: number;
  observations: number;
  jobHours: number;
  observationHours: number;
  refreshes: number;
}

const stores = new WeakMap<object, Promise<ObservedStore>>();

function encodeCursor(value: unknown[]): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; undefined when it is not one. */
export function decodeCursor(
  cursor: string,
  arity: number,
): unknown[] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === arity) return value;
  } catch {
    // not a cursor
  }
  return undefined;
}

/**
 * Storage of observed reality on the plugin's database (SQLite or PostgreSQL). Keeps no
 * state in memory, so any number of backend replicas can share one database.
 */
export class ObservedStore {
  /** Connects and runs the migrations (once per database service) unless skipped. */
  static create(database: DatabaseService): Promise<ObservedStore> {
    let store = stores.get(database);
    if (!store) {
      store = (async () => {
        const client = await database.getClient();
        if (!database.migrations?.skip) {
          await client.migrate.latest({ directory: migrationsDir });
        }
        return new ObservedStore(client);
      })();
      stores.set(database, store);
      store.catch(() => stores.delete(database));
    }
    return store;
  }

  constructor(readonly db: Knex) {}

  // Ingest --------------------------------------------------------------------------

  ingestRunEvents(events: ParsedRunEvent[], sentBy: string, now = Date.now()) {
    return ingestRunEvents(this.db, events, sentBy, now);
  }

  /** Stores measured values of products; the same subject, indicator and time once. */
  async ingestObservations(
    items: Array<{
      subject: string;
      indicator: string;
      value: number;
      observedAt: number;
    }>,
    sentBy: string,
    now = Date.now(),
  ): Promise<{ stored: number; duplicates: number }> {
    const rows: ObservationRow[] = items.map(o => ({
      dedupe_key: createHash('sha256')
        .update(`api\n${o.subject}\n${o.indicator}\n${o.observedAt}`)
        .digest('hex'),
      subject: o.subject,
      indicator: o.indicator,
      value: o.value,
      observed_at: o.observedAt,
      source: 'api',
      sent_by: sentBy,
      received_at: now,
    }));
    const stored = await this.db.transaction(trx =>
      insertObservations(trx, rows),
    );
    return { stored, duplicates: items.length - stored };
  }

  // What belongs to a product ---------------------------------------------------------

  /** The ids of the datasets matching a product's output port locations. */
  async datasetIdsOf(mapping: ProductMapping): Promise<string[]> {
    if (mapping.locationKeys.length === 0) return [];
    const rows = await this.db(T.datasetKeys)
      .whereIn('match_key', mapping.locationKeys)
      .distinct('dataset_id');
    return rows.map(r => r.dataset_id).sort();
  }

  /** The product's jobs: those its annotations name, and those that wrote its datasets. */
  async jobIdsOf(
    mapping: ProductMapping,
    datasetIds: string[],
  ): Promise<string[]> {
    const ids = new Set(mapping.jobIds);
    for (const part of chunks(datasetIds, 500)) {
      const rows = await this.db(T.io)
        .whereIn('dataset_id', part)
        .andWhere('direction', 'out')
        .distinct('job_id');
      for (const r of rows) ids.add(r.job_id);
    }
    return [...ids].sort();
  }

  // Reads -----------------------------------------------------------------------------

  /** A page of the runs of the given jobs, newest first. */
  async listRuns(
    jobIds: string[],
    options: { limit: number; after?: [number, string] },
  ): Promise<{ items: ObservedRun[]; next?: string }> {
    if (jobIds.length === 0) return { items: [] };
    const query = this.db(`${T.runs} as r`)
      .join(`${T.jobs} as j`, 'j.job_id', 'r.job_id')
      .whereIn('r.job_id', jobIds)
      .orderBy([
        { column: 'r.started_at', order: 'desc' },
        { column: 'r.run_id', order: 'desc' },
      ])
      .limit(options.limit + 1)
      .select('r.*', 'j.namespace as job_namespace', 'j.name as job_name');
    if (options.after) {
      const [at, id] = options.after;
      query.andWhere(q =>
        q
          .where('r.started_at', '<', at)
          .orWhere(q2 =>
            q2.where('r.started_at', '=', at).andWhere('r.run_id', '<', id),
          ),
      );
    }
    const rows = await query;
    const page = rows.slice(0, options.limit);
    const datasets = new Map<string, { in: any[]; out: any[] }>();
    if (page.length) {
      const ds = await this.db(`${T.runDatasets} as rd`)
        .join(`${T.datasets} as d`, 'd.dataset_id', 'rd.dataset_id')
        .whereIn(
          'rd.run_id',
          page.map(r => r.run_id),
        )
        .orderBy(['rd.run_id', 'rd.direction', 'rd.dataset_id'])
        .select('rd.run_id', 'rd.direction', 'd.namespace', 'd.name');
      for (const d of ds) {
        if (!datasets.has(d.run_id))
          datasets.set(d.run_id, { in: [], out: [] });
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
      next:
        rows.length > options.limit
          ? encodeCursor([num(last.started_at), last.run_id])
          : undefined,
    };
  }

  /** A page of the observations of the given subjects, newest first. */
  async listObservations(
    subjects: string[],
    options: { limit: number; indicator?: string; after?: [number, number] },
  ): Promise<{ items: Observation[]; next?: string }> {
    const query = this.db(T.observations)
      .whereIn('subject', subjects)
      .orderBy([
        { column: 'observed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1)
      .select(
        'id',
        'subject',
        'indicator',
        'value',
        'observed_at',
        'source',
        'sent_by',
      );
    if (options.indicator) query.andWhere('indicator', options.indicator);
    if (options.after) {
      const [at, id] = options.after;
      query.andWhere(q =>
        q
          .where('observed_at', '<', at)
          .orWhere(q2 =>
            q2.where('observed_at', '=', at).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await query;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(r => ({
        id: String(r.id),
        subject: r.subject,
        indicator: r.indicator,
        value: Number(r.value),
        observedAt: iso(num(r.observed_at)),
        source: r.source,
        sentBy: r.sent_by,
      })),
      next:
        rows.length > options.limit
          ? encodeCursor([num(last.observed_at), num(last.id)])
          : undefined,
    };
  }

  /** Everything the SLO computation of one product needs, in a handful of queries. */
  async sloData(options: {
    productRef: string;
    datasetIds: string[];
    jobIds: string[];
    annotatedJobIds: string[];
    indicators: string[];
    windowStart: number;
    now: number;
  }): Promise<SloData> {
    const { db } = this;
    const { windowStart, now } = options;
    const refreshSubjects = [
      ...options.annotatedJobIds.map(jobSubject),
      ...options.datasetIds.map(datasetSubject),
    ];
    const obsSubjects = [
      options.productRef,
      ...options.datasetIds.map(datasetSubject),
    ];
    const fromHour = Math.floor(windowStart / HOUR);

    const [refreshRows, beforeRow, runRows, lastRunRow, obsRows] =
      await Promise.all([
        refreshSubjects.length
          ? db(T.refreshes)
              .whereIn('subject', refreshSubjects)
              .andWhere('at', '>=', windowStart)
              .andWhere('at', '<=', now)
              .distinct('at')
              .orderBy('at')
          : [],
        refreshSubjects.length
          ? db(T.refreshes)
              .whereIn('subject', refreshSubjects)
              .andWhere('at', '<', windowStart)
              .max({ at: 'at' })
              .first()
          : undefined,
        options.jobIds.length
          ? db(T.jobHourly)
              .whereIn('job_id', options.jobIds)
              .andWhere('hour', '>=', fromHour)
              .groupBy('hour')
              .orderBy('hour')
              .select('hour')
              .sum({
                complete: 'complete_count',
                fail: 'fail_count',
                abort: 'abort_count',
              })
          : [],
        options.jobIds.length
          ? db(T.runs)
              .whereIn('job_id', options.jobIds)
              .whereNotNull('ended_at')
              .max({ at: 'ended_at' })
              .first()
          : undefined,
        options.indicators.length
          ? db(T.obsHourly)
              .whereIn('subject', obsSubjects)
              .whereIn('indicator', options.indicators)
              .andWhere('hour', '>=', fromHour)
              .orderBy('hour')
              .select('*')
          : [],
      ]);

    const observationHours: SloData['observationHours'] = new Map();
    for (const r of obsRows as any[]) {
      const list = observationHours.get(r.indicator) ?? [];
      const hour = num(r.hour);
      const prev = list[list.length - 1];
      const row = {
        hour,
        count: num(r.count),
        sum: Number(r.sum),
        min: Number(r.min),
        max: Number(r.max),
        lastValue: Number(r.last_value),
        lastAt: num(r.last_at),
      };
      if (prev && prev.hour === hour) {
        // The same hour of another subject of the product: merge.
        prev.count += row.count;
        prev.sum += row.sum;
        prev.min = Math.min(prev.min, row.min);
        prev.max = Math.max(prev.max, row.max);
        if (row.lastAt >= prev.lastAt) {
          prev.lastAt = row.lastAt;
          prev.lastValue = row.lastValue;
        }
      } else {
        list.push(row);
      }
      observationHours.set(r.indicator, list);
    }

    return {
      now,
      windowStart,
      refreshes: (refreshRows as any[]).map(r => num(r.at)),
      refreshBefore: optNum((beforeRow as any)?.at),
      runHours: (runRows as any[]).map(r => ({
        hour: num(r.hour),
        complete: num(r.complete),
        fail: num(r.fail),
        abort: num(r.abort),
      })),
      lastRunAt: optNum((lastRunRow as any)?.at),
      observationHours,
    };
  }

  /** Terminal runs of the given jobs whose deciding event is at or after `since`. */
  async countTerminalRuns(jobIds: string[], since: number): Promise<number> {
    if (jobIds.length === 0) return 0;
    const row = await this.db(T.jobHourly)
      .whereIn('job_id', jobIds)
      .andWhere('hour', '>=', Math.floor(since / HOUR))
      .sum({ c: 'complete_count', f: 'fail_count', a: 'abort_count' })
      .first();
    return num(row?.c ?? 0) + num(row?.f ?? 0) + num(row?.a ?? 0);
  }

  // Lineage ---------------------------------------------------------------------------

  /** The edges into (upstream) or out of (downstream) the given nodes. */
  async edgesOf(
    nodes: string[],
    direction: 'upstream' | 'downstream',
  ): Promise<EdgeRecord[]> {
    const out: EdgeRecord[] = [];
    for (const part of chunks(nodes, 500)) {
      const rows = await this.db(T.edges)
        .whereIn(direction === 'upstream' ? 'target' : 'source', part)
        .select('source', 'target', 'declared', 'observed', 'observed_last_at');
      for (const r of rows) {
        out.push({
          source: r.source,
          target: r.target,
          declared: bool(r.declared),
          observed: bool(r.observed),
          observedLastAt: optNum(r.observed_last_at),
        });
      }
    }
    return out;
  }

  /** Namespace and name of OpenLineage datasets and jobs, for labels. */
  async describeNodes(datasetIds: string[], jobIds: string[]) {
    const datasets = new Map<string, { namespace: string; name: string }>();
    const jobs = new Map<string, { namespace: string; name: string }>();
    for (const part of chunks(datasetIds, 500)) {
      for (const r of await this.db(T.datasets)
        .whereIn('dataset_id', part)
        .select('dataset_id', 'namespace', 'name')) {
        datasets.set(r.dataset_id, { namespace: r.namespace, name: r.name });
      }
    }
    for (const part of chunks(jobIds, 500)) {
      for (const r of await this.db(T.jobs)
        .whereIn('job_id', part)
        .select('job_id', 'namespace', 'name')) {
        jobs.set(r.job_id, { namespace: r.namespace, name: r.name });
      }
    }
    return { datasets, jobs };
  }

  /**
   * Applies what the catalog holds: every product's bindings and declared inputs. Only
   * what changed since the last sync is written; when the bindings changed, observed
   * edges are derived again. One transaction.
   */
  async applyCatalog(mappings: ProductMapping[], now = Date.now()) {
    const bindings = mappings
      .flatMap(bindingRows)
      .sort((a, b) =>
        `${a.match_key}\u0000${a.product_ref}`.localeCompare(
          `${b.match_key}\u0000${b.product_ref}`,
        ),
      );
    const declared = [
      ...new Set(
        mappings.flatMap(m =>
          m.declaredInputs.map(i => `${i.node}\u0000${m.ref}`),
        ),
      ),
    ].sort();
    const hash = (rows: unknown) =>
      createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    const bindingsHash = hash(bindings);
    const declaredHash = hash(declared);

    return this.db.transaction(async trx => {
      const state = new Map<string, string>(
        (
          await forUpdate(
            trx,
            trx(T.state)
              .whereIn('key', ['catalog.bindings', 'catalog.declared'])
              .select(),
          )
        ).map((r: any) => [r.key, r.value]),
      );
      const bindingsChanged = state.get('catalog.bindings') !== bindingsHash;
      const declaredChanged = state.get('catalog.declared') !== declaredHash;
      if (bindingsChanged) {
        await trx(T.bindings).delete();
        for (const part of chunks(bindings, 500)) {
          await trx(T.bindings)
            .insert(part)
            .onConflict(['match_key', 'product_ref'])
            .ignore();
        }
      }
      if (declaredChanged) {
        await trx(T.edges).where('declared', true).update({ declared: false });
        const rows = declared.map(d => {
          const [source, target] = d.split('\u0000');
          return { source, target, declared: true, observed: false };
        });
        for (const part of chunks(rows, 500)) {
          await trx(T.edges)
            .insert(part)
            .onConflict(['source', 'target'])
            .merge({ declared: true });
        }
        await trx(T.edges).where({ declared: false, observed: false }).delete();
      }
      if (bindingsChanged) {
        await recomputeObservedEdges(trx);
      }
      for (const [key, value] of [
        ['catalog.bindings', bindingsHash],
        ['catalog.declared', declaredHash],
      ]) {
        await trx(T.state)
          .insert({ key, value, updated_at: now })
          .onConflict('key')
          .merge(['value', 'updated_at']);
      }
      return {
        products: mappings.length,
        bindings: bindings.length,
        declaredEdges: declared.length,
        bindingsChanged,
        declaredChanged,
      };
    });
  }

  // Housekeeping ----------------------------------------------------------------------

  /** Deletes raw rows older than `rawBefore` and aggregates older than `aggregateBefore`. */
  async prune(options: {
    rawBefore: number;
    aggregateBefore: number;
  }): Promise<PruneResult> {
    const { db } = this;
    const batch = 2000;
    const inBatches = async (
      select: () => Knex.QueryBuilder,
      del: (ids: any[]) => Promise<number>,
    ) => {
      let total = 0;
      for (;;) {
        const ids = (await select().limit(batch)).map(
          (r: any) => Object.values(r)[0],
        );
        if (ids.length === 0) return total;
        total += await del(ids);
        if (ids.length < batch) return total;
      }
    };
    const result: PruneResult = {
      events: 0,
      runs: 0,
      runDatasets: 0,
      observations: 0,
      jobHours: 0,
      observationHours: 0,
      refreshes: 0,
    };
    result.events = await inBatches(
      () =>
        db(T.events).where('event_time', '<', options.rawBefore).select('id'),
      ids => db(T.events).whereIn('id', ids).delete(),
    );
    result.runs = await inBatches(
      () =>
        db(T.runs)
          .where('last_event_at', '<', options.rawBefore)
          .select('run_id'),
      async ids =>
        db.transaction<number>(async trx => {
          result.runDatasets += await trx(T.runDatasets)
            .whereIn('run_id', ids)
            .delete();
          const deleted = await trx(T.runs).whereIn('run_id', ids).delete();
          return Number(deleted);
        }),
    );
    result.observations = await inBatches(
      () =>
        db(T.observations)
          .where('observed_at', '<', options.rawBefore)
          .select('id'),
      ids => db(T.observations).whereIn('id', ids).delete(),
    );
    const hour = Math.floor(options.aggregateBefore / HOUR);
    result.jobHours = await db(T.jobHourly).where('hour', '<', hour).delete();
    result.observationHours = await db(T.obsHourly)
      .where('hour', '<', hour)
      .delete();
    result.refreshes = await db(T.refreshes)
      .where('at', '<', options.aggregateBefore)
      .delete();
    return result;
  }

  /** Records a run of a scheduled task, keeping the last 1000. */
  async recordTaskRun(taskId: string, startedAt: number, summary: object) {
    await this.db(T.taskRuns).insert({
      task_id: taskId,
      started_at: startedAt,
      finished_at: Date.now(),
      summary: JSON.stringify(summary),
    });
    const old = await this.db(T.taskRuns)
      .where('task_id', taskId)
      .orderBy('id', 'desc')
      .offset(1000)
      .limit(1)
      .select('id');
    if (old.length) {
      await this.db(T.taskRuns)
        .where('task_id', taskId)
        .andWhere('id', '<=', old[0].id)
        .delete();
    }
  }

  /** The recorded runs of a task, oldest first. */
  async taskRuns(taskId: string) {
    const rows = await this.db(T.taskRuns)
      .where('task_id', taskId)
      .orderBy('id')
      .select('started_at', 'finished_at', 'summary');
    return rows.map(r => ({
      startedAt: num(r.started_at),
      finishedAt: num(r.finished_at),
      summary: JSON.parse(r.summary),
    }));
  }
}
