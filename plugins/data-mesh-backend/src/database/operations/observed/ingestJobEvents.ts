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
import { jobId } from '../../../observed/naming';
import type { ParsedJobEvent } from '../../../observed/openlineage';
import { TABLES, type DbStaticIoRow } from '../../tables';
import { chunks, compare, greatest, least, mergeRaw } from '../../util';
import { eventRow, insertEvents } from './insertEvents';
import { registerDatasets, registerJobs } from './registerNodes';
import { upsertDatasetFacets } from './upsertDatasetFacets';

/*
 * JobEvents (OpenLineage 2-0-2): a job's definition outside any run, with the inputs and
 * outputs it is declared to read and write. In one transaction: the raw event once (by
 * its content key); the job (data_mesh_ol_jobs) and its datasets registered as a
 * RunEvent's are; each input and output as static io of the job
 * (data_mesh_ol_static_io, first and last eventTime widened, so any order gives the same
 * rows); the datasets' facets as their latest facets. A JobEvent is no run: it changes no
 * run state, refresh, availability or observed lineage.
 */

/** Stores JobEvents; the same event twice is stored once. */
export async function ingestJobEvents(
  db: Knex,
  events: ParsedJobEvent[],
  sentBy: string,
  now: number,
): Promise<{ stored: number; duplicates: number }> {
  const unique = new Map<string, ParsedJobEvent>();
  for (const e of events) if (!unique.has(e.key)) unique.set(e.key, e);
  const stored = await db.transaction(async trx => {
    const inserted = await insertEvents(
      trx,
      [...unique.values()].map(e =>
        eventRow(
          e,
          jobId(e.event.job.namespace, e.event.job.name),
          sentBy,
          now,
        ),
      ),
    );
    const fresh = [...unique.values()].filter(e => inserted.has(e.key));
    if (fresh.length === 0) return 0;

    const jobIds = await registerJobs(
      trx,
      fresh.map(e => e.event.job),
    );
    const sides = fresh.flatMap((e, i) =>
      (
        [
          ['in', e.event.inputs ?? []],
          ['out', e.event.outputs ?? []],
        ] as const
      ).flatMap(([direction, list]) =>
        list.map(dataset => ({ e, job: jobIds[i], direction, dataset })),
      ),
    );
    const datasetIds = await registerDatasets(
      trx,
      sides.map(s => s.dataset),
    );

    const io = new Map<string, DbStaticIoRow>();
    sides.forEach((s, i) => {
      const key = `${s.job}\u0000${s.direction}\u0000${datasetIds[i]}`;
      const seen = io.get(key);
      if (seen) {
        seen.first_at = Math.min(Number(seen.first_at), s.e.time);
        seen.last_at = Math.max(Number(seen.last_at), s.e.time);
      } else {
        io.set(key, {
          job_id: s.job,
          direction: s.direction,
          dataset_id: datasetIds[i],
          first_at: s.e.time,
          last_at: s.e.time,
        });
      }
    });
    const t = TABLES.staticIo;
    const rows = [...io.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, r]) => r);
    for (const part of chunks(rows, 500)) {
      await trx<DbStaticIoRow>(t)
        .insert(part)
        .onConflict(['job_id', 'direction', 'dataset_id'])
        .merge(
          mergeRaw<DbStaticIoRow>({
            first_at: trx.raw(least(trx, `${t}.first_at`, 'excluded.first_at')),
            last_at: trx.raw(greatest(trx, `${t}.last_at`, 'excluded.last_at')),
          }),
        );
    }

    await upsertDatasetFacets(
      trx,
      sides.map((s, i) => ({
        datasetId: datasetIds[i],
        facets: s.dataset.facets,
        time: s.e.time,
        producer: s.e.event.producer,
      })),
    );
    return fresh.length;
  });
  return { stored, duplicates: events.length - stored };
}
