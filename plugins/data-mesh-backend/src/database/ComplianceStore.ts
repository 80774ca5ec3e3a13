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
  ComplianceListItem,
  ComplianceSweepInfo,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
import type { Knex } from 'knex';
import { getDomainParents } from './operations/compliance/getDomainParents';
import { getHistory } from './operations/compliance/getHistory';
import { getLastSweep } from './operations/compliance/getLastSweep';
import { getLatestEvaluation } from './operations/compliance/getLatestEvaluation';
import {
  listForRollUp,
  type RollUpRow,
} from './operations/compliance/listForRollUp';
import {
  listLatest,
  type ListLatestOptions,
} from './operations/compliance/listLatest';
import { pruneHistory } from './operations/compliance/pruneHistory';
import {
  saveEvaluations,
  type SaveEvaluationsOptions,
  type SaveEvaluationsResult,
} from './operations/compliance/saveEvaluations';
import {
  finishSweep,
  saveSweep,
  type SaveSweepOptions,
  type SaveSweepResult,
  type SweptDomain,
} from './operations/compliance/saveSweep';

/**
 * Compliance results: the latest evaluation per product and its history. Holds no state
 * in memory, so any number of backend replicas can share it. Each method is one operation
 * of database/operations/compliance/.
 */
export class ComplianceStore {
  constructor(private readonly db: Knex) {}

  saveSweep(
    evaluations: readonly ProductEvaluation[],
    domains: readonly SweptDomain[],
    options: SaveSweepOptions,
  ): Promise<SaveSweepResult> {
    return saveSweep(this.db, evaluations, domains, options);
  }

  /** Saves one page of a full sweep's evaluations (what changed). */
  saveEvaluations(
    evaluations: readonly ProductEvaluation[],
    options: SaveEvaluationsOptions,
  ): Promise<SaveEvaluationsResult> {
    return this.db.transaction(trx =>
      saveEvaluations(trx, evaluations, options),
    );
  }

  /** Ends a full sweep saved page by page; answers how many products it removed. */
  finishSweep(
    seen: ReadonlySet<string>,
    domains: readonly SweptDomain[],
    info: { startedAt: Date; finishedAt: Date; durationMs: number },
  ): Promise<number> {
    return this.db.transaction(trx =>
      finishSweep(trx, seen, domains, info),
    );
  }

  getLatest(entityRef: string): Promise<ProductEvaluation | undefined> {
    return getLatestEvaluation(this.db, entityRef);
  }

  listLatest(options: ListLatestOptions): Promise<ComplianceListItem[]> {
    return listLatest(this.db, options);
  }

  listForRollUp(): Promise<RollUpRow[]> {
    return listForRollUp(this.db);
  }

  getDomainParents(): Promise<Map<string, string | undefined>> {
    return getDomainParents(this.db);
  }

  getHistory(
    entityRef: string,
    options: { before?: number; limit: number },
  ): Promise<ComplianceHistoryItem[]> {
    return getHistory(this.db, entityRef, options);
  }

  pruneHistory(before: Date): Promise<number> {
    return pruneHistory(this.db, before);
  }

  getLastSweep(
    id?: 'last' | 'incremental' | 'slos',
  ): Promise<ComplianceSweepInfo | undefined> {
    return getLastSweep(this.db, id);
  }
}
