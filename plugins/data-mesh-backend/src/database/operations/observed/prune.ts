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
import { HOUR } from '../../../lib/time';
import { TABLES, type DbBigInt } from '../../tables';

/** What a pruning pass deleted. */
export interface PruneResult {
  events: number;
  runs: number;
  runDatasets: number;
  observations: number;
  jobHours: number;
  /** Hours of terminal runs per job and output set. */
  runHours: number;
  /** Hours of stream reports. */
  streamHours: number;
  observationHours: number;
  refreshes: number;
}

const BATCH = 2000;

/** Deletes, a batch at a time, the rows whose keys `select` returns. */
async function inBatches<Key extends DbBigInt>(
  select: () => Promise<Key[]>,
  del: (keys: Key[]) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const keys = await select();
    if (keys.length === 0) return total;
    total += await del(keys);
    if (keys.length < BATCH) return total;
  }
}

/** Deletes raw rows older than `rawBefore` and aggregates older than `aggregateBefore`. */
export async function prune(
  db: Knex,
  options: { rawBefore: number; aggregateBefore: number },
): Promise<PruneResult> {
  const result: PruneResult = {
    events: 0,
    runs: 0,
    runDatasets: 0,
    observations: 0,
    jobHours: 0,
    runHours: 0,
    streamHours: 0,
    observationHours: 0,
    refreshes: 0,
  };
  result.events = await inBatches(
    async () =>
      (
        await db(TABLES.events)
          .where('event_time', '<', options.rawBefore)
          .limit(BATCH)
          .select<Array<{ id: DbBigInt }>>('id')
      ).map(r => r.id),
    ids => db(TABLES.events).whereIn('id', ids).delete(),
  );
  result.runs = await inBatches(
    async () =>
      (
        await db(TABLES.runs)
          .where('last_event_at', '<', options.rawBefore)
          .limit(BATCH)
          .select<Array<{ run_id: string }>>('run_id')
      ).map(r => r.run_id),
    ids =>
      db.transaction<number>(async trx => {
        result.runDatasets += await trx(TABLES.runDatasets)
          .whereIn('run_id', ids)
          .delete();
        return Number(await trx(TABLES.runs).whereIn('run_id', ids).delete());
      }),
  );
  result.observations = await inBatches(
    async () =>
      (
        await db(TABLES.observations)
          .where('observed_at', '<', options.rawBefore)
          .limit(BATCH)
          .select<Array<{ id: DbBigInt }>>('id')
      ).map(r => r.id),
    ids => db(TABLES.observations).whereIn('id', ids).delete(),
  );
  const hour = Math.floor(options.aggregateBefore / HOUR);
  result.jobHours = await db(TABLES.jobHourly)
    .where('hour', '<', hour)
    .delete();
  result.runHours = await db(TABLES.runHourly)
    .where('hour', '<', hour)
    .delete();
  result.streamHours = await db(TABLES.streamHourly)
    .where('hour', '<', hour)
    .delete();
  result.observationHours = await db(TABLES.obsHourly)
    .where('hour', '<', hour)
    .delete();
  result.refreshes = await db(TABLES.refreshes)
    .where('at', '<', options.aggregateBefore)
    .delete();
  return result;
}
