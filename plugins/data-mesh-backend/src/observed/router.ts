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
  DatabaseService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATA_PRODUCT_KIND,
  type DataProductSlo,
  type ObservedIngestResponse,
  type ProductSloStatusResponse,
} from '@meshwork/plugin-data-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { readObservedConfig } from './config';
import { DAY, iso } from './db';
import { buildLineageGraph } from './lineage';
import { datasetSubject } from './naming';
import { decodeCursor, ObservedStore } from './ObservedStore';
import { parseDateTime, parseRunEvents } from './openlineage';
import { entityNode, readProductMapping } from './productMapping';
import { computeSloStatus, sloWindowMs } from './sloStatus';
import { productParams } from '../service/productParams';

/**
 * Options of {@link createObservedRouter}.
 *
 * @public
 */
export interface ObservedRouterOptions {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  catalog: CatalogService;
}

const cursorSchema = z.string().max(500).optional();
const limitSchema = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const indicatorSchema = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, {
    message:
      'must be a name such as completeness or row_count (letters, digits, _ . -)',
  });

const observationSchema = z
  .object(
    {
      entityRef: z
        .string({
          required_error: 'is required',
          invalid_type_error: 'must be a string',
        })
        .min(1, { message: 'must not be empty' })
        .max(255),
      indicator: indicatorSchema,
      value: z
        .number({
          required_error: 'is required',
          invalid_type_error: 'must be a number',
        })
        .finite(),
      observedAt: z
        .string({ invalid_type_error: 'must be a date-time string' })
        .refine(v => parseDateTime(v) !== undefined, {
          message: 'must be a date-time such as 2025-06-01T12:00:00Z',
        })
        .optional(),
    },
    { invalid_type_error: 'must be an object' },
  )
  .passthrough();

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new InputError(`${where}${path}: ${issue.message}`);
  }
  return result.data;
}

function cursorOf<T extends unknown[]>(
  cursor: string | undefined,
  check: (v: unknown[]) => boolean,
): T | undefined {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, 2);
  if (!value || !check(value)) {
    throw new InputError(
      'query.cursor: must be a cursor returned by this endpoint',
    );
  }
  return value as T;
}

/**
 * The observed-reality API of the data-mesh plugin (documented in
 * src/schema/openapi.yaml), to mount at the plugin root:
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
 *
 * @public
 */
export async function createObservedRouter(
  options: ObservedRouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, logger } = options;
  const settings = readObservedConfig(options.config);
  const store = await ObservedStore.create(options.database);
  const router = Router();

  const senderOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    return credentials.principal.subject;
  };

  const productOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parse(productParams, req.params, 'path');
    const ref = stringifyEntityRef({
      kind: DATA_PRODUCT_KIND,
      namespace,
      name,
    });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No data product ${ref}`);
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

  const json = express.json({ limit: settings.ingest.maxBodyBytes });

  router.post('/openlineage/api/v1/lineage', json, async (req, res) => {
    const sentBy = await senderOf(req);
    const { events } = parseRunEvents(req.body, {
      maxBatch: settings.ingest.maxBatchEvents,
    });
    const result = await store.ingestRunEvents(events, sentBy);
    const body: ObservedIngestResponse = { received: events.length, ...result };
    logger.debug(
      `OpenLineage: ${result.stored} of ${events.length} events stored, from ${sentBy}`,
    );
    res.status(200).json(body);
  });

  router.post('/observations', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const batch = Array.isArray(req.body);
    const list: unknown[] = batch ? req.body : [req.body];
    if (list.length === 0) throw new InputError('The batch is empty');
    if (list.length > settings.ingest.maxBatchEvents) {
      throw new InputError(
        `The batch holds ${list.length} observations, more than the ${settings.ingest.maxBatchEvents} allowed; split it`,
      );
    }
    const now = Date.now();
    const items = list.map((raw, i) => {
      const where = batch ? `[${i}]` : 'body';
      const o = parse(observationSchema, raw, where);
      let ref;
      try {
        ref = parseEntityRef(o.entityRef, {
          defaultKind: DATA_PRODUCT_KIND,
          defaultNamespace: 'default',
        });
      } catch (e) {
        throw new InputError(`${where}.entityRef: ${(e as Error).message}`);
      }
      if (ref.kind.toLocaleLowerCase('en-US') !== 'dataproduct') {
        throw new InputError(
          `${where}.entityRef: must be a reference to a DataProduct, but found kind ${ref.kind}`,
        );
      }
      const observedAt = o.observedAt ? parseDateTime(o.observedAt)! : now;
      if (observedAt > now + 3_600_000) {
        throw new InputError(`${where}.observedAt: must not be in the future`);
      }
      return {
        where,
        subject: entityNode(stringifyEntityRef(ref)),
        indicator: o.indicator.toLocaleLowerCase('en-US'),
        value: o.value,
        observedAt,
      };
    });
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
      now,
    );
    const body: ObservedIngestResponse = { received: items.length, ...result };
    res.status(200).json(body);
  });

  router.get('/products/:namespace/:name/slos', async (req, res) => {
    const { entity, mapping } = await productOf(req);
    const now = Date.now();
    const slos = (
      Array.isArray((entity.spec as any)?.slos) ? (entity.spec as any).slos : []
    ).filter(
      (s: unknown): s is DataProductSlo =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as any).indicator === 'string',
    ) as DataProductSlo[];
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
    const query = parse(
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
    const query = parse(
      z.object({ limit: limitSchema(200, 50), cursor: cursorSchema }),
      req.query,
      'query',
    );
    const after = cursorOf<[number, string]>(
      query.cursor,
      ([a, b]) => typeof a === 'number' && typeof b === 'string',
    );
    const { mapping } = await productOf(req);
    const datasetIds = await store.datasetIdsOf(mapping);
    const jobIds = await store.jobIdsOf(mapping, datasetIds);
    const page = await store.listRuns(jobIds, { limit: query.limit, after });
    res.json({
      items: page.items,
      ...(page.next ? { nextCursor: page.next } : {}),
    });
  });

  router.get('/products/:namespace/:name/observations', async (req, res) => {
    const query = parse(
      z.object({
        limit: limitSchema(500, 100),
        cursor: cursorSchema,
        indicator: indicatorSchema.optional(),
      }),
      req.query,
      'query',
    );
    const after = cursorOf<[number, number]>(
      query.cursor,
      ([a, b]) => typeof a === 'number' && typeof b === 'number',
    );
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
      ...(page.next ? { nextCursor: page.next } : {}),
    });
  });

  return router;
}
