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
import { refreshRollUps } from './operations/compliance/refreshRollUps';
import { removeProducts } from './operations/compliance/removeProducts';
import {
  recordSweep,
  saveDomains,
  type SweptDomain,
} from './operations/compliance/saveSweep';
import {
  saveEvaluations,
  type SaveEvaluationsOptions,
  type SaveEvaluationsResult,
} from './operations/compliance/saveEvaluations';
import {
  getMeshFigures,
  type MeshFigures,
} from './operations/mesh/getMeshFigures';
import {
  listMeshProducts,
  type ListMeshProductsOptions,
  type MeshProductListRow,
} from './operations/mesh/listMeshProducts';
import {
  listStoredEtags,
  type StoredEtags,
} from './operations/mesh/listStoredEtags';
import {
  listSloInputs,
  saveSloAttainment,
  type SloAttainment,
  type SloInputRow,
} from './operations/mesh/sloAttainment';
import {
  upsertMeshProducts,
  type MeshProductInput,
} from './operations/mesh/upsertMeshProducts';
import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';

/** What an incremental sweep writes in one transaction. */
export interface IncrementalChanges {
  evaluations: readonly ProductEvaluation[];
  products: readonly MeshProductInput[];
  removed: readonly string[];
  /** Every domain, when the domains changed. */
  domains?: readonly SweptDomain[];
}

/**
 * The mesh's figures: every product as the mesh page lists it, the roll-ups per domain
 * and the SLO attainment, kept current by the sweeps and the SLO roll-up. Holds no state
 * in memory. Each method is one operation of database/operations/mesh/ (or of
 * compliance/, for what the sweeps write together).
 */
export class MeshStore {
  constructor(private readonly db: Knex) {}

  listStoredEtags(): Promise<StoredEtags> {
    return listStoredEtags(this.db);
  }

  upsertProducts(rows: readonly MeshProductInput[]): Promise<number> {
    return upsertMeshProducts(this.db, rows);
  }

  /**
   * Writes what an incremental sweep found (results that changed, mesh rows, removed
   * products, domains), then the roll-ups, in one transaction.
   */
  async saveIncremental(
    changes: IncrementalChanges,
    options: SaveEvaluationsOptions & { startedAt: Date; durationMs: number },
  ): Promise<SaveEvaluationsResult & { removed: number }> {
    const result = await this.db.transaction(async trx => {
      if (changes.domains) await saveDomains(trx, changes.domains);
      const saved = await saveEvaluations(trx, changes.evaluations, options);
      await upsertMeshProducts(trx, changes.products);
      const removed = await removeProducts(trx, changes.removed);
      await recordSweep(trx, 'incremental', {
        startedAt: options.startedAt,
        finishedAt: new Date(),
        products: changes.products.length,
        domains: changes.domains?.length ?? 0,
        durationMs: options.durationMs,
      });
      return { ...saved, removed };
    });
    await refreshRollUps(this.db);
    return result;
  }

  /** Removes products that left the catalog (their results and mesh rows). */
  removeProducts(entityRefs: readonly string[]): Promise<number> {
    return this.db.transaction(trx => removeProducts(trx, entityRefs));
  }

  refreshRollUps(): Promise<void> {
    return refreshRollUps(this.db);
  }

  getFigures(): Promise<MeshFigures> {
    return getMeshFigures(this.db);
  }

  listProducts(
    options: ListMeshProductsOptions,
  ): Promise<{ items: MeshProductListRow[]; totalItems: number }> {
    return listMeshProducts(this.db, options);
  }

  listSloInputs(options: {
    after?: string;
    limit: number;
  }): Promise<SloInputRow[]> {
    return listSloInputs(this.db, options);
  }

  async saveSloAttainment(
    rows: readonly SloAttainment[],
    stored: ReadonlyMap<
      string,
      { measured: number | null; met: number | null }
    >,
    checkedAt: Date,
  ): Promise<number> {
    return saveSloAttainment(this.db, rows, stored, checkedAt);
  }

  /** Records a finished SLO roll-up. */
  recordSloRollUp(info: {
    startedAt: Date;
    products: number;
    durationMs: number;
  }): Promise<void> {
    return recordSweep(this.db, 'slos', {
      ...info,
      finishedAt: new Date(),
      domains: 0,
    });
  }
}
