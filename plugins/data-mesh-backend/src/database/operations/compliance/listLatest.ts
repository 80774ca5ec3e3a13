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
  ComplianceListItem,
  ComplianceStatus,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { TABLES, type DbComplianceLatestRow } from '../../tables';
import {
  confirmedAt,
  countsOf,
  lastFullSweepAt,
  SUMMARY_COLUMNS,
} from './results';

/** Options of {@link listLatest}. */
export interface ListLatestOptions {
  /** Only refs after this one. */
  after?: string;
  limit: number;
  domainRef?: string;
  status?: ComplianceStatus;
}

/** A page of latest results, ordered by entity ref. */
export async function listLatest(
  db: Knex,
  options: ListLatestOptions,
): Promise<ComplianceListItem[]> {
  const query = db<DbComplianceLatestRow>(TABLES.complianceLatest)
    .select('entity_ref', 'domain_ref', ...SUMMARY_COLUMNS)
    .orderBy('entity_ref', 'asc')
    .limit(options.limit);
  if (options.after !== undefined)
    query.where('entity_ref', '>', options.after);
  if (options.domainRef !== undefined)
    query.where('domain_ref', options.domainRef);
  if (options.status !== undefined) query.where('status', options.status);
  const [rows, sweptAt] = await Promise.all([query, lastFullSweepAt(db)]);
  return rows.map(row => {
    const item: ComplianceListItem = {
      entityRef: row.entity_ref,
      status: row.status as ComplianceStatus,
      passed: Boolean(row.passed),
      score: Number(row.score),
      counts: countsOf(row),
      evaluatedAt: confirmedAt(row.evaluated_at, sweptAt),
    };
    if (row.domain_ref) item.domainRef = row.domain_ref;
    return item;
  });
}
