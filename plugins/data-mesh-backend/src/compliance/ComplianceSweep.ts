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
import type { ProductEvaluation } from '@meshwork/plugin-data-mesh-common';
import {
  DomainIndex,
  getParentDomainRef,
  type PolicyEngine,
} from '@meshwork/plugin-data-mesh-node';
import type { ComplianceStore } from '../database/ComplianceStore';
import type { MeshStore } from '../database/MeshStore';
import type { SweptDomain } from '../database/operations/compliance/saveSweep';
import type { SaveSweepResult } from '../database/operations/compliance/saveSweep';
import { readAllEntities } from '../lib/catalogPager';
import {
  domainSignature,
  ETAG_FIELDS,
  etagOf,
  meshProductRow,
} from '../mesh/meshProducts';
import { checkIntegrity, withIntegrity } from './integrity';

// The most refs one catalog request asks for.
const REFS_PER_REQUEST = 500;

/** Options of {@link ComplianceSweep}. */
export interface ComplianceSweepOptions {
  catalog: CatalogService;
  auth: AuthService;
  engine: PolicyEngine;
  store: ComplianceStore;
  mesh: MeshStore;
  logger: LoggerService;
  /** History rows older than this are pruned. */
  historyRetentionMs: number;
  /** A history row is appended at least this often per product, even without change. */
  historyHeartbeatMs: number;
}

/** What an incremental sweep did. */
export interface IncrementalSweepResult {
  /** Products evaluated (new, changed, or in a domain whose policies may have changed). */
  evaluated: number;
  /** Results written (the others were unchanged). */
  written: number;
  removed: number;
  /** Whether the domains changed. */
  domainsChanged: boolean;
}

function sweptDomain(d: Entity): SweptDomain {
  return {
    domainRef: stringifyEntityRef(d),
    parentRef: getParentDomainRef(d),
    title: d.metadata.title,
    etag: domainSignature(d),
  };
}

/**
 * The compliance sweeps, run through the scheduler service (global scope, so with several
 * replicas each runs once per interval):
 *
 * - the full sweep reads every DataProduct and Domain from the catalog, evaluates every
 *   product against the policies in force for its domain chain (with the mesh-wide
 *   integrity checks: refs that point nowhere, dependency cycles), and stores what changed;
 * - the incremental sweep, every few seconds, reads only the catalog's change signal of
 *   each product (`metadata.etag`, a hash of the stitched entity the catalog renews
 *   whenever it changes) and the domains (a few hundred at most, compared by what
 *   evaluation reads of them), and evaluates only the products that are new or changed,
 *   or whose domain chain changed, so a product is evaluated seconds after the catalog
 *   processed it. Its integrity checks look up refs in the catalog; dependency cycles
 *   through unchanged products are the full sweep's to find.
 *
 * Both keep the mesh's figures current (the mesh rows and the roll-ups, MeshStore).
 */
export class ComplianceSweep {
  constructor(private readonly options: ComplianceSweepOptions) {}

  private async evaluate(
    products: Entity[],
    domains: Entity[],
    credentials: BackstageCredentials,
    now: Date,
  ): Promise<ProductEvaluation[]> {
    const { catalog, engine, logger } = this.options;
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
    return evaluations;
  }

  /**
   * The full sweep: every product evaluated, what changed stored. Products are read,
   * evaluated and saved a catalog page at a time, so memory does not grow with the mesh.
   */
  async run(
    now: Date = new Date(),
  ): Promise<SaveSweepResult & { evaluated: number }> {
    const { catalog, auth, store, mesh, logger } = this.options;
    const started = performance.now();
    const credentials = await auth.getOwnServiceCredentials();
    const stored = await mesh.listStoredEtags();
    const domains = await readAllEntities(
      catalog,
      { filter: { kind: 'Domain' } },
      credentials,
    );
    const read = new Set<string>();
    const result: SaveSweepResult = {
      written: 0,
      historyAppended: 0,
      removed: 0,
      unchanged: 0,
    };
    let evaluated = 0;
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'DataProduct' } },
      { credentials },
    )) {
      const evaluations = await this.evaluate(page, domains, credentials, now);
      const saved = await store.saveEvaluations(evaluations, {
        now,
        historyHeartbeatMs: this.options.historyHeartbeatMs,
      });
      await mesh.upsertProducts(page.map(p => meshProductRow(p, now)));
      for (const p of page) read.add(stringifyEntityRef(p));
      evaluated += evaluations.length;
      result.written += saved.written;
      result.historyAppended += saved.historyAppended;
      result.unchanged += saved.unchanged;
    }
    result.removed = await store.finishSweep(read, domains.map(sweptDomain), {
      startedAt: now,
      finishedAt: new Date(),
      durationMs: performance.now() - started,
    });
    await mesh.removeProducts(
      [...stored.products.keys()].filter(ref => !read.has(ref)),
    );
    await mesh.refreshRollUps();
    const pruned = await store.pruneHistory(
      new Date(now.getTime() - this.options.historyRetentionMs),
    );
    logger.info(
      `Compliance sweep: evaluated ${evaluated} data products in ${domains.length} domains, ` +
        `${result.written} changed results written (${result.unchanged} unchanged), ` +
        `${result.historyAppended} history rows added, ${result.removed} removed products, ` +
        `${pruned} old history rows pruned, in ${Math.round(
          performance.now() - started,
        )} ms`,
    );
    return { ...result, evaluated };
  }

  /**
   * The incremental sweep: compares the catalog's etags with the stored ones and
   * evaluates only what changed. Writes nothing when nothing changed.
   */
  async runIncremental(
    now: Date = new Date(),
  ): Promise<IncrementalSweepResult> {
    const { catalog, auth, mesh, logger } = this.options;
    const started = performance.now();
    const credentials = await auth.getOwnServiceCredentials();
    const [stored, domains, productHeads] = await Promise.all([
      mesh.listStoredEtags(),
      readAllEntities(catalog, { filter: { kind: 'Domain' } }, credentials),
      readAllEntities(
        catalog,
        { filter: { kind: 'DataProduct' }, fields: ETAG_FIELDS },
        credentials,
      ),
    ]);

    const domainRefs = new Set<string>();
    const changedDomains = new Set<string>();
    for (const d of domains) {
      const ref = stringifyEntityRef(d);
      domainRefs.add(ref);
      if (stored.domains.get(ref) !== domainSignature(d))
        changedDomains.add(ref);
    }
    for (const ref of stored.domains.keys()) {
      if (!domainRefs.has(ref)) changedDomains.add(ref);
    }

    const productRefs = new Set<string>();
    const toEvaluate = new Set<string>();
    for (const p of productHeads) {
      const ref = stringifyEntityRef(p);
      productRefs.add(ref);
      if (stored.products.get(ref)?.etag !== etagOf(p)) toEvaluate.add(ref);
    }
    const removed = [...stored.products.keys()].filter(
      ref => !productRefs.has(ref),
    );
    if (
      changedDomains.size === 0 &&
      toEvaluate.size === 0 &&
      removed.length === 0
    ) {
      return { evaluated: 0, written: 0, removed: 0, domainsChanged: false };
    }

    if (changedDomains.size > 0) {
      // A domain's policies apply to its products and its subdomains' products.
      const children = new Map<string, string[]>();
      for (const d of domains) {
        const parent = getParentDomainRef(d);
        if (parent) {
          children.set(parent, [
            ...(children.get(parent) ?? []),
            stringifyEntityRef(d),
          ]);
        }
      }
      const affected = new Set<string>();
      const queue = [...changedDomains];
      while (queue.length > 0) {
        const ref = queue.shift()!;
        if (affected.has(ref)) continue;
        affected.add(ref);
        queue.push(...(children.get(ref) ?? []));
      }
      for (const [ref, row] of stored.products) {
        if (
          row.domainRef &&
          affected.has(row.domainRef) &&
          productRefs.has(ref)
        )
          toEvaluate.add(ref);
      }
    }

    const products: Entity[] = [];
    const refs = [...toEvaluate];
    for (let i = 0; i < refs.length; i += REFS_PER_REQUEST) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs.slice(i, i + REFS_PER_REQUEST) },
        { credentials },
      );
      for (const item of items) if (item) products.push(item);
    }
    const evaluations = await this.evaluate(
      products,
      domains,
      credentials,
      now,
    );
    const saved = await mesh.saveIncremental(
      {
        evaluations,
        products: products.map(p => meshProductRow(p, now)),
        removed,
        ...(changedDomains.size > 0
          ? { domains: domains.map(sweptDomain) }
          : {}),
      },
      {
        now,
        historyHeartbeatMs: this.options.historyHeartbeatMs,
        startedAt: now,
        durationMs: performance.now() - started,
      },
    );
    logger.info(
      `Incremental compliance sweep: evaluated ${evaluations.length} new or changed data products, ` +
        `${saved.written} results written, ${saved.removed} removed products` +
        `${
          changedDomains.size > 0
            ? `, ${changedDomains.size} domains changed`
            : ''
        }, in ${Math.round(performance.now() - started)} ms`,
    );
    return {
      evaluated: evaluations.length,
      written: saved.written,
      removed: saved.removed,
      domainsChanged: changedDomains.size > 0,
    };
  }
}
