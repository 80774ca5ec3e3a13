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

import type { Observation } from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { iso } from '../../../lib/time';
import { TABLES, type DbObservationRow } from '../../tables';
import { beforeKey, num } from '../../util';

/** Where a page of observations ends: the last one's time and id. */
export type ObservationsPageKey = [observedAt: number, id: number];

/** A page of the observations of the given subjects, newest first. */
export async function listObservations(
  db: Knex,
  subjects: string[],
  options: { limit: number; indicator?: string; after?: ObservationsPageKey },
): Promise<{ items: Observation[]; next?: ObservationsPageKey }> {
  const query = db<DbObservationRow>(TABLES.observations)
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
  const rows = await beforeKey(query, ['observed_at', 'id'], options.after);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(r => ({
      id: String(r.id),
      subject: r.subject,
      indicator: r.indicator,
      value: Number(r.value),
      observedAt: iso(num(r.observed_at)),
      source: r.source as Observation['source'],
      sentBy: r.sent_by,
    })),
    ...(rows.length > options.limit
      ? {
          next: [num(last.observed_at), num(last.id)] as ObservationsPageKey,
        }
      : {}),
  };
}
