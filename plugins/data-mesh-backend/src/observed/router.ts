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
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  DataProductSlo,
  ObservedIngestResponse,
  ProductSloStatusResponse,
} from '@meshwork/plugin-data-mesh-common';
import type express from 'express';
import { z } from 'zod';
import type { ObservedStore } from '../database/ObservedStore';
import type { ObservationsPageKey } from '../database/operations/observed/listObservations';
import type { RunsPageKey } from '../database/operations/observed/listRuns';
import { parsedBody, type BodyCheck } from '../lib/bodyChecks';
import type { DataMeshSettings } from '../lib/config';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { parseRequest } from '../lib/requestParser';
import { DAY, iso } from '../lib/time';
import { getVisibleProduct } from '../lib/visibleProduct';
import type { DataMeshApiRouter } from '../schema';
import { buildLineageGraph } from './lineage';
import { datasetSubject } from './naming';
import {
  indicatorSchema,
  parseObservations,
  type ParsedObservation,
} from './observations';
import { parseRunEvents, type ParsedRunEvent } from './openlineage';
import { readProductMapping } from './productMapping';
import { computeSloStatus, sloWindowMs } from './sloStatus';

/** What {@link registerObservedRoutes} needs. */
export interface ObservedRoutesOptions {
  settings: DataMeshSettings['observed'];
  store: ObservedStore;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/** The ingest routes' paths. */
export const LINEAGE_PATH = '/openlineage/api/v1/lineage';
export const OBSERVATIONS_PATH = '/observations';

const cursorSchema = z.string().max(500).optional();
const limitSchema = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * The body parsers of the ingest routes, run before the OpenAPI validator so that a bad
 * event or observation is named as the API documents it.
 */
export function observedBodyChecks(
  settings: DataMeshSettings['observed'],
): BodyCheck[] {
  return [
    {
      method: 'POST',
      path: LINEAGE_PATH,
      parse: req =>
        parseRunEvents(req.body, {
          maxBatch: settings.ingest.maxBatchEvents,
        }).events,
    },
    {
      method: 'POST',
      path: OBSERVATIONS_PATH,
      parse: req =>
        parseObservations(req.body, {
          maxBatch: settings.ingest.maxBatchEvents,
          now: Date.now(),
        }),
    },
  ];
}

/**
 * The observed-reality routes (documented in src/schema/openapi.yaml):
 *
 * - `POST /openlineage/api/v1/lineage`: OpenLineage RunEvents, one or a JSON array, as an
 *   OpenLineage HTTP transport sends them (url `<backend>/api/data-mesh/openlineage`).
 * - `POST /observations`: measured values of products, one or a JSON array.
 * - `GET /products/:namespace/:name/{slos,lineage,runs,observations}`.
 *
 * Ingest takes service credentials only (a pipeline's static token from
 * `backend.auth.externalAccess`); the sender's subject is stored with what it sent.
 * Reads take user or service credentials and follow the catalog's read permission: a
 * product the caller cannot see is a 404.
 */
export function registerObservedRoutes(
  router: DataMeshApiRouter,
  options: ObservedRoutesOptions,
): void {
  const { settings, store, httpAuth, catalog, logger } = options;

  const productOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await getVisibleProduct(catalog, req.params, credentials);
    return { entity, credentials, mapping: readProductMapping(entity) };
  };

  const describeEntities =
    (credentials: BackstageCredentials) => async (refs: string[]) => {
      const found = new Map<string, { title?: string } | null>();
      if (refs.length === 0) return found;
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.title',
          ],
        },
        { credentials },
      );
      refs.forEach((ref, i) => {
        const e = items[i] as Entity | undefined | null;
        found.set(ref, e ? { title: e.metadata.title } : null);
      });
      return found;
    };

  router.post(LINEAGE_PATH, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const sentBy = credentials.principal.subject;
    const events = parsedBody<ParsedRunEvent[]>(req);
    const result = await store.ingestRunEvents(events, sentBy);
    const body: ObservedIngestResponse = { received: events.length, ...result };
    logger.debug(
      `OpenLineage: ${result.stored} of ${events.length} events stored, from ${sentBy}`,
    );
    res.status(200).json(body);
  });

  router.post(OBSERVATIONS_PATH, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const items = parsedBody<ParsedObservation[]>(req);
    // Only products that exist and the sender may see.
    const refs = [...new Set(items.map(i => i.subject))];
    const seen = await describeEntities(credentials)(refs);
    const missing = items.find(i => !seen.get(i.subject));
    if (missing) {
      throw new InputError(
        `${missing.where}.entityRef: no data product ${missing.subject} in the catalog`,
      );
    }
    const result = await store.ingestObservations(
      items,
      credentials.principal.subject,
    );
    const body: ObservedIngestResponse = { received: items.length, ...result };
    res.status(200).json(body);
  });

  router.get('/products/:namespace/:name/slos', async (req, res) => {
    const { entity, mapping } = await productOf(req);
    const now = Date.now();
    const declared: unknown[] = Array.isArray(entity.spec?.slos)
      ? entity.spec.slos
      : [];
    const slos = declared.filter(
      (s): s is DataProductSlo =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as { indicator?: unknown }).indicator === 'string',
    );
    const longest = Math.min(
      settings.retention.aggregateMs,
      Math.max(
        DAY,
        ...slos.map(s => sloWindowMs(s, settings.slo.defaultWindow) ?? 0),
      ),
    );
    const datasetIds = await store.datasetIdsOf(mapping);
    const jobIds = await store.jobIdsOf(mapping, datasetIds);
    const data = await store.sloData({
      productRef: mapping.ref,
      datasetIds,
      jobIds,
      annotatedJobIds: mapping.jobIds,
      indicators: [
        ...new Set(slos.map(s => s.indicator.toLocaleLowerCase('en-US'))),
      ],
      windowStart: now - longest,
      now,
    });
    const body: ProductSloStatusResponse = {
      entityRef: mapping.ref,
      evaluatedAt: iso(now),
      slos: slos.map(slo =>
        computeSloStatus(slo, data, {
          now,
          defaultWindow: settings.slo.defaultWindow,
          freshnessTarget: settings.slo.freshnessTarget,
        }),
      ),
    };
    res.json(body);
  });

  router.get('/products/:namespace/:name/lineage', async (req, res) => {
    const query = parseRequest(
      z.object({
        depth: z.coerce.number().int().min(1).max(100).optional(),
        direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
      }),
      req.query,
      'query',
    );
    const { mapping, credentials } = await productOf(req);
    const requested = query.depth ?? settings.lineage.defaultDepth;
    const depth = Math.min(requested, settings.lineage.maxDepth);
    const datasetIds = await store.datasetIdsOf(mapping);
    const jobIds = await store.jobIdsOf(mapping, datasetIds);
    res.json(
      await buildLineageGraph({
        store,
        mapping,
        jobIds,
        direction: query.direction,
        depth,
        depthCapped: requested > depth,
        maxNodes: settings.lineage.maxNodes,
        driftWindow: settings.lineage.driftWindow,
        driftWindowMs: settings.lineage.driftWindowMs,
        now: Date.now(),
        describeEntities: describeEntities(credentials),
      }),
    );
  });

  router.get('/products/:namespace/:name/runs', async (req, res) => {
    const query = parseRequest(
      z.object({ limit: limitSchema(200, 50), cursor: cursorSchema }),
      req.query,
      'query',
    );
    const after =
      query.cursor !== undefined
        ? decodeCursor<RunsPageKey>(query.cursor, ['number', 'string'])
        : undefined;
    const { mapping } = await productOf(req);
    const datasetIds = await store.datasetIdsOf(mapping);
    const jobIds = await store.jobIdsOf(mapping, datasetIds);
    const page = await store.listRuns(jobIds, { limit: query.limit, after });
    res.json({
      items: page.items,
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    });
  });

  router.get('/products/:namespace/:name/observations', async (req, res) => {
    const query = parseRequest(
      z.object({
        limit: limitSchema(500, 100),
        cursor: cursorSchema,
        indicator: indicatorSchema.optional(),
      }),
      req.query,
      'query',
    );
    const after =
      query.cursor !== undefined
        ? decodeCursor<ObservationsPageKey>(query.cursor, ['number', 'number'])
        : undefined;
    const { mapping } = await productOf(req);
    const datasetIds = await store.datasetIdsOf(mapping);
    const page = await store.listObservations(
      [mapping.ref, ...datasetIds.map(datasetSubject)],
      {
        limit: query.limit,
        indicator: query.indicator?.toLocaleLowerCase('en-US'),
        after,
      },
    );
    res.json({
      items: page.items,
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    });
  });
}
