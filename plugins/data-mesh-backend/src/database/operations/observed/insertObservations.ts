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
import { HOUR } from '../../../lib/time';
import {
  TABLES,
  type DbObservationHourlyRow,
  type DbObservationRow,
} from '../../tables';
import {
  compare,
  greatest,
  least,
  mergeHour,
  type HourAggregate,
} from '../../util';
import { insertValues } from './insertValues';

/** A measured value to store. */
export interface ObservationRow extends DbObservationRow {
  observed_at: number;
  source: 'api' | 'openlineage';
}

/** The dedupe key of an observation: the same parts give the same key. */
export function observationKey(parts: Array<string | number>) {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/**
 * Inserts observations (once each, by dedupe key) and adds the new ones to the hourly
 * aggregates; returns how many were new. Run inside the caller's transaction.
 */
export async function insertObservations(
  trx: Knex,
  rows: ObservationRow[],
): Promise<number> {
  const unique = new Map(rows.map(r => [r.dedupe_key, r]));
  const inserted = new Set<string>();
  for (const r of await insertValues(
    trx,
    TABLES.observations,
    [...unique.values()],
    {
      conflict: ['observed_at', 'dedupe_key'],
      onConflict: 'ignore',
      returning: ['dedupe_key'],
    },
  )) {
    inserted.add(r.dedupe_key as string);
  }
  const hourly = new Map<
    string,
    HourAggregate & { subject: string; indicator: string; hour: number }
  >();
  for (const r of unique.values()) {
    if (!inserted.has(r.dedupe_key)) continue;
    const hour = Math.floor(r.observed_at / HOUR);
    const key = `${r.subject}\u0000${r.indicator}\u0000${hour}`;
    const one: HourAggregate = {
      count: 1,
      sum: r.value,
      min: r.value,
      max: r.value,
      lastValue: r.value,
      lastAt: r.observed_at,
    };
    const h = hourly.get(key);
    if (h) mergeHour(h, one);
    else
      hourly.set(key, {
        subject: r.subject,
        indicator: r.indicator,
        hour,
        ...one,
      });
  }
  const t = TABLES.obsHourly;
  const sorted = [...hourly.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(
      ([, { lastValue, lastAt, ...h }]): DbObservationHourlyRow => ({
        ...h,
        last_value: lastValue,
        last_at: lastAt,
      }),
    );
  await insertValues(trx, t, sorted, {
    conflict: ['subject', 'indicator', 'hour'],
    onConflict: {
      count: `${t}.count + excluded.count`,
      sum: `${t}.sum + excluded.sum`,
      min: least(trx, `${t}.min`, 'excluded.min'),
      max: greatest(trx, `${t}.max`, 'excluded.max'),
      last_value: `CASE WHEN excluded.last_at >= ${t}.last_at THEN excluded.last_value ELSE ${t}.last_value END`,
      last_at: greatest(trx, `${t}.last_at`, 'excluded.last_at'),
    },
  });
  return inserted.size;
}
