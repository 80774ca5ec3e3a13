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
  PolicyStatusCounts,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
import type { ScoredResult } from '@meshwork/plugin-data-mesh-node';
import type { Knex } from 'knex';
import {
  TABLES,
  type DbComplianceResultColumns,
  type DbSweepRow,
} from '../../tables';

/*
 * How results are written to and read from the compliance tables: per-policy statuses are
 * stored compactly, as `[[policyId, severity, status]]`.
 */

type CompactStatuses = Array<[string, string, string]>;

export function compactStatuses(evaluation: ProductEvaluation): string {
  return JSON.stringify(
    evaluation.results.map(r => [r.policyId, r.severity, r.status]),
  );
}

export function expandStatuses(json: string): ScoredResult[] {
  return (JSON.parse(json) as CompactStatuses).map(
    ([policyId, severity, status]) => ({
      policyId,
      severity: severity as ScoredResult['severity'],
      status: status as ScoredResult['status'],
    }),
  );
}

/** The columns of a result's status, score and counts, as lists and history read them. */
export const SUMMARY_COLUMNS = [
  'status',
  'passed',
  'score',
  'passed_count',
  'failed_count',
  'waived_count',
  'error_count',
  'evaluated_at',
] as const;

export function countsOf(
  row: Pick<
    DbComplianceResultColumns,
    'passed_count' | 'failed_count' | 'waived_count' | 'error_count'
  >,
): PolicyStatusCounts {
  return {
    passed: Number(row.passed_count),
    failed: Number(row.failed_count),
    waived: Number(row.waived_count),
    error: Number(row.error_count),
  };
}

/** The columns of a result, as a latest row and a history row both hold them. */
export function resultColumns(
  evaluation: ProductEvaluation,
): DbComplianceResultColumns {
  return {
    entity_ref: evaluation.entityRef,
    domain_ref: evaluation.domainRef ?? null,
    status: evaluation.status,
    passed: evaluation.passed,
    score: evaluation.score,
    passed_count: evaluation.counts.passed,
    failed_count: evaluation.counts.failed,
    waived_count: evaluation.counts.waived,
    error_count: evaluation.counts.error,
    policy_statuses: compactStatuses(evaluation),
    evaluated_at: evaluation.evaluatedAt,
  };
}

/**
 * When the last full sweep evaluated every product (its start). A full sweep writes only
 * results that changed, so a stored result is as recent as the later of its own time and
 * this one.
 */
export async function lastFullSweepAt(db: Knex): Promise<string | undefined> {
  const row = await db<DbSweepRow>(TABLES.sweeps)
    .where({ id: 'last' })
    .first('started_at');
  return row?.started_at ?? undefined;
}

/** The later of a stored result's time and the last full sweep's. */
export function confirmedAt(evaluatedAt: string, sweptAt?: string): string {
  return sweptAt && sweptAt > evaluatedAt ? sweptAt : evaluatedAt;
}
