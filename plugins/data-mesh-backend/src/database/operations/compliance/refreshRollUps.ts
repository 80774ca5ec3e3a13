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

/**
 * Recomputes the roll-up tables from the latest results, in SQL: per domain (own
 * products; '' for none) the products per status with their score sum, and the products
 * per policy and status. One transaction: readers see the old or the new figures.
 */
export async function refreshRollUps(db: Knex): Promise<void> {
  await db.transaction(async trx => {
    await trx(TABLES.rollups).delete();
    await trx(TABLES.rollupPolicies).delete();
    await trx.raw(
      `INSERT INTO ?? (domain_ref, status, products, score_sum)
       SELECT COALESCE(domain_ref, ''), status, COUNT(*), SUM(score)
       FROM ?? GROUP BY COALESCE(domain_ref, ''), status`,
      [TABLES.rollups, TABLES.complianceLatest],
    );
    await trx.raw(
      `INSERT INTO ?? (domain_ref, policy_id, status, severity_rank, products)
       SELECT COALESCE(domain_ref, ''), policy_id, status, MIN(severity_rank), COUNT(*)
       FROM ?? GROUP BY COALESCE(domain_ref, ''), policy_id, status`,
      [TABLES.rollupPolicies, TABLES.compliancePolicies],
    );
  });
}
