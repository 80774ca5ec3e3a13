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
import { HOUR } from '../../../lib/time';
import { TABLES, type DbBigInt, type DbRunHourlyRow } from '../../tables';
import { num } from '../../util';
import { noRuns, whereProductRuns, type ProductRuns } from './productRuns';

/** Terminal runs that count for a product (productRuns.ts) whose deciding event is at or after `since`. */
export async function countTerminalRuns(
  db: Knex,
  runs: ProductRuns,
  since: number,
): Promise<number> {
  if (noRuns(runs)) return 0;
  const row = (await whereProductRuns(
    db<DbRunHourlyRow>(TABLES.runHourly),
    runs,
    { job: 'job_id', outputSet: 'output_set' },
  )
    .andWhere('hour', '>=', Math.floor(since / HOUR))
    .sum({ c: 'complete_count', f: 'fail_count', a: 'abort_count' })
    .first()) as
    | { c: DbBigInt | null; f: DbBigInt | null; a: DbBigInt | null }
    | undefined;
  return num(row?.c ?? 0) + num(row?.f ?? 0) + num(row?.a ?? 0);
}
