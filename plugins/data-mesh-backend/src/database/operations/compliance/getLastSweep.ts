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

import type { ComplianceSweepInfo } from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { TABLES, type DbSweepRow } from '../../tables';

/**
 * What the last sweep did, if one ran: the full sweep (`last`), the incremental one
 * (`incremental`) or the SLO roll-up (`slos`).
 */
export async function getLastSweep(
  db: Knex,
  id: 'last' | 'incremental' | 'slos' = 'last',
): Promise<ComplianceSweepInfo | undefined> {
  const row = await db<DbSweepRow>(TABLES.sweeps).where({ id }).first();
  if (!row) return undefined;
  return {
    finishedAt: row.finished_at,
    products: Number(row.products),
    domains: Number(row.domains),
    durationMs: Number(row.duration_ms),
  };
}
