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
  ObservedRunState,
  OpenLineageEventType,
} from '@meshwork/plugin-data-mesh-common';
import { HOUR } from '../../../lib/time';
import {
  datasetId,
  datasetMatchKeys,
  datasetSubject,
  jobId,
  jobSubject,
} from '../../../observed/naming';
import {
  EVENT_TYPES,
  readQualityFacets,
  type ParsedRunEvent,
} from '../../../observed/openlineage';
import {
  TABLES,
  type DbEventRow,
  type DbIoRow,
  type DbJobHourlyRow,
  type DbRunDatasetRow,
  type DbRunRow,
} from '../../tables';
import {
  chunks,
  compare,
  forUpdate,
  greatest,
  least,
  mergeRaw,
  num,
  optNum,
} from '../../util';
import { deriveObservedEdges } from './deriveObservedEdges';
import {
  insertObservations,
  observationKey,
  type ObservationRow,
} from './insertObservations';

/*
 * Ingest: everything a request brings is written in one transaction, so a request is
 * stored whole or not at all. What is derived at ingest is order-independent:
 *
 * - the event itself is stored once (unique idempotency key); only events stored now
 *   change anything below, so the same event twice counts once;
 * - a run's state is the maximum of its events by (class, eventTime, type), class 2 for
 *   terminal events (COMPLETE, FAIL, ABORT), 1 for START/RUNNING, 0 for OTHER: a
 *   commutative fold, so any arrival order gives the same state;
 * - hourly counts of terminal runs per job move with the run's state (minus the old
 *   terminal outcome, plus the new one), under the run row's lock;
 * - refresh times (freshness) are the COMPLETE times of runs, for the job and for each
 *   dataset the run wrote (outputs merged over all the run's events);
 * - job/dataset io widens first/last seen; observed edges are derived from all of a
 *   job's io;
 * - quality facets become observations, aggregated per hour.
 */

/** A run row as the fold works on it: times as numbers. */
interface RunRow extends DbRunRow {
  state: ObservedRunState;
  state_at: number;
  started_at: number;
  ended_at: number | null;
  completed_at: number | null;
  last_event_at: number;
}

const TERMINAL = new Set<OpenLineageEventType>(['COMPLETE', 'FAIL', 'ABORT']);

function classOf(type: OpenLineageEventType) {
  if (TERMINAL.has(type)) return 2;
  return type === 'OTHER' ? 0 : 1;
}

function stateOf(type: OpenLineageEventType): ObservedRunState {
  return type === 'START' || type === 'RUNNING'
    ? 'RUNNING'
    : (type as ObservedRunState);
}

/** Whether (class, time, rank) a beats b. */
function beats(
  a: { c: number; t: number; r: number },
  b: { c: number; t: number; r: number },
) {
  if (a.c !== b.c) return a.c > b.c;
  if (a.t !== b.t) return a.t > b.t;
  return a.r > b.r;
}

/** Which of `ids` the table already holds. */
async function existing(
  trx: Knex,
  table: typeof TABLES.jobs | typeof TABLES.datasets,
  column: 'job_id' | 'dataset_id',
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids, 500)) {
    const rows: Array<Record<typeof column, string>> = await trx(table)
      .whereIn(column, part)
      .select(column);
    for (const r of rows) found.add(r[column]);
  }
  return found;
}

async function insertIgnore<Row extends object>(
  trx: Knex,
  table: string,
  rows: Row[],
  conflict: Array<keyof Row & string>,
) {
  for (const part of chunks(rows, 500)) {
    await trx(table).insert(part).onConflict(conflict).ignore();
  }
}

/** Stores OpenLineage run events; see the module comment for what is derived. */
export async function ingestRunEvents(
  db: Knex,
  events: ParsedRunEvent[],
  sentBy: string,
  now: number,
): Promise<{ stored: number; duplicates: number }> {
  const unique = new Map<string, ParsedRunEvent>();
  for (const e of events) if (!unique.has(e.key)) unique.set(e.key, e);

  const stored = await db.transaction(async trx => {
    // 1. The events, once each.
    const inserted = new Set<string>();
    const eventRows = [...unique.values()].map(
      (e): DbEventRow => ({
        event_key: e.key,
        run_id: e.runId,
        event_type: e.eventType,
        event_time: e.time,
        job_id: jobId(e.event.job.namespace, e.event.job.name),
        producer: e.event.producer,
        schema_url: e.event.schemaURL,
        sent_by: sentBy,
        received_at: now,
        payload: JSON.stringify(e.raw),
      }),
    );
    for (const part of chunks(eventRows, 200)) {
      const res: Array<string | Pick<DbEventRow, 'event_key'>> =
        await trx<DbEventRow>(TABLES.events)
          .insert(part)
          .onConflict('event_key')
          .ignore()
          .returning('event_key');
      for (const r of res)
        inserted.add(typeof r === 'string' ? r : r.event_key);
    }
    const fresh = [...unique.values()].filter(e => inserted.has(e.key));
    if (fresh.length === 0) return 0;

    // 2. Jobs and datasets seen.
    const jobs = new Map<
      string,
      { job_id: string; namespace: string; name: string }
    >();
    const datasets = new Map<
      string,
      { dataset_id: string; namespace: string; name: string }
    >();
    const datasetKeys = new Map<
      string,
      { match_key: string; dataset_id: string }
    >();
    const io = new Map<
      string,
      {
        job_id: string;
        direction: string;
        dataset_id: string;
        first_at: number;
        last_at: number;
      }
    >();
    const runDatasets = new Map<
      string,
      { run_id: string; dataset_id: string; direction: string }
    >();
    const observations: ObservationRow[] = [];
    const eventJob = new Map<ParsedRunEvent, string>();

    for (const e of fresh) {
      const job = jobId(e.event.job.namespace, e.event.job.name);
      eventJob.set(e, job);
      jobs.set(job, {
        job_id: job,
        namespace: e.event.job.namespace,
        name: e.event.job.name,
      });
      const sides: Array<['in' | 'out', typeof e.event.inputs]> = [
        ['in', e.event.inputs],
        ['out', e.event.outputs],
      ];
      for (const [direction, list] of sides) {
        for (const ds of list ?? []) {
          const id = datasetId(ds.namespace, ds.name);
          datasets.set(id, {
            dataset_id: id,
            namespace: ds.namespace,
            name: ds.name,
          });
          for (const key of datasetMatchKeys(ds.namespace, ds.name)) {
            datasetKeys.set(`${key}\u0000${id}`, {
              match_key: key,
              dataset_id: id,
            });
          }
          const ioKey = `${job}\u0000${direction}\u0000${id}`;
          const seen = io.get(ioKey);
          if (seen) {
            seen.first_at = Math.min(seen.first_at, e.time);
            seen.last_at = Math.max(seen.last_at, e.time);
          } else {
            io.set(ioKey, {
              job_id: job,
              direction,
              dataset_id: id,
              first_at: e.time,
              last_at: e.time,
            });
          }
          runDatasets.set(`${e.runId}\u0000${direction}\u0000${id}`, {
            run_id: e.runId,
            dataset_id: id,
            direction,
          });
          for (const m of readQualityFacets(ds)) {
            observations.push({
              dedupe_key: observationKey([e.key, id, m.indicator]),
              subject: datasetSubject(id),
              indicator: m.indicator,
              value: m.value,
              observed_at: e.time,
              source: 'openlineage',
              sent_by: sentBy,
              received_at: now,
            });
          }
        }
      }
    }
    const byKey = <V>(m: Map<string, V>) =>
      [...m.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);
    // Jobs and datasets seen before (with their match keys) are not written again.
    const knownJobs = await existing(trx, TABLES.jobs, 'job_id', [
      ...jobs.keys(),
    ]);
    const knownDatasets = await existing(trx, TABLES.datasets, 'dataset_id', [
      ...datasets.keys(),
    ]);
    await insertIgnore(
      trx,
      TABLES.jobs,
      byKey(jobs).filter(j => !knownJobs.has(j.job_id)),
      ['job_id'],
    );
    await insertIgnore(
      trx,
      TABLES.datasets,
      byKey(datasets).filter(d => !knownDatasets.has(d.dataset_id)),
      ['dataset_id'],
    );
    await insertIgnore(
      trx,
      TABLES.datasetKeys,
      byKey(datasetKeys).filter(k => !knownDatasets.has(k.dataset_id)),
      ['match_key', 'dataset_id'],
    );

    // 3. Runs: fold the new events into each run's state, under the run row's lock.
    const byRun = new Map<string, ParsedRunEvent[]>();
    for (const e of fresh) {
      if (!byRun.has(e.runId)) byRun.set(e.runId, []);
      byRun.get(e.runId)!.push(e);
    }
    const runIds = [...byRun.keys()].sort();
    for (const part of chunks(runIds, 200)) {
      await trx<DbRunRow>(TABLES.runs)
        .insert(
          part.map((id): DbRunRow => {
            const first = byRun.get(id)![0];
            return {
              run_id: id,
              job_id: eventJob.get(first)!,
              state: 'OTHER',
              state_class: -1,
              state_at: 0,
              state_rank: -1,
              started_at: first.time,
              ended_at: null,
              completed_at: null,
              last_event_at: first.time,
              event_count: 0,
              sent_by: sentBy,
            };
          }),
        )
        .onConflict('run_id')
        .ignore();
    }
    const before = new Map<string, RunRow>();
    for (const part of chunks(runIds, 500)) {
      const rows = await forUpdate(
        trx,
        trx<DbRunRow>(TABLES.runs)
          .whereIn('run_id', part)
          .orderBy('run_id')
          .select('*'),
      );
      for (const r of rows) {
        before.set(r.run_id, {
          ...r,
          state: r.state as ObservedRunState,
          state_class: num(r.state_class),
          state_at: num(r.state_at),
          state_rank: num(r.state_rank),
          started_at: num(r.started_at),
          ended_at: optNum(r.ended_at) ?? null,
          completed_at: optNum(r.completed_at) ?? null,
          last_event_at: num(r.last_event_at),
          event_count: num(r.event_count),
        });
      }
    }

    const hourlyDelta = new Map<
      string,
      {
        job_id: string;
        hour: number;
        complete_count: number;
        fail_count: number;
        abort_count: number;
      }
    >();
    const bump = (
      job: string,
      state: ObservedRunState,
      at: number,
      by: number,
    ) => {
      const hour = Math.floor(at / HOUR);
      const key = `${job}\u0000${hour}`;
      const h = hourlyDelta.get(key) ?? {
        job_id: job,
        hour,
        complete_count: 0,
        fail_count: 0,
        abort_count: 0,
      };
      if (state === 'COMPLETE') h.complete_count += by;
      else if (state === 'FAIL') h.fail_count += by;
      else if (state === 'ABORT') h.abort_count += by;
      hourlyDelta.set(key, h);
    };

    const after: RunRow[] = [];
    const completedChanged: RunRow[] = [];
    for (const id of runIds) {
      const old = before.get(id)!;
      const empty = old.event_count === 0;
      const next: RunRow = empty
        ? {
            ...old,
            state_class: -1,
            state_rank: -1,
            state_at: 0,
            started_at: Infinity,
            last_event_at: -Infinity,
            completed_at: null,
            ended_at: null,
          }
        : { ...old };
      let latest = empty ? -Infinity : old.last_event_at;
      for (const e of byRun.get(id)!) {
        const candidate = {
          c: classOf(e.eventType),
          t: e.time,
          r: EVENT_TYPES.indexOf(e.eventType),
        };
        if (
          beats(candidate, {
            c: next.state_class,
            t: next.state_at,
            r: next.state_rank,
          })
        ) {
          next.state_class = candidate.c;
          next.state_at = candidate.t;
          next.state_rank = candidate.r;
          next.state = stateOf(e.eventType);
        }
        next.started_at = Math.min(next.started_at, e.time);
        if (e.time >= latest) {
          latest = e.time;
          next.sent_by = sentBy;
        }
        next.last_event_at = Math.max(next.last_event_at, e.time);
        if (e.eventType === 'COMPLETE') {
          next.completed_at = Math.max(next.completed_at ?? -Infinity, e.time);
        }
        next.event_count++;
      }
      next.ended_at = next.state_class === 2 ? next.state_at : null;

      const wasTerminal = !empty && old.state_class === 2;
      const isTerminal = next.state_class === 2;
      const sameOutcome =
        wasTerminal &&
        isTerminal &&
        old.state === next.state &&
        Math.floor(old.state_at / HOUR) === Math.floor(next.state_at / HOUR);
      if (!sameOutcome) {
        if (wasTerminal) bump(old.job_id, old.state, old.state_at, -1);
        if (isTerminal) bump(next.job_id, next.state, next.state_at, +1);
      }
      if (
        next.completed_at !== null &&
        next.completed_at !== old.completed_at
      ) {
        completedChanged.push(next);
      }
      after.push(next);
    }
    for (const part of chunks(after, 200)) {
      await trx<DbRunRow>(TABLES.runs)
        .insert(part)
        .onConflict('run_id')
        .merge([
          'state',
          'state_class',
          'state_at',
          'state_rank',
          'started_at',
          'ended_at',
          'completed_at',
          'last_event_at',
          'event_count',
          'sent_by',
        ]);
    }
    const jh = TABLES.jobHourly;
    const deltas = byKey(hourlyDelta).filter(
      d => d.complete_count || d.fail_count || d.abort_count,
    );
    for (const part of chunks(deltas, 500)) {
      await trx<DbJobHourlyRow>(jh)
        .insert(part)
        .onConflict(['job_id', 'hour'])
        .merge(
          mergeRaw<DbJobHourlyRow>({
            complete_count: trx.raw(
              `${jh}.complete_count + excluded.complete_count`,
            ),
            fail_count: trx.raw(`${jh}.fail_count + excluded.fail_count`),
            abort_count: trx.raw(`${jh}.abort_count + excluded.abort_count`),
          }),
        );
    }

    // 4. The datasets of each run; new outputs of completed runs are refreshes.
    const newOutputs = new Map<string, string[]>();
    for (const part of chunks(byKey(runDatasets), 500)) {
      const res: DbRunDatasetRow[] = await trx<DbRunDatasetRow>(
        TABLES.runDatasets,
      )
        .insert(part)
        .onConflict(['run_id', 'direction', 'dataset_id'])
        .ignore()
        .returning(['run_id', 'direction', 'dataset_id']);
      for (const r of res) {
        if (r.direction !== 'out') continue;
        if (!newOutputs.has(r.run_id)) newOutputs.set(r.run_id, []);
        newOutputs.get(r.run_id)!.push(r.dataset_id);
      }
    }
    const refreshes = new Map<string, { subject: string; at: number }>();
    const addRefresh = (subject: string, at: number) =>
      refreshes.set(`${subject}\u0000${at}`, { subject, at });
    const changedIds = new Set(completedChanged.map(r => r.run_id));
    const allOutputs = new Map<string, string[]>();
    for (const part of chunks([...changedIds], 500)) {
      const rows = await trx<DbRunDatasetRow>(TABLES.runDatasets)
        .whereIn('run_id', part)
        .andWhere('direction', 'out')
        .select('run_id', 'dataset_id');
      for (const r of rows) {
        if (!allOutputs.has(r.run_id)) allOutputs.set(r.run_id, []);
        allOutputs.get(r.run_id)!.push(r.dataset_id);
      }
    }
    for (const run of after) {
      if (run.completed_at === null) continue;
      if (changedIds.has(run.run_id)) {
        addRefresh(jobSubject(run.job_id), run.completed_at);
        for (const ds of allOutputs.get(run.run_id) ?? []) {
          addRefresh(datasetSubject(ds), run.completed_at);
        }
      } else {
        for (const ds of newOutputs.get(run.run_id) ?? []) {
          addRefresh(datasetSubject(ds), run.completed_at);
        }
      }
    }
    await insertIgnore(trx, TABLES.refreshes, byKey(refreshes), [
      'subject',
      'at',
    ]);

    // 5. Which job read and wrote which dataset; then the job's observed edges.
    for (const part of chunks(byKey(io), 500)) {
      await trx<DbIoRow>(TABLES.io)
        .insert(part)
        .onConflict(['job_id', 'direction', 'dataset_id'])
        .merge(
          mergeRaw<DbIoRow>({
            first_at: trx.raw(
              least(trx, `${TABLES.io}.first_at`, 'excluded.first_at'),
            ),
            last_at: trx.raw(
              greatest(trx, `${TABLES.io}.last_at`, 'excluded.last_at'),
            ),
          }),
        );
    }
    if (io.size > 0) {
      await deriveObservedEdges(trx, [
        ...new Set([...io.values()].map(r => r.job_id)),
      ]);
    }

    // 6. Quality facets, as observations of the dataset.
    await insertObservations(trx, observations);
    return fresh.length;
  });
  return { stored, duplicates: events.length - stored };
}
