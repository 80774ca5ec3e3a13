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

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { MeshStore } from '../database/MeshStore';
import type { ObservedStore } from '../database/ObservedStore';
import type { SloAttainment } from '../database/operations/mesh/sloAttainment';
import type { DataMeshSettings } from '../lib/config';
import { productSloStatuses } from '../observed/productSloStatuses';

/** Products read per page. */
const PAGE = 100;

/** Options of {@link runSloRollUp}. */
export interface SloRollUpOptions {
  mesh: MeshStore;
  observed: ObservedStore;
  settings: DataMeshSettings['observed'];
  logger: LoggerService;
  now?: Date;
}

/**
 * The SLO roll-up: the SLO status of every product that declares SLOs, page by page from
 * the mesh rows (no catalog read), stored as how many SLOs are measured and met, so the
 * mesh's SLO attainment covers every product with SLOs. Status changes with time alone
 * (freshness ages), hence a schedule; only changed figures are written.
 */
export async function runSloRollUp(options: SloRollUpOptions): Promise<{
  products: number;
  written: number;
}> {
  const { mesh, observed, settings, logger } = options;
  const startedAt = options.now ?? new Date();
  const started = performance.now();
  const now = startedAt.getTime();
  let after: string | undefined;
  let products = 0;
  let written = 0;
  for (;;) {
    const page = await mesh.listSloInputs({ after, limit: PAGE });
    if (page.length === 0) break;
    after = page[page.length - 1].entity_ref;
    const figures: SloAttainment[] = [];
    for (const row of page) {
      try {
        const entity = JSON.parse(row.slo_input ?? 'null') as Entity | null;
        if (!entity) continue;
        const statuses = await productSloStatuses(
          entity,
          observed,
          settings,
          now,
        );
        const measured = statuses.filter(s => s.met !== null);
        figures.push({
          entityRef: row.entity_ref,
          measured: measured.length,
          met: measured.filter(s => s.met).length,
        });
      } catch (error) {
        logger.warn(
          `SLO roll-up: could not compute the SLOs of ${row.entity_ref}: ${
            (error as Error).message
          }`,
        );
      }
    }
    products += figures.length;
    written += await mesh.saveSloAttainment(
      figures,
      new Map(
        page.map(r => [
          r.entity_ref,
          { measured: r.slo_measured, met: r.slo_met },
        ]),
      ),
      startedAt,
    );
  }
  await mesh.recordSloRollUp({
    startedAt,
    products,
    durationMs: performance.now() - started,
  });
  logger.info(
    `SLO roll-up: ${products} products with SLOs, ${written} changed, in ${Math.round(
      performance.now() - started,
    )} ms`,
  );
  return { products, written };
}
