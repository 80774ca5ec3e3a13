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

/** A product's SLO input, as the SLO roll-up reads it. */
export type SloInputRow = Pick<
  DbMeshProductRow,
  'entity_ref' | 'slo_input' | 'slo_measured' | 'slo_met'
>;

/** A page of the products that declare SLOs, by entity ref. */
export async function listSloInputs(
  db: Knex,
  options: { after?: string; limit: number },
): Promise<SloInputRow[]> {
  const query = db<DbMeshProductRow>(TABLES.meshProducts)
    .where('slo_declared', '>', 0)
    .orderBy('entity_ref')
    .limit(options.limit)
    .select('entity_ref', 'slo_input', 'slo_measured', 'slo_met');
  if (options.after !== undefined)
    query.where('entity_ref', '>', options.after);
  return query;
}

/** What the SLO roll-up found for one product. */
export interface SloAttainment {
  entityRef: string;
  /** SLOs with a status (a current value). */
  measured: number;
  /** SLOs met. */
  met: number;
}

/**
 * Stores the SLO attainment of products, at `checkedAt`. Only rows whose figures changed
 * are rewritten; the time of the others is not (the roll-up's own time is recorded by
 * the caller).
 */
export async function saveSloAttainment(
  db: Knex,
  rows: readonly SloAttainment[],
  stored: ReadonlyMap<string, { measured: number | null; met: number | null }>,
  checkedAt: Date,
): Promise<number> {
  const changed = rows.filter(r => {
    const before = stored.get(r.entityRef);
    return !before || before.measured !== r.measured || before.met !== r.met;
  });
  const at = checkedAt.toISOString();
  for (const chunk of chunks(changed, 50)) {
    await db.transaction(async trx => {
      for (const r of chunk) {
        await trx<DbMeshProductRow>(TABLES.meshProducts)
          .where('entity_ref', r.entityRef)
          .update({
            slo_measured: r.measured,
            slo_met: r.met,
            slo_checked_at: at,
          });
      }
    });
  }
  return changed.length;
}
