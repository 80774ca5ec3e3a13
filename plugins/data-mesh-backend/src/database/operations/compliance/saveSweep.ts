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
import { TABLES, type DbDomainRow, type DbSweepRow } from '../../tables';
import { chunks } from '../../util';
import { removeProducts } from './removeProducts';
import { saveEvaluations } from './saveEvaluations';

export { evaluationFingerprint } from './saveEvaluations';

/** What a saved sweep wrote. */
export interface SaveSweepResult {
  /** Latest results written (new or changed). */
  written: number;
  historyAppended: number;
  removed: number;
  /** Results equal to the stored ones, not written again. */
  unchanged: number;
}

/** Options of {@link saveSweep}. */
export interface SaveSweepOptions {
  /** When the sweep evaluated (its evaluations' time). */
  now: Date;
  /** When it finished; `now` when not given. */
  finishedAt?: Date;
  /** A history row is appended at least this often per product, even without change. */
  historyHeartbeatMs: number;
  durationMs: number;
}

/** A domain as a sweep read it. */
export interface SweptDomain {
  domainRef: string;
  parentRef?: string;
  title?: string;
  etag?: string;
}

/**
 * Saves the domains a sweep read, writing only what changed: new and changed rows are
 * upserted, domains no longer in the catalog deleted. Returns whether anything changed.
 */
export async function saveDomains(
  trx: Knex | Knex.Transaction,
  domains: readonly SweptDomain[],
): Promise<boolean> {
  const existing = new Map(
    (await trx<DbDomainRow>(TABLES.domains).select()).map(r => [
      r.domain_ref,
      r,
    ]),
  );
  const rows: DbDomainRow[] = [];
  const seen = new Set<string>();
  for (const d of domains) {
    if (seen.has(d.domainRef)) continue;
    seen.add(d.domainRef);
    const row: DbDomainRow = {
      domain_ref: d.domainRef,
      parent_ref: d.parentRef ?? null,
      title: d.title ?? null,
      etag: d.etag ?? null,
    };
    const before = existing.get(d.domainRef);
    if (
      !before ||
      before.parent_ref !== row.parent_ref ||
      (before.title ?? null) !== row.title ||
      (before.etag ?? null) !== row.etag
    ) {
      rows.push(row);
    }
  }
  for (const chunk of chunks(rows, 50)) {
    await trx<DbDomainRow>(TABLES.domains)
      .insert(chunk)
      .onConflict('domain_ref')
      .merge();
  }
  const gone = [...existing.keys()].filter(ref => !seen.has(ref));
  for (const chunk of chunks(gone, 500)) {
    await trx(TABLES.domains).whereIn('domain_ref', chunk).delete();
  }
  return rows.length > 0 || gone.length > 0;
}

/**
 * Saves the evaluations of a full sweep, writing only what changed: results equal to the
 * stored ones are left as they are (their evaluation time is the sweep's, see
 * getLatestEvaluation), changed ones are upserted with a history row when what the
 * history tracks changed (or whose last history row is older than the heartbeat, so
 * charts get regular points); products that are gone are removed, the domain hierarchy
 * is updated and the sweep recorded. One transaction: readers never see half a sweep.
 */
export async function saveSweep(
  db: Knex,
  evaluations: readonly ProductEvaluation[],
  domains: readonly SweptDomain[],
  options: SaveSweepOptions,
): Promise<SaveSweepResult> {
  return db.transaction(async trx => {
    const saved = await saveEvaluations(trx, evaluations, options);
    const removed = await finishSweep(
      trx,
      new Set(evaluations.map(e => e.entityRef)),
      domains,
      {
        startedAt: options.now,
        finishedAt: options.finishedAt ?? options.now,
        durationMs: options.durationMs,
      },
    );
    return {
      written: saved.written,
      historyAppended: saved.historyAppended,
      removed,
      unchanged: saved.unchanged,
    };
  });
}

/**
 * Ends a full sweep whose evaluations were saved as it read them (page by page, so the
 * sweep never holds the whole mesh): removes the results of products it did not see,
 * stores the domains and records the sweep. Answers how many products were removed.
 */
export async function finishSweep(
  trx: Knex | Knex.Transaction,
  seen: ReadonlySet<string>,
  domains: readonly SweptDomain[],
  info: { startedAt: Date; finishedAt: Date; durationMs: number },
): Promise<number> {
  const before = (
    await trx(TABLES.complianceLatest).select<{ entity_ref: string }[]>(
      'entity_ref',
    )
  ).map(r => r.entity_ref);
  const removed = await removeProducts(
    trx,
    before.filter(ref => !seen.has(ref)),
  );
  await saveDomains(trx, domains);
  await recordSweep(trx, 'last', {
    ...info,
    products: seen.size,
    domains: domains.length,
  });
  return removed;
}

export async function recordSweep(
  trx: Knex | Knex.Transaction,
  id: 'last' | 'incremental' | 'slos',
  info: {
    startedAt: Date;
    finishedAt: Date;
    products: number;
    domains: number;
    durationMs: number;
  },
): Promise<void> {
  await trx<DbSweepRow>(TABLES.sweeps)
    .insert({
      id,
      started_at: info.startedAt.toISOString(),
      finished_at: info.finishedAt.toISOString(),
      products: info.products,
      domains: info.domains,
      duration_ms: Math.round(info.durationMs),
    })
    .onConflict('id')
    .merge();
}
