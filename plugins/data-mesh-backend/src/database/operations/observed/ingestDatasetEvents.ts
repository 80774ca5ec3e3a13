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
import type { ParsedDatasetEvent } from '../../../observed/openlineage';
import { eventRow, insertEvents } from './insertEvents';
import { registerDatasets } from './registerNodes';
import { upsertDatasetFacets } from './upsertDatasetFacets';

/*
 * DatasetEvents (OpenLineage 2-0-2): a dataset's metadata outside any run. In one
 * transaction: the raw event once (by its content key); the dataset registered as a
 * RunEvent's datasets are (row and match keys, so it maps to products the same way); its
 * facets as the dataset's latest facets. A DatasetEvent is no run: it changes no run
 * state, refresh or availability.
 */

/** Stores DatasetEvents; the same event twice is stored once. */
export async function ingestDatasetEvents(
  db: Knex,
  events: ParsedDatasetEvent[],
  sentBy: string,
  now: number,
): Promise<{ stored: number; duplicates: number }> {
  const unique = new Map<string, ParsedDatasetEvent>();
  for (const e of events) if (!unique.has(e.key)) unique.set(e.key, e);
  const stored = await db.transaction(async trx => {
    const inserted = await insertEvents(
      trx,
      [...unique.values()].map(e => eventRow(e, '', sentBy, now)),
    );
    const fresh = [...unique.values()].filter(e => inserted.has(e.key));
    if (fresh.length === 0) return 0;
    const ids = await registerDatasets(
      trx,
      fresh.map(e => e.event.dataset),
    );
    await upsertDatasetFacets(
      trx,
      fresh.map((e, i) => ({
        datasetId: ids[i],
        facets: e.event.dataset.facets,
        time: e.time,
        producer: e.event.producer,
      })),
    );
    return fresh.length;
  });
  return { stored, duplicates: events.length - stored };
}
