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
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  ComplianceHistoryItem,
  ComplianceListItem,
  ComplianceSweepInfo,
} from '@meshwork/plugin-data-mesh-common';
import type {
  ComplianceRollUpInput,
  ComplianceStatus,
  PolicyStatusCounts,
  ProductEvaluation,
  ScoredResult,
} from '@meshwork/plugin-data-mesh-node';
import type { Knex } from 'knex';

const LATEST = 'data_mesh_compliance_latest';
const HISTORY = 'data_mesh_compliance_history';
const DOMAINS = 'data_mesh_domains';
const SWEEPS = 'data_mesh_sweeps';

const CHUNK = 50;

// The shapes this store serves are the API's, shared with the frontend.
export type { ComplianceHistoryItem, ComplianceListItem };

/** What the last sweep did. */
export type SweepRecord = ComplianceSweepInfo;

/** What a saved sweep wrote. */
export interface SaveSweepResult {
  written: number;
  historyAppended: number;
  removed: number;
}

interface LatestRow {
  entity_ref: string;
  domain_ref: string | null;
  status: string;
  passed: boolean | number;
  score: number;
  passed_count: number;
  failed_count: number;
  waived_count: number;
  error_count: number;
  policy_statuses: string;
  evaluation: string;
  fingerprint: string;
  evaluated_at: string;
  history_at: string;
}

type CompactStatuses = Array<[string, string, string]>;

function compactStatuses(evaluation: ProductEvaluation): CompactStatuses {
  return evaluation.results.map(r => [r.policyId, r.severity, r.status]);
}

function expandStatuses(json: string): ScoredResult[] {
  return (JSON.parse(json) as CompactStatuses).map(
    ([policyId, severity, status]) => ({
      policyId,
      severity: severity as ScoredResult['severity'],
      status: status as ScoredResult['status'],
    }),
  );
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

function countsOf(row: {
  passed_count: number;
  failed_count: number;
  waived_count: number;
  error_count: number;
}): PolicyStatusCounts {
  return {
    passed: Number(row.passed_count),
    failed: Number(row.failed_count),
    waived: Number(row.waived_count),
    error: Number(row.error_count),
  };
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

const migrationsDir = resolvePackagePath(
  '@meshwork/plugin-data-mesh-backend',
  'migrations',
);

/**
 * Storage of compliance results: the latest evaluation per product and its history, on the
 * plugin's database (SQLite or PostgreSQL). Holds no state in memory, so any number of
 * backend replicas can share it.
 */
export class ComplianceStore {
  /** Connects to the plugin database and runs the migrations unless they are skipped. */
  static async create(database: DatabaseService): Promise<ComplianceStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new ComplianceStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Saves the evaluations of one sweep: upserts the latest result of each product, appends a
   * history row for products whose result changed (or whose last history row is older than
   * `historyHeartbeatMs`, so charts get regular points), removes products that are gone,
   * and records the domain hierarchy. One transaction: readers never see half a sweep.
   */
  async saveSweep(
    evaluations: readonly ProductEvaluation[],
    domains: ReadonlyArray<{ domainRef: string; parentRef?: string }>,
    options: { now: Date; historyHeartbeatMs: number; durationMs: number },
  ): Promise<SaveSweepResult> {
    const nowIso = options.now.toISOString();
    const heartbeatBefore = new Date(
      options.now.getTime() - options.historyHeartbeatMs,
    ).toISOString();
    return this.db.transaction(async trx => {
      const existing = new Map<
        string,
        { fingerprint: string; history_at: string }
      >();
      for (const row of await trx<LatestRow>(LATEST).select(
        'entity_ref',
        'fingerprint',
        'history_at',
      )) {
        existing.set(row.entity_ref, row);
      }

      const latestRows: LatestRow[] = [];
      const historyRows: Array<
        Omit<LatestRow, 'evaluation' | 'fingerprint' | 'history_at'>
      > = [];
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
        const policyStatuses = JSON.stringify(compactStatuses(e));
        const common = {
          entity_ref: e.entityRef,
          domain_ref: e.domainRef ?? null,
          status: e.status,
          passed: e.passed,
          score: e.score,
          passed_count: e.counts.passed,
          failed_count: e.counts.failed,
          waived_count: e.counts.waived,
          error_count: e.counts.error,
          policy_statuses: policyStatuses,
          evaluated_at: e.evaluatedAt,
        };
        latestRows.push({
          ...common,
          evaluation: JSON.stringify(e),
          fingerprint,
          history_at: appendHistory ? nowIso : before!.history_at,
        });
        if (appendHistory) historyRows.push(common);
      }

      for (const chunk of chunks(latestRows)) {
        await trx(LATEST).insert(chunk).onConflict('entity_ref').merge();
      }
      for (const chunk of chunks(historyRows)) {
        await trx(HISTORY).insert(chunk);
      }
      const removed = [...existing.keys()].filter(ref => !seen.has(ref));
      for (const chunk of chunks(removed, 500)) {
        await trx(LATEST).whereIn('entity_ref', chunk).delete();
      }

      await trx(DOMAINS).delete();
      for (const chunk of chunks(domains)) {
        await trx(DOMAINS).insert(
          chunk.map(d => ({
            domain_ref: d.domainRef,
            parent_ref: d.parentRef ?? null,
          })),
        );
      }
      await trx(SWEEPS)
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

  /** The latest full evaluation of a product. */
  async getLatest(entityRef: string): Promise<ProductEvaluation | undefined> {
    const row = await this.db<LatestRow>(LATEST)
      .where({ entity_ref: entityRef })
      .first('evaluation');
    return row ? (JSON.parse(row.evaluation) as ProductEvaluation) : undefined;
  }

  /** A page of latest results, ordered by entity ref, after `after`. */
  async listLatest(options: {
    after?: string;
    limit: number;
    domainRef?: string;
    status?: ComplianceStatus;
  }): Promise<ComplianceListItem[]> {
    const query = this.db<LatestRow>(LATEST)
      .select(
        'entity_ref',
        'domain_ref',
        'status',
        'passed',
        'score',
        'passed_count',
        'failed_count',
        'waived_count',
        'error_count',
        'evaluated_at',
      )
      .orderBy('entity_ref', 'asc')
      .limit(options.limit);
    if (options.after !== undefined)
      query.where('entity_ref', '>', options.after);
    if (options.domainRef !== undefined)
      query.where('domain_ref', options.domainRef);
    if (options.status !== undefined) query.where('status', options.status);
    const rows = await query;
    return rows.map(row => {
      const item: ComplianceListItem = {
        entityRef: row.entity_ref,
        status: row.status as ComplianceStatus,
        passed: Boolean(row.passed),
        score: Number(row.score),
        counts: countsOf(row),
        evaluatedAt: row.evaluated_at,
      };
      if (row.domain_ref) item.domainRef = row.domain_ref;
      return item;
    });
  }

  /** Every product's latest status and per-policy statuses, for roll-ups. */
  async listForRollUp(): Promise<
    Array<ComplianceRollUpInput & { entityRef: string }>
  > {
    const rows = await this.db<LatestRow>(LATEST).select(
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

  /** The domain hierarchy of the last sweep: domain ref to parent ref. */
  async getDomainParents(): Promise<Map<string, string | undefined>> {
    const rows = await this.db<{
      domain_ref: string;
      parent_ref: string | null;
    }>(DOMAINS).select('domain_ref', 'parent_ref');
    return new Map(rows.map(r => [r.domain_ref, r.parent_ref ?? undefined]));
  }

  /** A page of a product's history, newest first, before the history id `before`. */
  async getHistory(
    entityRef: string,
    options: { before?: number; limit: number },
  ): Promise<ComplianceHistoryItem[]> {
    const query = this.db(HISTORY)
      .where('entity_ref', entityRef)
      .orderBy('id', 'desc')
      .limit(options.limit)
      .select(
        'id',
        'evaluated_at',
        'status',
        'passed',
        'score',
        'passed_count',
        'failed_count',
        'waived_count',
        'error_count',
        'policy_statuses',
      );
    if (options.before !== undefined) query.where('id', '<', options.before);
    const rows = await query;
    return rows.map(row => ({
      id: Number(row.id),
      evaluatedAt: row.evaluated_at,
      status: row.status,
      passed: Boolean(row.passed),
      score: Number(row.score),
      counts: countsOf(row),
      results: expandStatuses(row.policy_statuses),
    }));
  }

  /** Deletes history rows evaluated before `before`. */
  async pruneHistory(before: Date): Promise<number> {
    return this.db(HISTORY)
      .where('evaluated_at', '<', before.toISOString())
      .delete();
  }

  /** What the last sweep did, if one ran. */
  async getLastSweep(): Promise<SweepRecord | undefined> {
    const row = await this.db(SWEEPS).where({ id: 'last' }).first();
    if (!row) return undefined;
    return {
      finishedAt: row.finished_at,
      products: Number(row.products),
      domains: Number(row.domains),
      durationMs: Number(row.duration_ms),
    };
  }
}
