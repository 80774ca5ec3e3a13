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
import { TABLES, type DbDatasetFacetRow } from '../../tables';
import { compare, isPostgres } from '../../util';
import { insertValues } from './insertValues';

/*
 * The latest facet of each name per dataset (data_mesh_ol_dataset_facets), from any event
 * kind: a DatasetEvent's facets, a JobEvent's or a RunEvent's dataset facets. "Latest" is
 * by eventTime, so events in any order leave the same row; at equal times the larger
 * payload (by code units) wins, so that too is order-independent. A facet sent with
 * `_deleted: true` (OpenLineage 2-0-2 static facets) is stored as sent: a tombstone that an
 * older event arriving later does not overwrite. Facets that are not objects, and names
 * over 255 characters, are skipped, never an error.
 */

/** The facets of one dataset, as one event gives them. */
export interface DatasetFacetsInput {
  datasetId: string;
  /** The event's `facets` object (anything else is ignored). */
  facets: unknown;
  /** eventTime, epoch milliseconds. */
  time: number;
  /** The event's producer, for facets without `_producer`. */
  producer: string;
}

const MAX_FACET_NAME = 255;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether row a is later than row b (the one to keep). */
function later(a: DbDatasetFacetRow, b: DbDatasetFacetRow): boolean {
  const at = Number(a.event_time);
  const bt = Number(b.event_time);
  if (at !== bt) return at > bt;
  return compare(a.payload, b.payload) > 0;
}

/** The rows the inputs give, one per dataset and facet name (the latest of the inputs). */
export function datasetFacetRows(
  inputs: DatasetFacetsInput[],
): DbDatasetFacetRow[] {
  const rows = new Map<string, DbDatasetFacetRow>();
  for (const input of inputs) {
    if (!isRecord(input.facets)) continue;
    for (const [facet, value] of Object.entries(input.facets)) {
      if (!isRecord(value) || !facet || facet.length > MAX_FACET_NAME) {
        continue;
      }
      const row: DbDatasetFacetRow = {
        dataset_id: input.datasetId,
        facet,
        payload: JSON.stringify(value),
        event_time: input.time,
        producer:
          typeof value._producer === 'string' && value._producer
            ? value._producer
            : input.producer,
      };
      const key = `${input.datasetId}\u0000${facet}`;
      const seen = rows.get(key);
      if (!seen || later(row, seen)) rows.set(key, row);
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, row]) => row);
}

/**
 * Stores the latest facet of each name per dataset. Call it inside the ingest
 * transaction (`db` may be a transaction). Returns how many rows were written or
 * replaced.
 */
export async function upsertDatasetFacets(
  db: Knex,
  inputs: DatasetFacetsInput[],
): Promise<number> {
  const rows = datasetFacetRows(inputs);
  const t = TABLES.datasetFacets;
  const pg = isPostgres(db);
  const payloadOrder = pg
    ? `${t}.payload COLLATE "C" < excluded.payload COLLATE "C"`
    : `${t}.payload < excluded.payload`;
  const res = await insertValues(db, t, rows, {
    conflict: ['dataset_id', 'facet'],
    onConflict: ['payload', 'event_time', 'producer'],
    updateWhere: `${t}.event_time < excluded.event_time OR (${t}.event_time = excluded.event_time AND ${payloadOrder})`,
    returning: ['dataset_id'],
  });
  return res.length;
}
