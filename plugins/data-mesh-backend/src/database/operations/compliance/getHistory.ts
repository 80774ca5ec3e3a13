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

import type {
  ComplianceHistoryItem,
  ComplianceStatus,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { TABLES, type DbComplianceHistoryRow } from '../../tables';
import { countsOf, expandStatuses, SUMMARY_COLUMNS } from './results';

/** A page of a product's history, newest first, before the history id `before`. */
export async function getHistory(
  db: Knex,
  entityRef: string,
  options: { before?: number; limit: number },
): Promise<ComplianceHistoryItem[]> {
  const query = db<DbComplianceHistoryRow>(TABLES.complianceHistory)
    .where('entity_ref', entityRef)
    .orderBy('id', 'desc')
    .limit(options.limit)
    .select('id', ...SUMMARY_COLUMNS, 'policy_statuses');
  if (options.before !== undefined) query.where('id', '<', options.before);
  const rows = await query;
  return rows.map(row => ({
    id: Number(row.id),
    evaluatedAt: row.evaluated_at,
    status: row.status as ComplianceStatus,
    passed: Boolean(row.passed),
    score: Number(row.score),
    counts: countsOf(row),
    results: expandStatuses(row.policy_statuses),
  }));
}
