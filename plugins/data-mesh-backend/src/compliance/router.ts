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
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DomainIndex,
  toPolicyDefinition,
  type CompiledPolicy,
  type PolicyEngine,
} from '@meshwork/plugin-data-mesh-node';
import type express from 'express';
import { z } from 'zod';
import type { ComplianceStore } from '../database/ComplianceStore';
import type { MeshStore } from '../database/MeshStore';
import {
  complianceOf,
  domainRollUps,
  figuresOfRows,
  meshFigures,
} from '../mesh/figures';
import { productVisibility } from '../mesh/visibility';
import { readAllEntities } from '../lib/catalogPager';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { parseRequest } from '../lib/requestParser';
import { getVisibleProduct } from '../lib/visibleProduct';
import type { DataMeshApiRouter } from '../schema';
import { parsedBody } from '../lib/bodyChecks';
import type { DataProductEntityV1alpha1 } from '@meshwork/plugin-data-mesh-common';

/** What {@link registerComplianceRoutes} needs. */
export interface ComplianceRoutesOptions {
  engine: PolicyEngine;
  store: ComplianceStore;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  /** The mesh's stored figures, for the roll-ups. */
  mesh: MeshStore;
  permissions: PermissionsService;
}

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(['passing', 'warning', 'failing']).optional(),
  domain: z.string().min(1).max(255).optional(),
});

const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

const domainsQuery = z.object({
  includeSubdomains: z.enum(['true', 'false']).default('true'),
});

function describePolicy(p: CompiledPolicy) {
  return {
    ...toPolicyDefinition(p),
    source: p.source,
    ...(p.tightenedBy ? { tightenedBy: p.tightenedBy } : {}),
    // Generated code, or the metered interpreter (a rule outside the compiled subset).
    engine: p.compiledRule.engine,
  };
}

/**
 * The governance routes (documented in src/schema/openapi.yaml): policies in force,
 * stored compliance results and their history, roll-ups, and `POST /evaluate` for CI.
 * What a caller reads about a product follows the catalog's read permission for it.
 */
export function registerComplianceRoutes(
  router: DataMeshApiRouter,
  options: ComplianceRoutesOptions,
): void {
  const { engine, store, catalog, auth, httpAuth, mesh } = options;

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** Domains are read with the plugin's own credentials: governance applies regardless. */
  const getDomain = async (ref: string) =>
    catalog.getEntityByRef(ref, {
      credentials: await auth.getOwnServiceCredentials(),
    });

  router.get('/policies', async (req, res) => {
    const credentials = await credentialsOf(req);
    const domains = await readAllEntities(
      catalog,
      { filter: { kind: 'Domain' } },
      credentials,
    );
    const index = new DomainIndex(domains);
    const perDomain = domains
      .filter(
        d =>
          (d.spec as Record<string, unknown> | undefined)?.policies !==
          undefined,
      )
      .map(d => {
        const ref = stringifyEntityRef(d);
        const effective = engine.effectivePolicies(index.chainOf(ref).domains);
        return {
          domainRef: ref,
          policies: effective.policies
            .filter(p => p.source === ref || p.tightenedBy === ref)
            .map(describePolicy),
          errors: effective.errors.filter(e => e.source === ref),
        };
      })
      .sort((a, b) => (a.domainRef < b.domainRef ? -1 : 1));
    res.json({
      enforcement: engine.enforcement,
      policies: engine.policies.map(describePolicy),
      errors: engine.loadErrors,
      domains: perDomain,
    });
  });

  router.get('/compliance', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseRequest(listQuery, req.query, 'query');
    const filter = { status: query.status, domainRef: query.domain };
    let after =
      query.cursor !== undefined
        ? decodeCursor<[string]>(query.cursor, ['string'])[0]
        : undefined;
    const items = [];
    let more = true;
    // Fill the page with products the caller can see, in a few rounds at most; a page may
    // come back short (with a cursor) when many products in a row are hidden.
    for (
      let round = 0;
      round < 5 && more && items.length < query.limit;
      round++
    ) {
      const batch = await store.listLatest({
        ...filter,
        after,
        limit: query.limit,
      });
      more = batch.length === query.limit;
      if (batch.length === 0) break;
      const { items: visible } = await catalog.getEntitiesByRefs(
        { entityRefs: batch.map(b => b.entityRef), fields: REF_FIELDS },
        { credentials },
      );
      let i = 0;
      for (; i < batch.length && items.length < query.limit; i++) {
        after = batch[i].entityRef;
        if (visible[i]) items.push(batch[i]);
      }
      if (i < batch.length) more = true;
    }
    if (more && after !== undefined) {
      more =
        (await store.listLatest({ ...filter, after, limit: 1 })).length > 0;
    }
    res.json({
      items,
      ...(more && after !== undefined
        ? { nextCursor: encodeCursor([after]) }
        : {}),
    });
  });

  /**
   * The per-domain figures the caller may see: the stored roll-ups (SQL) for callers
   * who may read every product; computed from the visible products' rows otherwise.
   */
  const rollUpsFor = async (req: express.Request) => {
    const credentials = await credentialsOf(req);
    const visibility = await productVisibility(
      options.permissions,
      catalog,
      credentials,
    );
    const figures = await mesh.getFigures();
    if (visibility.kind === 'all') return figures;
    const only =
      visibility.kind === 'some' ? visibility.refs : new Set<string>();
    const rows = (await store.listForRollUp()).filter(r =>
      only.has(r.entityRef),
    );
    return { ...figures, byDomain: figuresOfRows([], rows) };
  };

  router.get('/compliance/mesh', async (req, res) => {
    const figures = await rollUpsFor(req);
    res.json({
      ...complianceOf(meshFigures(figures.byDomain)),
      lastSweep: (await store.getLastSweep()) ?? null,
    });
  });

  router.get('/compliance/domains', async (req, res) => {
    const query = parseRequest(domainsQuery, req.query, 'query');
    const figures = await rollUpsFor(req);
    res.json({
      items: domainRollUps(figures, query.includeSubdomains === 'true'),
    });
  });

  router.get('/compliance/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entity = await getVisibleProduct(catalog, req.params, credentials);
    const stored = await store.getLatest(stringifyEntityRef(entity));
    if (stored) {
      res.json({ ...stored, stored: true });
      return;
    }
    const evaluation = await engine.evaluateWithDomainLookup(entity, getDomain);
    res.json({ ...evaluation, stored: false });
  });

  router.get('/compliance/:namespace/:name/history', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseRequest(historyQuery, req.query, 'query');
    const before =
      query.cursor !== undefined
        ? decodeCursor<[number]>(query.cursor, ['number'])[0]
        : undefined;
    const entity = await getVisibleProduct(catalog, req.params, credentials);
    const items = await store.getHistory(stringifyEntityRef(entity), {
      limit: query.limit,
      before,
    });
    const last = items[items.length - 1];
    res.json({
      items,
      ...(items.length === query.limit && last
        ? { nextCursor: encodeCursor([last.id]) }
        : {}),
    });
  });

  router.post('/evaluate', async (req, res) => {
    await credentialsOf(req);
    const drafts = parsedBody<DataProductEntityV1alpha1[]>(req);
    const evaluations = [];
    for (const draft of drafts) {
      evaluations.push(await engine.evaluateWithDomainLookup(draft, getDomain));
    }
    res.json({ passed: evaluations.every(e => e.passed), evaluations });
  });
}
