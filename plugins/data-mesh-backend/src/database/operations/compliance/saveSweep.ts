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
import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import {
  TABLES,
  type DbComplianceLatestRow,
  type DbComplianceResultColumns,
  type DbDomainRow,
  type DbSweepRow,
} from '../../tables';
import { chunks } from '../../util';
import { resultColumns } from './results';

/** What a saved sweep wrote. */
export interface SaveSweepResult {
  written: number;
  historyAppended: number;
  removed: number;
}

/** Options of {@link saveSweep}. */
export interface SaveSweepOptions {
  now: Date;
  /** A history row is appended at least this often per product, even without change. */
  historyHeartbeatMs: number;
  durationMs: number;
}

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

/**
 * Saves the evaluations of one sweep: upserts the latest result of each product, appends a
 * history row for products whose result changed (or whose last history row is older than
 * the heartbeat, so charts get regular points), removes products that are gone, and records
 * the domain hierarchy. One transaction: readers never see half a sweep.
 */
export async function saveSweep(
  db: Knex,
  evaluations: readonly ProductEvaluation[],
  domains: ReadonlyArray<{ domainRef: string; parentRef?: string }>,
  options: SaveSweepOptions,
): Promise<SaveSweepResult> {
  const nowIso = options.now.toISOString();
  const heartbeatBefore = new Date(
    options.now.getTime() - options.historyHeartbeatMs,
  ).toISOString();
  return db.transaction(async trx => {
    const existing = new Map<
      string,
      Pick<DbComplianceLatestRow, 'fingerprint' | 'history_at'>
    >();
    for (const row of await trx<DbComplianceLatestRow>(
      TABLES.complianceLatest,
    ).select('entity_ref', 'fingerprint', 'history_at')) {
      existing.set(row.entity_ref, row);
    }

    const latestRows: DbComplianceLatestRow[] = [];
    const historyRows: DbComplianceResultColumns[] = [];
    const seen = new Set<string>();
    for (const e of evaluations) {
      if (seen.has(e.entityRef)) continue;
      seen.add(e.entityRef);
      const fingerprint = evaluationFingerprint(e);
      const before = existing.get(e.entityRef);
      const appendHistory =
        !before ||
        before.fingerprint !== fingerprint ||
        before.history_at <= heartbeatBefore;
      const columns = resultColumns(e);
      latestRows.push({
        ...columns,
        evaluation: JSON.stringify(e),
        fingerprint,
        history_at: appendHistory ? nowIso : before!.history_at,
      });
      if (appendHistory) historyRows.push(columns);
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
    const removed = [...existing.keys()].filter(ref => !seen.has(ref));
    for (const chunk of chunks(removed, 500)) {
      await trx(TABLES.complianceLatest).whereIn('entity_ref', chunk).delete();
    }

    await trx(TABLES.domains).delete();
    for (const chunk of chunks(domains, 50)) {
      await trx<DbDomainRow>(TABLES.domains).insert(
        chunk.map(d => ({
          domain_ref: d.domainRef,
          parent_ref: d.parentRef ?? null,
        })),
      );
    }
    await trx<DbSweepRow>(TABLES.sweeps)
      .insert({
        id: 'last',
        finished_at: nowIso,
        products: latestRows.length,
        domains: domains.length,
        duration_ms: Math.round(options.durationMs),
      })
      .onConflict('id')
      .merge();

    return {
      written: latestRows.length,
      historyAppended: historyRows.length,
      removed: removed.length,
    };
  });
}
