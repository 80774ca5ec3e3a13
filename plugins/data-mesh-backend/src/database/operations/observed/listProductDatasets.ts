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
import type { ProductMapping } from '../../../observed/productMapping';
import { TABLES, type DbDatasetKeyRow } from '../../tables';
import { compare } from '../../util';

/** The ids of the datasets matching a product's output port locations. */
export async function listProductDatasets(
  db: Knex,
  mapping: ProductMapping,
): Promise<string[]> {
  if (mapping.locationKeys.length === 0) return [];
  const rows: Array<Pick<DbDatasetKeyRow, 'dataset_id'>> =
    await db<DbDatasetKeyRow>(TABLES.datasetKeys)
      .whereIn('match_key', mapping.locationKeys)
      .distinct('dataset_id');
  return rows.map(r => r.dataset_id).sort();
}

/** A dataset an output port's location matches. */
export interface PortDataset {
  datasetId: string;
  namespace: string;
  name: string;
}

/** The datasets each of the product's port location keys matches, by id (at most 100 each). */
export async function listPortDatasets(
  db: Knex,
  mapping: ProductMapping,
): Promise<Map<string, PortDataset[]>> {
  const out = new Map<string, PortDataset[]>();
  const keys = [...new Set(mapping.ports.map(p => p.key))];
  if (keys.length === 0) return out;
  const rows: Array<{
    match_key: string;
    dataset_id: string;
    namespace: string;
    name: string;
  }> = await db(`${TABLES.datasetKeys} as k`)
    .join(`${TABLES.datasets} as d`, 'd.dataset_id', 'k.dataset_id')
    .whereIn('k.match_key', keys)
    .select('k.match_key', 'd.dataset_id', 'd.namespace', 'd.name');
  for (const r of rows.sort((a, b) => compare(a.dataset_id, b.dataset_id))) {
    const list = out.get(r.match_key) ?? [];
    if (list.length < 100) {
      list.push({
        datasetId: r.dataset_id,
        namespace: r.namespace,
        name: r.name,
      });
    }
    out.set(r.match_key, list);
  }
  return out;
}
