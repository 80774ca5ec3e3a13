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
import { TABLES, type DbIoRow } from '../../tables';
import { chunks } from '../../util';

/** The product's jobs: those its annotations name, and those that wrote its datasets. */
export async function listProductJobs(
  db: Knex,
  mapping: ProductMapping,
  datasetIds: string[],
): Promise<string[]> {
  const ids = new Set(mapping.jobIds);
  for (const part of chunks(datasetIds, 500)) {
    const rows: Array<Pick<DbIoRow, 'job_id'>> = await db<DbIoRow>(TABLES.io)
      .whereIn('dataset_id', part)
      .andWhere('direction', 'out')
      .distinct('job_id');
    for (const r of rows) ids.add(r.job_id);
  }
  return [...ids].sort();
}
