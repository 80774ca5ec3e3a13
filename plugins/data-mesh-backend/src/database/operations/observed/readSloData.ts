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
import { datasetSubject, jobSubject } from '../../../observed/naming';
import {
  TABLES,
  type DbBigInt,
  type DbObservationHourlyRow,
  type DbRefreshRow,
  type DbRunHourlyRow,
  type DbRunRow,
  type DbStreamHourlyRow,
} from '../../tables';
import { mergeHour, num, optNum, type HourAggregate } from '../../util';
import { noRuns, whereProductRuns, type ProductRuns } from './productRuns';

/** Measured values of one indicator in one hour, merged over a product's subjects. */
export interface ObservationHour extends HourAggregate {
  hour: number;
}

/** What the SLO computation reads for one product. */
export interface SloData {
  now: number;
  windowStart: number;
  /** Refresh times in [windowStart, now], ascending, distinct. */
  refreshes: number[];
  /** The latest refresh before windowStart. */
  refreshBefore?: number;
  /** Terminal runs per hour of the product's runs (see productRuns.ts), in the window. */
  runHours: Array<{
    hour: number;
    complete: number;
    fail: number;
    abort: number;
  }>;
  /** The latest terminal run still stored. */
  lastRunAt?: number;
  /** Measured values per indicator and hour, in the window. */
  observationHours: Map<string, ObservationHour[]>;
  /**
   * Reports of the product's streams (its datasets and annotated jobs) per hour, from
   * `streamFrom`, ascending: bit m of `minutes` is a report in minute m of the hour.
   */
  streamHours?: Array<{ hour: number; minutes: bigint; lastAt: number }>;
}

/** Options of {@link readSloData}. */
export interface ReadSloDataOptions {
  productRef: string;
  datasetIds: string[];
  /** The runs that count for the product. */
  runs: ProductRuns;
  indicators: string[];
  windowStart: number;
  /** Stream reports are read from here (the window start less the report window). */
  streamFrom?: number;
  now: number;
}

type RunHourSums = Pick<DbRunHourlyRow, 'hour'> & {
  complete: DbBigInt;
  fail: DbBigInt;
  abort: DbBigInt;
};

/** Everything the SLO computation of one product needs, in a handful of queries. */
export async function readSloData(
  db: Knex,
  options: ReadSloDataOptions,
): Promise<SloData> {
  const { windowStart, now } = options;
  const { runs } = options;
  const refreshSubjects = [
    ...runs.annotatedJobIds.map(jobSubject),
    ...options.datasetIds.map(datasetSubject),
  ];
  const obsSubjects = [
    options.productRef,
    ...options.datasetIds.map(datasetSubject),
  ];
  const fromHour = Math.floor(windowStart / HOUR);
  const none = Promise.resolve(undefined);

  const anyRuns = !noRuns(runs);
  const streamFromHour = Math.floor(
    Math.min(options.streamFrom ?? windowStart, windowStart) / HOUR,
  );
  const [refreshRows, beforeRow, runRows, lastRunRow, obsRows, streamRows] =
    await Promise.all([
      refreshSubjects.length
        ? (db<DbRefreshRow>(TABLES.refreshes)
            .whereIn('subject', refreshSubjects)
            .andWhere('at', '>=', windowStart)
            .andWhere('at', '<=', now)
            .distinct('at')
            .orderBy('at') as Promise<Array<Pick<DbRefreshRow, 'at'>>>)
        : Promise.resolve([]),
      refreshSubjects.length
        ? (db<DbRefreshRow>(TABLES.refreshes)
            .whereIn('subject', refreshSubjects)
            .andWhere('at', '<', windowStart)
            .max({ at: 'at' })
            .first() as Promise<{ at: DbBigInt | null } | undefined>)
        : none,
      anyRuns
        ? (whereProductRuns(db<DbRunHourlyRow>(TABLES.runHourly), runs, {
            job: 'job_id',
            outputSet: 'output_set',
          })
            .andWhere('hour', '>=', fromHour)
            .groupBy('hour')
            .orderBy('hour')
            .select('hour')
            .sum({
              complete: 'complete_count',
              fail: 'fail_count',
              abort: 'abort_count',
            }) as unknown as Promise<RunHourSums[]>)
        : Promise.resolve([]),
      anyRuns
        ? (whereProductRuns(db<DbRunRow>(TABLES.runs), runs, {
            job: 'job_id',
            outputSet: 'output_set',
          })
            .whereNotNull('ended_at')
            .max({ at: 'ended_at' })
            .first() as Promise<{ at: DbBigInt | null } | undefined>)
        : none,
      options.indicators.length
        ? (db<DbObservationHourlyRow>(TABLES.obsHourly)
            .whereIn('subject', obsSubjects)
            .whereIn('indicator', options.indicators)
            .andWhere('hour', '>=', fromHour)
            .orderBy('hour')
            .select('*') as Promise<DbObservationHourlyRow[]>)
        : Promise.resolve([]),
      refreshSubjects.length
        ? (db<DbStreamHourlyRow>(TABLES.streamHourly)
            .whereIn('subject', refreshSubjects)
            .andWhere('hour', '>=', streamFromHour)
            .andWhere('hour', '<=', Math.floor(now / HOUR))
            .orderBy('hour')
            .select(
              'hour',
              'last_at',
              db.raw('CAST(minutes AS TEXT) as minutes'),
            ) as Promise<
            Array<
              Pick<DbStreamHourlyRow, 'hour' | 'last_at'> & {
                minutes: string;
              }
            >
          >)
        : Promise.resolve([]),
    ]);

  // Reports of several subjects in one hour are one report.
  const streamHours: SloData['streamHours'] = [];
  for (const r of streamRows) {
    const hour = num(r.hour);
    const prev = streamHours[streamHours.length - 1];
    const minutes = BigInt(r.minutes);
    const lastAt = num(r.last_at);
    if (prev && prev.hour === hour) {
      prev.minutes |= minutes;
      prev.lastAt = Math.max(prev.lastAt, lastAt);
    } else {
      streamHours.push({ hour, minutes, lastAt });
    }
  }

  const observationHours: SloData['observationHours'] = new Map();
  for (const r of obsRows) {
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
      // The same hour of another subject of the product.
      mergeHour(prev, row);
    } else {
      list.push(row);
    }
    observationHours.set(r.indicator, list);
  }

  return {
    now,
    windowStart,
    refreshes: refreshRows.map(r => num(r.at)),
    refreshBefore: optNum(beforeRow?.at),
    runHours: runRows.map(r => ({
      hour: num(r.hour),
      complete: num(r.complete),
      fail: num(r.fail),
      abort: num(r.abort),
    })),
    lastRunAt: optNum(lastRunRow?.at),
    observationHours,
    streamHours,
  };
}
