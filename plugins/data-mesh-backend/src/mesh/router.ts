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
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  MeshProductItem,
  MeshProductsResponse,
  MeshSummaryResponse,
} from '@meshwork/plugin-data-mesh-common';
import type express from 'express';
import { z } from 'zod';
import type { ComplianceStore } from '../database/ComplianceStore';
import type { MeshStore } from '../database/MeshStore';
import type { MeshProductListRow } from '../database/operations/mesh/listMeshProducts';
import { parseRequest } from '../lib/requestParser';
import type { DataMeshApiRouter } from '../schema';
import { buildSummary, figuresOfRows } from './figures';
import { productVisibility, type ProductVisibility } from './visibility';

/** What {@link registerMeshRoutes} needs. */
export interface MeshRoutesOptions {
  mesh: MeshStore;
  compliance: ComplianceStore;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

const productsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().max(200).optional(),
  domain: z.string().min(1).max(255).optional(),
  type: z.string().min(1).max(64).optional(),
  lifecycle: z.string().min(1).max(64).optional(),
  classification: z.string().min(1).max(64).optional(),
  compliance: z
    .enum(['passing', 'warning', 'failing', 'unevaluated'])
    .optional(),
  sort: z
    .enum(['title', 'domain', 'type', 'lifecycle', 'classification', 'score'])
    .default('title'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

function itemOf(row: MeshProductListRow): MeshProductItem {
  return {
    entityRef: row.entity_ref,
    namespace: row.namespace,
    name: row.name,
    title: row.title,
    ...(row.description ? { description: row.description } : {}),
    ...(row.domain_ref ? { domainRef: row.domain_ref } : {}),
    ...(row.type ? { type: row.type } : {}),
    ...(row.lifecycle ? { lifecycle: row.lifecycle } : {}),
    ...(row.classification ? { classification: row.classification } : {}),
    ...(row.status
      ? { compliance: { status: row.status as any, score: Number(row.score) } }
      : {}),
    slos: {
      declared: Number(row.slo_declared),
      measured: row.slo_measured === null ? null : Number(row.slo_measured),
      met: row.slo_met === null ? null : Number(row.slo_met),
    },
  };
}

/**
 * The mesh page's routes (documented in src/schema/openapi.yaml):
 * - `GET /mesh/summary`: every figure of the page, over the whole mesh, from the stored
 *   roll-ups (no catalog read for callers who may read every product);
 * - `GET /mesh/products`: the product list, paged, filtered, searched and sorted in SQL.
 */
export function registerMeshRoutes(
  router: DataMeshApiRouter,
  options: MeshRoutesOptions,
): void {
  const { mesh, compliance, catalog, httpAuth, permissions } = options;

  const visibilityOf = async (
    req: express.Request,
  ): Promise<ProductVisibility> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return productVisibility(permissions, catalog, credentials);
  };

  router.get('/mesh/summary', async (req, res) => {
    const visibility = await visibilityOf(req);
    const [figures, lastSweep, lastIncrementalSweep, slos] = await Promise.all([
      mesh.getFigures(),
      compliance.getLastSweep('last'),
      compliance.getLastSweep('incremental'),
      compliance.getLastSweep('slos'),
    ]);
    let byDomain = figures.byDomain;
    if (visibility.kind !== 'all') {
      const only =
        visibility.kind === 'some' ? visibility.refs : new Set<string>();
      const [{ items }, results] = await Promise.all([
        mesh.listProducts({
          offset: 0,
          limit: Number.MAX_SAFE_INTEGER,
          sort: 'title',
          order: 'asc',
          onlyRefs: only,
        }),
        compliance.listForRollUp(),
      ]);
      byDomain = figuresOfRows(
        items,
        results.filter(r => only.has(r.entityRef)),
      );
    }
    const body: MeshSummaryResponse = buildSummary(figures, byDomain, {
      coverage: visibility.kind === 'all' ? 'mesh' : 'visible',
      lastSweep,
      lastIncrementalSweep,
      slosCheckedAt: slos?.finishedAt,
    });
    res.json(body);
  });

  router.get('/mesh/products', async (req, res) => {
    const visibility = await visibilityOf(req);
    const query = parseRequest(productsQuery, req.query, 'query');
    const { items, totalItems } =
      visibility.kind === 'none'
        ? { items: [], totalItems: 0 }
        : await mesh.listProducts({
            offset: query.offset,
            limit: query.limit,
            search: query.search,
            domainRef: query.domain,
            type: query.type,
            lifecycle: query.lifecycle,
            classification: query.classification,
            compliance: query.compliance,
            sort: query.sort,
            order: query.order,
            ...(visibility.kind === 'some'
              ? { onlyRefs: visibility.refs }
              : {}),
          });
    const body: MeshProductsResponse = {
      items: items.map(itemOf),
      totalItems,
      offset: query.offset,
      limit: query.limit,
      coverage: visibility.kind === 'all' ? 'mesh' : 'visible',
    };
    res.json(body);
  });
}
