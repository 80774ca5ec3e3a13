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
