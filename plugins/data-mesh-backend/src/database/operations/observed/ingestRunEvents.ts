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
import type { Knex } from 'knex';
import type {
  ObservedRunState,
  OpenLineageEventType,
} from '@meshwork/plugin-data-mesh-common';
import { HOUR } from '../../../lib/time';
import { readColumnLineage } from '../../../observed/columnLineage';
import {
  datasetId,
  datasetMatchKeys,
  datasetSubject,
  jobId,
  jobSubject,
  symlinkIdentifiers,
  type SymlinkIdentifier,
} from '../../../observed/naming';
import {
  EVENT_TYPES,
  type ParsedRunEvent,
} from '../../../observed/openlineage';
import {
  readDbtTestOutcome,
  readProcessingType,
  readQualityFacets,
} from '../../../observed/quality';
import {
  TABLES,
  type DbColumnLineageRow,
  type DbEventRow,
  type DbJobHourlyRow,
  type DbJobRow,
  type DbOutputSetRow,
  type DbRunDatasetRow,
  type DbRunRow,
  type DbSetIoRow,
  type DbStreamHourlyRow,
} from '../../tables';
import {
  chunks,
  compare,
  forUpdate,
  greatest,
  isPostgres,
  least,
  num,
  optNum,
} from '../../util';
import {
  readObservedIo,
  updateObservedEdges,
  type ObservedIoRow,
} from './deriveObservedEdges';
import { insertValues } from './insertValues';
import { mapNewMatchKeys } from './registerNodes';
import {
  insertObservations,
  observationKey,
  type ObservationRow,
} from './insertObservations';
import {
  upsertDatasetFacets,
  type DatasetFacetsInput,
} from './upsertDatasetFacets';

/*
 * Ingest: everything a request brings is written in one transaction, so a request is
 * stored whole or not at all. What is derived at ingest is order-independent:
 *
 * - the event itself is stored once (unique idempotency key); only events stored now
 *   change anything below, so the same event twice counts once;
 * - a run's state is the maximum of its events by (class, eventTime, type), class 2 for
 *   terminal events (COMPLETE, FAIL, ABORT), 1 for START/RUNNING, 0 for OTHER: a
 *   commutative fold, so any arrival order gives the same state;
 * - a run's output set is the set of all datasets its events list as outputs (a union,
 *   so order-independent); its id is a hash of the sorted dataset ids, '' for a run that
 *   wrote nothing;
 * - hourly counts of terminal runs per job and output set (data_mesh_ol_run_hourly; per
 *   job alone in data_mesh_ol_job_hourly) move with the run's state and output set (minus
 *   the old contribution, plus the new one), under the run row's lock: this is what lets
 *   a product count exactly the runs that wrote its outputs (see readSloData);
 * - refresh times (freshness) are the COMPLETE times of runs, for the job and for each
 *   dataset the run wrote (outputs merged over all the run's events);
 * - streaming: a RUNNING event of a job whose jobType facet says `processingType:
 *   STREAMING` (in this event or stored from an earlier one) is a report of the stream,
 *   kept per minute for the job and each dataset the run writes (data_mesh_ol_stream_hourly,
 *   a bitwise OR, so order-independent); freshness and availability of streams are read
 *   from it;
 * - job/dataset io and io per job and output set widen first/last seen; observed edges
 *   are derived from them again for jobs whose io shape changed, and widened for the
 *   others (updateObservedEdges); a known dataset's new match key that a binding names
 *   maps the edges of its jobs again (mapNewMatchKeys);
 * - dataset match keys include those of `symlinks` facet identifiers, and case-folded
 *   twins of every key;
 * - quality facets and dbt test outcomes become observations, aggregated per hour;
 * - `columnLineage` facets of outputs replace, per output field, an older column lineage
 *   (the latest event time wins, whatever the arrival order);
 * - the datasets' `facets` (schema, symlinks, columnLineage, ...) are kept as each
 *   dataset's latest facets (upsertDatasetFacets, as for DatasetEvents).
 */

/** A run row as the fold works on it: times as numbers. */
interface RunRow extends DbRunRow {
  state: ObservedRunState;
  state_at: number;
  started_at: number;
  ended_at: number | null;
  completed_at: number | null;
  last_event_at: number;
  output_set: string;
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

/** The id of the set of datasets a run wrote: '' for none. */
export function outputSetId(datasetIds: Iterable<string>): string {
  const ids = [...new Set(datasetIds)].sort(compare);
  if (ids.length === 0) return '';
  return createHash('sha256').update(ids.join('\n')).digest('hex');
}

/** Which of `ids` the datasets table already holds. */
async function existingDatasets(
  trx: Knex,
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids, 500)) {
    const rows: Array<{ dataset_id: string }> = await trx(TABLES.datasets)
      .whereIn('dataset_id', part)
      .select('dataset_id');
    for (const r of rows) found.add(r.dataset_id);
  }
  return found;
}

/** The jobs the table already holds, with their processing type. */
async function existingJobs(
  trx: Knex,
  ids: string[],
): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (const part of chunks(ids, 500)) {
    const rows: Array<Pick<DbJobRow, 'job_id' | 'processing_type'>> =
      await trx<DbJobRow>(TABLES.jobs)
        .whereIn('job_id', part)
        .select('job_id', 'processing_type');
    for (const r of rows) found.set(r.job_id, r.processing_type ?? null);
  }
  return found;
}

async function insertIgnore<Row extends object>(
  trx: Knex,
  table: string,
  rows: Row[],
  conflict: Array<keyof Row & string>,
) {
  await insertValues(trx, table, rows, { conflict, onConflict: 'ignore' });
}

const widen = (
  m: Map<string, { first_at: number; last_at: number }>,
  key: string,
  row: { first_at: number; last_at: number },
) => {
  const seen = m.get(key);
  if (seen) {
    seen.first_at = Math.min(seen.first_at, row.first_at);
    seen.last_at = Math.max(seen.last_at, row.last_at);
  } else {
    m.set(key, row);
  }
};

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
    for (const r of await insertValues(trx, TABLES.events, eventRows, {
      conflict: ['event_time', 'event_key'],
      onConflict: 'ignore',
      returning: ['event_key'],
    })) {
      inserted.add(r.event_key as string);
    }
    const fresh = [...unique.values()].filter(e => inserted.has(e.key));
    if (fresh.length === 0) return 0;

    // 2. Jobs and datasets seen.
    const jobs = new Map<
      string,
      {
        job_id: string;
        namespace: string;
        name: string;
        processing_type: string | null;
        typeAt: number;
      }
    >();
    const datasets = new Map<
      string,
      { dataset_id: string; namespace: string; name: string }
    >();
    // Per dataset: the spellings of its name and the symlinks it came with; its match
    // keys are computed once, and only for datasets that are new or bring symlinks.
    const namings = new Map<
      string,
      {
        names: Map<string, { namespace: string; name: string }>;
        symlinks: Map<string, SymlinkIdentifier>;
      }
    >();
    const symlinked = new Set<string>();
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
    const columnLineage = new Map<
      string,
      { at: number; rows: DbColumnLineageRow[] }
    >();
    const eventJob = new Map<ParsedRunEvent, string>();
    const facetInputs: DatasetFacetsInput[] = [];

    for (const e of fresh) {
      const job = jobId(e.event.job.namespace, e.event.job.name);
      eventJob.set(e, job);
      const type = readProcessingType(e.event.job.facets) ?? null;
      const known = jobs.get(job);
      if (
        !known ||
        (type !== null &&
          (known.processing_type === null || e.time >= known.typeAt))
      ) {
        jobs.set(job, {
          job_id: job,
          namespace: e.event.job.namespace,
          name: e.event.job.name,
          processing_type: type ?? known?.processing_type ?? null,
          typeAt: type !== null ? e.time : known?.typeAt ?? -Infinity,
        });
      }
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
          if (ds.facets) {
            facetInputs.push({
              datasetId: id,
              facets: ds.facets,
              time: e.time,
              producer: e.event.producer,
            });
          }
          const symlinks = symlinkIdentifiers(ds);
          if (symlinks.length) symlinked.add(id);
          let naming = namings.get(id);
          if (!naming) {
            naming = { names: new Map(), symlinks: new Map() };
            namings.set(id, naming);
          }
          naming.names.set(`${ds.namespace}\u0000${ds.name}`, {
            namespace: ds.namespace,
            name: ds.name,
          });
          for (const sl of symlinks) {
            naming.symlinks.set(`${sl.namespace}\u0000${sl.name}`, sl);
          }
          widen(io, `${job}\u0000${direction}\u0000${id}`, {
            job_id: job,
            direction,
            dataset_id: id,
            first_at: e.time,
            last_at: e.time,
          } as never);
          runDatasets.set(`${e.runId}\u0000${direction}\u0000${id}`, {
            run_id: e.runId,
            dataset_id: id,
            direction,
          });
          const measured = readQualityFacets(ds);
          if (direction === 'in') {
            const dbt = readDbtTestOutcome(e.eventType, e.event.job.facets, ds);
            if (dbt) measured.push(dbt);
          }
          for (const m of measured) {
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
          if (direction === 'out') {
            const entries = readColumnLineage(ds);
            const byField = new Map<string, DbColumnLineageRow[]>();
            for (const c of entries) {
              const list2 = byField.get(c.field) ?? [];
              list2.push({
                dataset_id: id,
                field: c.field,
                input_dataset_id: datasetId(c.inputNamespace, c.inputName),
                input_namespace: c.inputNamespace,
                input_name: c.inputName,
                input_field: c.inputField,
                transformations: JSON.stringify(c.transformations),
                run_id: e.runId,
                job_id: job,
                observed_at: e.time,
              });
              byField.set(c.field, list2);
            }
            for (const [field, rows] of byField) {
              const key = `${id}\u0000${field}`;
              const prev = columnLineage.get(key);
              if (!prev || e.time > prev.at) {
                columnLineage.set(key, { at: e.time, rows });
              }
            }
          }
        }
      }
    }
    const byKey = <V>(m: Map<string, V>) =>
      [...m.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);
    // Jobs and datasets seen before (with their match keys) are not written again, but
    // for a new processing type or new symlinks.
    const knownJobs = await existingJobs(trx, [...jobs.keys()]);
    const knownDatasets = await existingDatasets(trx, [...datasets.keys()]);
    const datasetKeys = new Map<
      string,
      { match_key: string; dataset_id: string }
    >();
    for (const [id, naming] of namings) {
      if (knownDatasets.has(id) && !symlinked.has(id)) continue;
      for (const { namespace, name } of naming.names.values()) {
        for (const key of datasetMatchKeys(namespace, name, [
          ...naming.symlinks.values(),
        ])) {
          datasetKeys.set(`${key}\u0000${id}`, {
            match_key: key,
            dataset_id: id,
          });
        }
      }
    }
    await insertIgnore(
      trx,
      TABLES.jobs,
      byKey(jobs)
        .filter(j => !knownJobs.has(j.job_id))
        .map(
          (j): DbJobRow => ({
            job_id: j.job_id,
            namespace: j.namespace,
            name: j.name,
            processing_type: j.processing_type,
          }),
        ),
      ['job_id'],
    );
    const processing = new Map<string, string | null>(knownJobs);
    for (const j of byKey(jobs)) {
      if (j.processing_type === null) continue;
      if (
        knownJobs.has(j.job_id) &&
        knownJobs.get(j.job_id) !== j.processing_type
      ) {
        await trx<DbJobRow>(TABLES.jobs)
          .where('job_id', j.job_id)
          .update({ processing_type: j.processing_type });
      }
      processing.set(j.job_id, j.processing_type);
    }
    await insertIgnore(
      trx,
      TABLES.datasets,
      byKey(datasets).filter(d => !knownDatasets.has(d.dataset_id)),
      ['dataset_id'],
    );
    // New keys of known datasets may change their owners (mapNewMatchKeys, below).
    const newKeys = (
      await insertValues(trx, TABLES.datasetKeys, byKey(datasetKeys), {
        conflict: ['match_key', 'dataset_id'],
        onConflict: 'ignore',
        returning: ['match_key', 'dataset_id'],
      })
    )
      .filter(r => knownDatasets.has(r.dataset_id as string))
      .map(r => r.match_key as string);

    // 3. The datasets of each run (new ones are returned).
    const newOutputs = new Map<string, string[]>();
    const res = (await insertValues(
      trx,
      TABLES.runDatasets,
      byKey(runDatasets),
      {
        conflict: ['run_id', 'direction', 'dataset_id'],
        onConflict: 'ignore',
        returning: ['run_id', 'direction', 'dataset_id'],
      },
    )) as unknown as DbRunDatasetRow[];
    for (const r of res) {
      if (r.direction !== 'out') continue;
      if (!newOutputs.has(r.run_id)) newOutputs.set(r.run_id, []);
      newOutputs.get(r.run_id)!.push(r.dataset_id);
    }

    // 4. Runs: fold the new events into each run's state, under the run row's lock.
    const byRun = new Map<string, ParsedRunEvent[]>();
    for (const e of fresh) {
      if (!byRun.has(e.runId)) byRun.set(e.runId, []);
      byRun.get(e.runId)!.push(e);
    }
    const runIds = [...byRun.keys()].sort();
    const placeholders = runIds.map((id): DbRunRow => {
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
        output_set: '',
      };
    });
    // On PostgreSQL, new runs are inserted first so that every run row can be locked (two
    // replicas folding into one new run then take turns); SQLite serialises writers, so a
    // run not stored yet starts from its placeholder in memory, written once below.
    if (isPostgres(trx)) {
      await insertValues(trx, TABLES.runs, placeholders, {
        conflict: ['run_id'],
        onConflict: 'ignore',
      });
    }
    const before = new Map<string, RunRow>();
    const toRunRow = (r: DbRunRow): RunRow => ({
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
      output_set: r.output_set ?? '',
    });
    for (const part of chunks(runIds, 500)) {
      const rows = await forUpdate(
        trx,
        trx<DbRunRow>(TABLES.runs)
          .whereIn('run_id', part)
          .orderBy('run_id')
          .select('*'),
      );
      for (const r of rows) before.set(r.run_id, toRunRow(r));
    }
    for (const p of placeholders) {
      if (!before.has(p.run_id)) before.set(p.run_id, toRunRow(p));
    }

    // All outputs of the runs whose outputs grew, completed or that stream.
    const streamingRuns = new Set(
      fresh
        .filter(
          e =>
            e.eventType === 'RUNNING' &&
            processing.get(eventJob.get(e)!) === 'STREAMING',
        )
        .map(e => e.runId),
    );
    const outputsToRead = new Set([...newOutputs.keys(), ...streamingRuns]);
    for (const id of runIds) {
      const old = before.get(id)!;
      if (byRun.get(id)!.some(e => e.eventType === 'COMPLETE')) {
        outputsToRead.add(old.run_id);
      }
    }
    const allOutputs = new Map<string, string[]>();
    for (const part of chunks([...outputsToRead].sort(), 500)) {
      const rows = await trx<DbRunDatasetRow>(TABLES.runDatasets)
        .whereIn('run_id', part)
        .andWhere('direction', 'out')
        .select('run_id', 'dataset_id');
      for (const r of rows) {
        if (!allOutputs.has(r.run_id)) allOutputs.set(r.run_id, []);
        allOutputs.get(r.run_id)!.push(r.dataset_id);
      }
    }

    type HourDelta = {
      job_id: string;
      output_set: string;
      hour: number;
      complete_count: number;
      fail_count: number;
      abort_count: number;
    };
    const runHourly = new Map<string, HourDelta>();
    const bump = (run: RunRow, by: number) => {
      const hour = Math.floor(run.state_at / HOUR);
      const key = `${run.job_id}\u0000${run.output_set}\u0000${hour}`;
      const h = runHourly.get(key) ?? {
        job_id: run.job_id,
        output_set: run.output_set,
        hour,
        complete_count: 0,
        fail_count: 0,
        abort_count: 0,
      };
      if (run.state === 'COMPLETE') h.complete_count += by;
      else if (run.state === 'FAIL') h.fail_count += by;
      else if (run.state === 'ABORT') h.abort_count += by;
      runHourly.set(key, h);
    };

    const after: RunRow[] = [];
    const completedChanged = new Set<string>();
    const setChanged = new Set<string>();
    const newSets = new Map<string, DbOutputSetRow>();
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
      if (newOutputs.has(id)) {
        const outputs = allOutputs.get(id) ?? [];
        next.output_set = outputSetId(outputs);
        if (next.output_set !== old.output_set) {
          setChanged.add(id);
          for (const d of outputs) {
            newSets.set(`${next.output_set}\u0000${d}`, {
              set_id: next.output_set,
              dataset_id: d,
            });
          }
        }
      }

      const wasTerminal = !empty && old.state_class === 2;
      const isTerminal = next.state_class === 2;
      const sameOutcome =
        wasTerminal &&
        isTerminal &&
        old.state === next.state &&
        old.output_set === next.output_set &&
        Math.floor(old.state_at / HOUR) === Math.floor(next.state_at / HOUR);
      if (!sameOutcome) {
        if (wasTerminal) bump(old, -1);
        if (isTerminal) bump(next, +1);
      }
      if (
        next.completed_at !== null &&
        next.completed_at !== old.completed_at
      ) {
        completedChanged.add(id);
      }
      after.push(next);
    }
    await insertValues(trx, TABLES.runs, after, {
      conflict: ['run_id'],
      onConflict: [
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
        'output_set',
      ],
    });
    await insertIgnore(trx, TABLES.outputSets, byKey(newSets), [
      'set_id',
      'dataset_id',
    ]);
    const rh = TABLES.runHourly;
    const deltas = byKey(runHourly).filter(
      d => d.complete_count || d.fail_count || d.abort_count,
    );
    await insertValues(trx, rh, deltas, {
      conflict: ['job_id', 'output_set', 'hour'],
      onConflict: {
        complete_count: `${rh}.complete_count + excluded.complete_count`,
        fail_count: `${rh}.fail_count + excluded.fail_count`,
        abort_count: `${rh}.abort_count + excluded.abort_count`,
      },
    });
    // The per-job counts, as before (kept for what reads them per job).
    const jobHourly = new Map<string, DbJobHourlyRow>();
    for (const d of deltas) {
      const key = `${d.job_id}\u0000${d.hour}`;
      const h = jobHourly.get(key) ?? {
        job_id: d.job_id,
        hour: d.hour,
        complete_count: 0,
        fail_count: 0,
        abort_count: 0,
      };
      h.complete_count += d.complete_count;
      h.fail_count += d.fail_count;
      h.abort_count += d.abort_count;
      jobHourly.set(key, h);
    }
    const jh = TABLES.jobHourly;
    const jobDeltas = byKey(jobHourly).filter(
      d => d.complete_count || d.fail_count || d.abort_count,
    );
    await insertValues(trx, jh, jobDeltas, {
      conflict: ['job_id', 'hour'],
      onConflict: {
        complete_count: `${jh}.complete_count + excluded.complete_count`,
        fail_count: `${jh}.fail_count + excluded.fail_count`,
        abort_count: `${jh}.abort_count + excluded.abort_count`,
      },
    });

    // 5. Refreshes: new outputs of completed runs, and all outputs of newly completed ones.
    const refreshes = new Map<string, { subject: string; at: number }>();
    const addRefresh = (subject: string, at: number) =>
      refreshes.set(`${subject}\u0000${at}`, { subject, at });
    for (const run of after) {
      if (run.completed_at === null) continue;
      if (completedChanged.has(run.run_id)) {
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

    // 6. Stream reports: RUNNING events of streaming jobs, per minute.
    const reports = new Map<
      string,
      { subject: string; hour: number; minutes: bigint; last_at: number }
    >();
    const report = (subject: string, at: number) => {
      const hour = Math.floor(at / HOUR);
      const bit = 1n << BigInt(Math.floor((at - hour * HOUR) / 60_000));
      const key = `${subject}\u0000${hour}`;
      const r = reports.get(key);
      if (r) {
        r.minutes |= bit;
        r.last_at = Math.max(r.last_at, at);
      } else {
        reports.set(key, { subject, hour, minutes: bit, last_at: at });
      }
    };
    for (const e of fresh) {
      if (!streamingRuns.has(e.runId) || e.eventType !== 'RUNNING') continue;
      if (processing.get(eventJob.get(e)!) !== 'STREAMING') continue;
      report(jobSubject(eventJob.get(e)!), e.time);
      const written = new Set(allOutputs.get(e.runId) ?? []);
      for (const ds of e.event.outputs ?? []) {
        written.add(datasetId(ds.namespace, ds.name));
      }
      for (const ds of written) report(datasetSubject(ds), e.time);
    }
    const sh = TABLES.streamHourly;
    await insertValues(
      trx,
      sh,
      byKey(reports).map(
        (r): DbStreamHourlyRow => ({
          subject: r.subject,
          hour: r.hour,
          minutes: r.minutes.toString(),
          last_at: r.last_at,
        }),
      ),
      {
        conflict: ['subject', 'hour'],
        onConflict: {
          minutes: `${sh}.minutes | excluded.minutes`,
          last_at: greatest(trx, `${sh}.last_at`, 'excluded.last_at'),
        },
      },
    );

    // 7. Which job read and wrote which dataset, also per output set; then the edges.
    await insertValues(trx, TABLES.io, byKey(io), {
      conflict: ['job_id', 'direction', 'dataset_id'],
      onConflict: {
        first_at: least(trx, `${TABLES.io}.first_at`, 'excluded.first_at'),
        last_at: greatest(trx, `${TABLES.io}.last_at`, 'excluded.last_at'),
      },
    });
    const runById = new Map(after.map(r => [r.run_id, r]));
    const setIo = new Map<
      string,
      DbSetIoRow & { first_at: number; last_at: number }
    >();
    const addSetIo = (
      run: RunRow,
      direction: string,
      dataset: string,
      first: number,
      last: number,
    ) =>
      widen(
        setIo as never,
        `${run.job_id}\u0000${run.output_set}\u0000${direction}\u0000${dataset}`,
        {
          job_id: run.job_id,
          output_set: run.output_set,
          direction,
          dataset_id: dataset,
          first_at: first,
          last_at: last,
        } as never,
      );
    for (const e of fresh) {
      const run = runById.get(e.runId)!;
      for (const ds of e.event.inputs ?? []) {
        addSetIo(run, 'in', datasetId(ds.namespace, ds.name), e.time, e.time);
      }
      for (const ds of e.event.outputs ?? []) {
        addSetIo(run, 'out', datasetId(ds.namespace, ds.name), e.time, e.time);
      }
    }
    // A run whose output set changed brings all it read and wrote to its new set.
    for (const part of chunks([...setChanged].sort(), 500)) {
      const rows = await trx<DbRunDatasetRow>(TABLES.runDatasets)
        .whereIn('run_id', part)
        .select('run_id', 'direction', 'dataset_id');
      for (const r of rows) {
        const run = runById.get(r.run_id)!;
        addSetIo(
          run,
          r.direction,
          r.dataset_id,
          run.started_at,
          run.last_event_at,
        );
      }
    }
    // The jobs' io as stored before, to tell a new io shape from wider times.
    const ioKey = (r: ObservedIoRow) =>
      `${r.job_id}\u0000${r.output_set}\u0000${r.direction}\u0000${r.dataset_id}`;
    const seen = byKey(setIo) as ObservedIoRow[];
    const allIo = new Map<string, ObservedIoRow>();
    const seenJobs = [...new Set(seen.map(r => r.job_id))];
    for (const r of await readObservedIo(trx, seenJobs)) allIo.set(ioKey(r), r);
    const reshaped = new Set<string>();
    for (const r of seen) {
      const had = allIo.get(ioKey(r));
      if (had) {
        had.first_at = Math.min(had.first_at, r.first_at);
        had.last_at = Math.max(had.last_at, r.last_at);
      } else {
        allIo.set(ioKey(r), { ...r });
        reshaped.add(r.job_id);
      }
    }
    const si = TABLES.setIo;
    await insertValues(trx, si, seen, {
      conflict: ['job_id', 'output_set', 'direction', 'dataset_id'],
      onConflict: {
        first_at: least(trx, `${si}.first_at`, 'excluded.first_at'),
        last_at: greatest(trx, `${si}.last_at`, 'excluded.last_at'),
      },
    });
    await updateObservedEdges(trx, {
      io: [...allIo.values()],
      seen,
      reshaped,
      newJobs: new Set([...jobs.keys()].filter(j => !knownJobs.has(j))),
    });
    await mapNewMatchKeys(trx, newKeys);

    // 8. Quality facets and dbt tests, as observations of the dataset.
    await insertObservations(trx, observations);

    // 9. Column lineage: the latest per output field.
    await storeColumnLineage(trx, columnLineage);

    // 10. The datasets' facets (schema, symlinks, ...), the latest per name.
    if (facetInputs.length) await upsertDatasetFacets(trx, facetInputs);
    return fresh.length;
  });
  return { stored, duplicates: events.length - stored };
}

type DbBigIntLike = number | string;

const byKeyOf = <V>(m: Map<string, V>) =>
  [...m.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);

/** Replaces the column lineage of each output field by a newer one. */
async function storeColumnLineage(
  trx: Knex,
  latest: Map<string, { at: number; rows: DbColumnLineageRow[] }>,
) {
  if (latest.size === 0) return;
  const byDataset = new Map<string, string[]>();
  for (const key of latest.keys()) {
    const [dataset, field] = key.split('\u0000');
    if (!byDataset.has(dataset)) byDataset.set(dataset, []);
    byDataset.get(dataset)!.push(field);
  }
  const stored = new Map<string, number>();
  for (const part of chunks([...byDataset.keys()].sort(compare), 200)) {
    const rows: Array<{ dataset_id: string; field: string; at: DbBigIntLike }> =
      await trx(TABLES.columnLineage)
        .whereIn('dataset_id', part)
        .groupBy('dataset_id', 'field')
        .select('dataset_id', 'field')
        .max({ at: 'observed_at' });
    for (const r of rows)
      stored.set(`${r.dataset_id}\u0000${r.field}`, num(r.at));
  }
  const rows: DbColumnLineageRow[] = [];
  for (const [key, { at, rows: fieldRows }] of [...latest].sort(([a], [b]) =>
    compare(a, b),
  )) {
    const old = stored.get(key);
    if (old !== undefined && old > at) continue;
    if (old !== undefined && old < at) {
      const [dataset, field] = key.split('\u0000');
      await trx(TABLES.columnLineage)
        .where({ dataset_id: dataset, field })
        .delete();
    }
    rows.push(...fieldRows);
  }
  const unique = new Map(
    rows.map(r => [
      `${r.dataset_id}\u0000${r.field}\u0000${r.input_dataset_id}\u0000${r.input_field}`,
      r,
    ]),
  );
  await insertValues(trx, TABLES.columnLineage, byKeyOf(unique), {
    conflict: ['dataset_id', 'field', 'input_dataset_id', 'input_field'],
    onConflict: [
      'input_namespace',
      'input_name',
      'transformations',
      'run_id',
      'job_id',
      'observed_at',
    ],
  });
}
