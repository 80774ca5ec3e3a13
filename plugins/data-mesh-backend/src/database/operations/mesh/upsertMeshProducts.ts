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
import { TABLES, type DbMeshProductRow } from '../../tables';
import { chunks } from '../../util';

/** A product as the mesh lists it; the SLO attainment columns are the SLO roll-up's. */
export type MeshProductInput = Omit<
  DbMeshProductRow,
  'slo_measured' | 'slo_met' | 'slo_checked_at'
>;

/** The columns a catalog read sets (the SLO attainment is kept). */
const CATALOG_COLUMNS: Array<keyof MeshProductInput> = [
  'namespace',
  'name',
  'title',
  'sort_title',
  'description',
  'search_text',
  'domain_ref',
  'type',
  'lifecycle',
  'classification',
  'slo_declared',
  'slo_input',
  'etag',
  'updated_at',
];

/**
 * Upserts the mesh rows of products read from the catalog, writing only those whose
 * catalog etag differs from the stored one. A changed product keeps its SLO attainment
 * until the SLO roll-up computes it again; one that no longer declares SLOs loses it.
 * Returns how many rows were written.
 */
export async function upsertMeshProducts(
  trx: Knex | Knex.Transaction,
  rows: readonly MeshProductInput[],
): Promise<number> {
  const stored = new Map<string, string>();
  for (const refs of chunks(
    rows.map(r => r.entity_ref),
    500,
  )) {
    const found = await trx<DbMeshProductRow>(TABLES.meshProducts)
      .whereIn('entity_ref', refs)
      .select('entity_ref', 'etag');
    for (const r of found) stored.set(r.entity_ref, r.etag);
  }
  const changed = rows.filter(r => stored.get(r.entity_ref) !== r.etag);
  for (const chunk of chunks(changed, 50)) {
    await trx<DbMeshProductRow>(TABLES.meshProducts)
      .insert(chunk)
      .onConflict('entity_ref')
      .merge(CATALOG_COLUMNS);
  }
  const noSlos = changed.filter(r => r.slo_declared === 0);
  for (const chunk of chunks(
    noSlos.map(r => r.entity_ref),
    500,
  )) {
    await trx<DbMeshProductRow>(TABLES.meshProducts)
      .whereIn('entity_ref', chunk)
      .update({ slo_measured: null, slo_met: null, slo_checked_at: null });
  }
  return changed.length;
}
