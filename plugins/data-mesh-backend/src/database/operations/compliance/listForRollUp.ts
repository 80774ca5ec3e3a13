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

import type { ComplianceStatus } from '@meshwork/plugin-data-mesh-common';
import type { ComplianceRollUpInput } from '@meshwork/plugin-data-mesh-node';
import type { Knex } from 'knex';
import { TABLES, type DbComplianceLatestRow } from '../../tables';
import { expandStatuses } from './results';

/** A product's latest status and per-policy statuses, as the roll-ups read them. */
export type RollUpRow = ComplianceRollUpInput & { entityRef: string };

/** Every product's latest status and per-policy statuses, for roll-ups. */
export async function listForRollUp(db: Knex): Promise<RollUpRow[]> {
  const rows = await db<DbComplianceLatestRow>(TABLES.complianceLatest).select(
    'entity_ref',
    'domain_ref',
    'status',
    'score',
    'policy_statuses',
  );
  return rows.map(row => ({
    entityRef: row.entity_ref,
    domainRef: row.domain_ref,
    status: row.status as ComplianceStatus,
    score: Number(row.score),
    results: expandStatuses(row.policy_statuses),
  }));
}
