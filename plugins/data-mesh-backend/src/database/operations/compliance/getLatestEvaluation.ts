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

import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { TABLES, type DbComplianceLatestRow } from '../../tables';
import { confirmedAt, lastFullSweepAt } from './results';

/**
 * The latest full evaluation of a product, as the last sweep stored it; its time is when
 * a sweep last evaluated it (a result a sweep found unchanged is not rewritten).
 */
export async function getLatestEvaluation(
  db: Knex,
  entityRef: string,
): Promise<ProductEvaluation | undefined> {
  const row = await db<DbComplianceLatestRow>(TABLES.complianceLatest)
    .where({ entity_ref: entityRef })
    .first('evaluation');
  if (!row) return undefined;
  const evaluation = JSON.parse(row.evaluation) as ProductEvaluation;
  return {
    ...evaluation,
    evaluatedAt: confirmedAt(evaluation.evaluatedAt, await lastFullSweepAt(db)),
  };
}
