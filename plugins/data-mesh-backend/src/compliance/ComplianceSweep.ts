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

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';
import {
  DomainIndex,
  getParentDomainRef,
  type PolicyEngine,
} from '@meshwork/plugin-data-mesh-node';
import type { ComplianceStore } from '../database/ComplianceStore';
import type { SaveSweepResult } from '../database/operations/compliance/saveSweep';
import { readAllEntities } from '../lib/catalogPager';
import { checkIntegrity, withIntegrity } from './integrity';

// The most refs one catalog request asks for.
const REFS_PER_REQUEST = 500;

/** Options of {@link ComplianceSweep}. */
export interface ComplianceSweepOptions {
  catalog: CatalogService;
  auth: AuthService;
  engine: PolicyEngine;
  store: ComplianceStore;
  logger: LoggerService;
  /** History rows older than this are pruned. */
  historyRetentionMs: number;
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
      readAllEntities(catalog, { filter: { kind: 'Domain' } }, credentials),
      readAllEntities(
        catalog,
        { filter: { kind: 'DataProduct' } },
        credentials,
      ),
    ]);
    const index = new DomainIndex(domains);
    const integrity = await checkIntegrity(products, async refs => {
      const existing = new Set<string>();
      for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
        const chunk = refs.slice(i, i + REFS_PER_REQUEST);
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
      new Date(now.getTime() - this.options.historyRetentionMs),
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
