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

import { createHash } from 'node:crypto';
import type {
  PolicySeverity,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import {
  TABLES,
  type DbCompliancePolicyRow,
  type DbComplianceLatestRow,
  type DbComplianceResultColumns,
} from '../../tables';
import { chunks } from '../../util';
import { resultColumns } from './results';

/** The rank of a severity in the per-policy rows: lower is stricter. */
export const SEVERITY_RANK: Readonly<Record<PolicySeverity, number>> = {
  required: 0,
  recommended: 1,
  optional: 2,
};

/** What the history tracks: a new history row is written when this changes. */
export function evaluationFingerprint(evaluation: ProductEvaluation): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        evaluation.status,
        evaluation.score,
        evaluation.domainRef ?? null,
        evaluation.results.map(r => [
          r.policyId,
          r.severity,
          r.status,
          r.source,
        ]),
      ]),
    )
    .digest('hex');
}

/** The whole evaluation but its time: when this is unchanged, nothing is written. */
export function evaluationContentHash(evaluation: ProductEvaluation): string {
  const { evaluatedAt: _time, ...content } = evaluation;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Options of {@link saveEvaluations}. */
export interface SaveEvaluationsOptions {
  now: Date;
  /** A history row is appended at least this often per product, even without change. */
  historyHeartbeatMs: number;
}

/** What {@link saveEvaluations} wrote. */
export interface SaveEvaluationsResult {
  /** Latest results written (new or changed). */
  written: number;
  historyAppended: number;
  /** Results that were the same as stored, and were not written. */
  unchanged: number;
}

/**
 * Saves evaluations as the latest results of their products, writing only what changed:
 * a result equal to the stored one (but for its time) is left as it is, unless its
 * history heartbeat is due. A changed result replaces the product's per-policy rows and,
 * when what the history tracks changed, appends a history row. Runs in the caller's
 * transaction.
 */
export async function saveEvaluations(
  trx: Knex | Knex.Transaction,
  evaluations: readonly ProductEvaluation[],
  options: SaveEvaluationsOptions,
): Promise<SaveEvaluationsResult> {
  const nowIso = options.now.toISOString();
  const heartbeatBefore = new Date(
    options.now.getTime() - options.historyHeartbeatMs,
  ).toISOString();
  const unique = new Map<string, ProductEvaluation>();
  for (const e of evaluations) {
    if (!unique.has(e.entityRef)) unique.set(e.entityRef, e);
  }
  const existing = new Map<
    string,
    Pick<DbComplianceLatestRow, 'fingerprint' | 'history_at' | 'content_hash'>
  >();
  for (const refs of chunks([...unique.keys()], 500)) {
    const rows = await trx<DbComplianceLatestRow>(TABLES.complianceLatest)
      .whereIn('entity_ref', refs)
      .select('entity_ref', 'fingerprint', 'history_at', 'content_hash');
    for (const row of rows) existing.set(row.entity_ref, row);
  }

  const latestRows: DbComplianceLatestRow[] = [];
  const historyRows: DbComplianceResultColumns[] = [];
  const policyRows: DbCompliancePolicyRow[] = [];
  let unchanged = 0;
  for (const e of unique.values()) {
    const fingerprint = evaluationFingerprint(e);
    const contentHash = evaluationContentHash(e);
    const before = existing.get(e.entityRef);
    const appendHistory =
      !before ||
      before.fingerprint !== fingerprint ||
      before.history_at <= heartbeatBefore;
    if (before && !appendHistory && before.content_hash === contentHash) {
      unchanged++;
      continue;
    }
    const columns = resultColumns(e);
    latestRows.push({
      ...columns,
      evaluation: JSON.stringify(e),
      fingerprint,
      content_hash: contentHash,
      history_at: appendHistory ? nowIso : before!.history_at,
    });
    if (appendHistory) historyRows.push(columns);
    for (const r of e.results) {
      policyRows.push({
        entity_ref: e.entityRef,
        domain_ref: e.domainRef ?? null,
        policy_id: r.policyId,
        severity_rank: SEVERITY_RANK[r.severity] ?? SEVERITY_RANK.optional,
        status: r.status,
      });
    }
  }

  for (const chunk of chunks(latestRows, 50)) {
    await trx<DbComplianceLatestRow>(TABLES.complianceLatest)
      .insert(chunk)
      .onConflict('entity_ref')
      .merge();
  }
  for (const chunk of chunks(historyRows, 50)) {
    await trx(TABLES.complianceHistory).insert(chunk);
  }
  for (const refs of chunks(
    latestRows.map(r => r.entity_ref),
    500,
  )) {
    await trx(TABLES.compliancePolicies).whereIn('entity_ref', refs).delete();
  }
  for (const chunk of chunks(policyRows, 100)) {
    await trx<DbCompliancePolicyRow>(TABLES.compliancePolicies).insert(chunk);
  }
  return {
    written: latestRows.length,
    historyAppended: historyRows.length,
    unchanged,
  };
}
