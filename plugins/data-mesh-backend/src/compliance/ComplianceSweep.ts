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
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DomainIndex,
  getParentDomainRef,
  type PolicyEngine,
  type ProductEvaluation,
} from '@meshwork/plugin-data-mesh-node';
import { checkIntegrity, withIntegrity } from './integrity';
import type {
  ComplianceStore,
  SaveSweepResult,
} from '../database/ComplianceStore';

const PAGE_SIZE = 500;

/** Reads every entity of a kind through the catalog, page by page. */
export async function fetchAllOfKind(
  catalog: CatalogService,
  kind: string,
  credentials: BackstageCredentials,
  fields?: string[],
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let response = await catalog.queryEntities(
    { filter: { kind }, limit: PAGE_SIZE, ...(fields ? { fields } : {}) },
    { credentials },
  );
  entities.push(...response.items);
  while (response.pageInfo.nextCursor) {
    response = await catalog.queryEntities(
      {
        cursor: response.pageInfo.nextCursor,
        limit: PAGE_SIZE,
        ...(fields ? { fields } : {}),
      },
      { credentials },
    );
    entities.push(...response.items);
  }
  return entities;
}

/** Options of {@link ComplianceSweep}. */
export interface ComplianceSweepOptions {
  catalog: CatalogService;
  auth: AuthService;
  engine: PolicyEngine;
  store: ComplianceStore;
  logger: LoggerService;
  /** History rows older than this many days are pruned. */
  historyRetentionDays: number;
  /** A history row is appended at least this often per product, even without change. */
  historyHeartbeatMs: number;
}

/**
 * The periodic compliance sweep: reads every DataProduct and Domain from the catalog,
 * evaluates every product against the policies in force for its domain chain, and stores
 * the results and their history. Run through the scheduler service, so with several
 * replicas it runs once per interval.
 */
export class ComplianceSweep {
  constructor(private readonly options: ComplianceSweepOptions) {}

  async run(
    now: Date = new Date(),
  ): Promise<SaveSweepResult & { evaluated: number }> {
    const { catalog, auth, engine, store, logger } = this.options;
    const started = performance.now();
    const credentials = await auth.getOwnServiceCredentials();
    const [domains, products] = await Promise.all([
      fetchAllOfKind(catalog, 'Domain', credentials),
      fetchAllOfKind(catalog, 'DataProduct', credentials),
    ]);
    const index = new DomainIndex(domains);
    const integrity = await checkIntegrity(products, async refs => {
      const existing = new Set<string>();
      for (let i = 0; i < refs.length; i += PAGE_SIZE) {
        const chunk = refs.slice(i, i + PAGE_SIZE);
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs: chunk, fields: ['kind', 'metadata.name'] },
          { credentials },
        );
        items.forEach((item, j) => item && existing.add(chunk[j]));
      }
      return existing;
    });

    const evaluations: ProductEvaluation[] = [];
    for (const product of products) {
      try {
        const chain = index.chainFor(product);
        evaluations.push(
          withIntegrity(
            engine.evaluate(product, {
              domains: chain.domains,
              domainNotes: chain.notes,
              now,
            }),
            integrity.get(stringifyEntityRef(product)),
          ),
        );
      } catch (error) {
        // One bad product must not fail the sweep.
        logger.warn(
          `Could not evaluate ${stringifyEntityRef(product)}: ${
            (error as Error).message
          }`,
        );
      }
    }

    const result = await store.saveSweep(
      evaluations,
      domains.map(d => ({
        domainRef: stringifyEntityRef(d),
        parentRef: getParentDomainRef(d),
      })),
      {
        now,
        historyHeartbeatMs: this.options.historyHeartbeatMs,
        durationMs: performance.now() - started,
      },
    );
    const pruned = await store.pruneHistory(
      new Date(
        now.getTime() - this.options.historyRetentionDays * 24 * 3600 * 1000,
      ),
    );
    logger.info(
      `Compliance sweep: evaluated ${evaluations.length} data products in ${domains.length} domains, ` +
        `${result.historyAppended} history rows added, ${result.removed} removed products, ` +
        `${pruned} old history rows pruned, in ${Math.round(
          performance.now() - started,
        )} ms`,
    );
    return { ...result, evaluated: evaluations.length };
  }
}
