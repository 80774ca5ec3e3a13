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
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ObservedIngestResponse,
  ProductColumnLineageResponse,
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
import { iso } from '../lib/time';
import { getVisibleProduct } from '../lib/visibleProduct';
import type { DataMeshApiRouter } from '../schema';
import { buildLineageGraph, portColumnLineage } from './lineage';
import { datasetSubject } from './naming';
import {
  indicatorSchema,
  parseObservations,
  type ParsedObservation,
} from './observations';
import {
  parseLineageBatch,
  parseLineageEvents,
  type FailedEvent,
  type ParsedLineageEvent,
} from './openlineage';
import { readProductMapping } from './productMapping';
import { productSloStatuses } from './productSloStatuses';

/** What {@link registerObservedRoutes} needs. */
export interface ObservedRoutesOptions {
  settings: DataMeshSettings['observed'];
  store: ObservedStore;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/**
 * The OpenLineage ingest URLs (under the plugin's base, /api/data-mesh), one event (or an
 * array stored whole) each: where the Python client posts with `url:
 * <backend>/api/data-mesh/openlineage` (urljoin with `api/v1/lineage` drops the last
 * segment: `/api/v1/lineage`; with a trailing slash: `/openlineage/api/v1/lineage`), and
 * where the Java client posts a url that has a path, as is (`/openlineage`).
 */
export const LINEAGE_PATHS = [
  '/openlineage/api/v1/lineage',
  '/api/v1/lineage',
  '/openlineage',
];
/** The first of {@link LINEAGE_PATHS}, the one documented first. */
export const LINEAGE_PATH = LINEAGE_PATHS[0];
/** The batch URLs (the spec's `/lineage/batch`): each event stored or refused alone. */
export const LINEAGE_BATCH_PATHS = [
  '/openlineage/api/v1/lineage/batch',
  '/api/v1/lineage/batch',
];
export const OBSERVATIONS_PATH = '/observations';
/** Every route that reads its body with readIngestBody (./ingestBody.ts). */
export const INGEST_PATHS = [
  ...LINEAGE_PATHS,
  ...LINEAGE_BATCH_PATHS,
  OBSERVATIONS_PATH,
];

/** The answer of a batch URL. */
export interface LineageBatchResponse {
  received: number;
  stored: number;
  duplicates: number;
  status: 'success' | 'partial_success' | 'failure';
  failed_events: FailedEvent[];
}

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
  const clock = () => ({
    now: Date.now(),
    maxClockSkewMs: settings.ingest.maxClockSkewMs,
  });
  return [
    ...LINEAGE_PATHS.map(
      (path): BodyCheck => ({
        method: 'POST',
        path,
        parse: req =>
          parseLineageEvents(req.body, {
            maxBatch: settings.ingest.maxBatchEvents,
            ...clock(),
          }).events,
      }),
    ),
    ...LINEAGE_BATCH_PATHS.map(
      (path): BodyCheck => ({
        method: 'POST',
        path,
        parse: req =>
          parseLineageBatch(req.body, {
            maxBatch: settings.ingest.maxBatchEvents,
            ...clock(),
          }),
      }),
    ),
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
 * - `POST /openlineage/api/v1/lineage`, `/api/v1/lineage`, `/openlineage`: one OpenLineage
 *   event (RunEvent, DatasetEvent or JobEvent) or a JSON array stored whole, as the
 *   stock HTTP transports send them (see LINEAGE_PATHS).
 * - `POST /openlineage/api/v1/lineage/batch`, `/api/v1/lineage/batch`: a JSON array of
 *   events; the valid ones are stored, the others listed by index (`failed_events`).
 * - `POST /observations`: measured values of products, one or a JSON array.
 * - `GET /products/:namespace/:name/{slos,lineage,runs,observations}`.
 *
 * Ingest takes service credentials only (a pipeline's static token from
 * `backend.auth.externalAccess`); the sender's subject is stored with what it sent. The
 * catalog is read with the plugin's own credentials: the shipped ingest token is
 * restricted to this plugin and cannot be passed on to the catalog.
 * Reads take user or service credentials and follow the catalog's read permission: a
 * product the caller cannot see is a 404.
 */
export function registerObservedRoutes(
  router: DataMeshApiRouter,
  options: ObservedRoutesOptions,
): void {
  const { settings, store, auth, httpAuth, catalog, logger } = options;

  const productOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await getVisibleProduct(catalog, req.params, credentials);
    return {
      entity,
      credentials,
      mapping: readProductMapping(entity, settings.matching),
    };
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

  const ingestLineage: express.RequestHandler = async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const sentBy = credentials.principal.subject;
    const events = parsedBody<ParsedLineageEvent[]>(req);
    const result = await store.ingestLineageEvents(events, sentBy);
    const body: ObservedIngestResponse = { received: events.length, ...result };
    logger.debug(
      `OpenLineage: ${result.stored} of ${events.length} events stored, from ${sentBy}`,
    );
    res.status(200).json(body);
  };
  for (const path of LINEAGE_PATHS) router.post(path, ingestLineage);

  const ingestBatch: express.RequestHandler = async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const sentBy = credentials.principal.subject;
    const { events, failed, received } =
      parsedBody<ReturnType<typeof parseLineageBatch>>(req);
    const result =
      events.length > 0
        ? await store.ingestLineageEvents(events, sentBy)
        : { stored: 0, duplicates: 0 };
    let status: LineageBatchResponse['status'] = 'success';
    if (events.length === 0) status = 'failure';
    else if (failed.length > 0) status = 'partial_success';
    const body: LineageBatchResponse = {
      received,
      ...result,
      status,
      failed_events: failed,
    };
    logger.debug(
      `OpenLineage batch: ${result.stored} of ${received} events stored, ${failed.length} refused, from ${sentBy}`,
    );
    // The batch contract (OpenLineage's /lineage/batch): a batch with no valid event is a
    // 400 that still lists every event's reason, in the same body shape as a 200.
    res.status(events.length === 0 ? 400 : 200).json(body);
  };
  for (const path of LINEAGE_BATCH_PATHS) router.post(path, ingestBatch);

  router.post(OBSERVATIONS_PATH, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const items = parsedBody<ParsedObservation[]>(req);
    // Only products that exist, read with the plugin's own credentials: the shipped
    // ingest token may call this plugin only, so the catalog would refuse it.
    const refs = [...new Set(items.map(i => i.subject))];
    const seen = await describeEntities(await auth.getOwnServiceCredentials())(
      refs,
    );
    const missing = items.find(i => !seen.get(i.subject));
    if (missing) {
      throw new InputError(
        `${missing.where}.entityRef: no data product ${missing.subject} in the catalog`,
      );
    }
    // A sender whose token may read the catalog must also see the product.
    const visible = await describeEntities(credentials)(refs).catch(
      (e: Error) => {
        if (e.name === 'NotAllowedError') return undefined;
        throw e;
      },
    );
    const hidden = visible && items.find(i => !visible.get(i.subject));
    if (hidden) {
      throw new InputError(
        `${hidden.where}.entityRef: no data product ${hidden.subject} in the catalog`,
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
    const body: ProductSloStatusResponse = {
      entityRef: mapping.ref,
      evaluatedAt: iso(now),
      slos: await productSloStatuses(entity, store, settings, now),
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
    const runs = await store.runsOf(mapping, datasetIds);
    res.json(
      await buildLineageGraph({
        store,
        mapping,
        runs,
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

  router.get('/products/:namespace/:name/lineage/columns', async (req, res) => {
    const { mapping } = await productOf(req);
    const byPort = await store.portDatasetsOf(mapping);
    const lineage = await store.columnLineageOf(
      [...byPort.values()].flat().map(d => d.datasetId),
    );
    const body: ProductColumnLineageResponse = {
      ports: mapping.ports.map(port =>
        portColumnLineage(port, byPort.get(port.key) ?? [], lineage),
      ),
    };
    res.json(body);
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
    const runs = await store.runsOf(mapping, datasetIds);
    const page = await store.listRuns(runs, { limit: query.limit, after });
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
