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
import { TABLES } from '../../tables';
import { chunks } from '../../util';

/**
 * Removes products that left the catalog: their latest result, per-policy rows and mesh
 * row (their history stays until it is pruned). Returns how many latest results went.
 */
export async function removeProducts(
  trx: Knex | Knex.Transaction,
  entityRefs: readonly string[],
): Promise<number> {
  let removed = 0;
  for (const refs of chunks(entityRefs, 500)) {
    removed += await trx(TABLES.complianceLatest)
      .whereIn('entity_ref', refs)
      .delete();
    await trx(TABLES.compliancePolicies).whereIn('entity_ref', refs).delete();
    await trx(TABLES.meshProducts).whereIn('entity_ref', refs).delete();
  }
  return removed;
}
