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
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PolicyEngine } from '@meshwork/plugin-data-mesh-node';
import express from 'express';
import Router from 'express-promise-router';
import { parseDrafts, YAML_CONTENT_TYPES } from './compliance/drafts';
import { registerComplianceRoutes } from './compliance/router';
import type { PersistenceContext } from './database/persistenceContext';
import { checkBodies } from './lib/bodyChecks';
import type { DataMeshSettings } from './lib/config';
import { readIngestBody } from './observed/ingestBody';
import {
  INGEST_PATHS,
  observedBodyChecks,
  registerObservedRoutes,
} from './observed/router';
import { registerMeshRoutes } from './mesh/router';
import { createApiRouter } from './schema';

/** What {@link createRouter} needs. */
export interface RouterOptions {
  settings: DataMeshSettings;
  context: PersistenceContext;
  engine: PolicyEngine;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * The plugin's HTTP layer: the router generated from src/schema/openapi.yaml (requests the
 * spec forbids are refused with a 400 naming the field), with every feature's routes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { settings, context } = options;
  const router = Router();

  // Bodies are read here, outside the validated router, with each route's size limit: a
  // body over it stays a 413 (inside, every error becomes a 400).
  router.use(
    '/evaluate',
    express.json({ limit: settings.evaluate.maxBodyBytes }),
    express.text({
      type: YAML_CONTENT_TYPES,
      limit: settings.evaluate.maxBodyBytes,
    }),
  );
  // Ingest bodies: JSON only (415), gzip inflated, nesting depth checked before parsing.
  router.use(
    readIngestBody({
      paths: INGEST_PATHS,
      maxBodyBytes: settings.observed.ingest.maxBodyBytes,
    }),
  );

  const api = await createApiRouter({
    middleware: [
      checkBodies([
        { method: 'POST', path: '/evaluate', parse: parseDrafts },
        ...observedBodyChecks(settings.observed),
      ]),
    ],
  });
  registerComplianceRoutes(api, {
    engine: options.engine,
    store: context.compliance,
    catalog: options.catalog,
    auth: options.auth,
    httpAuth: options.httpAuth,
    mesh: context.mesh,
    permissions: options.permissions,
  });
  registerMeshRoutes(api, {
    mesh: context.mesh,
    compliance: context.compliance,
    catalog: options.catalog,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
  });
  registerObservedRoutes(api, {
    settings: settings.observed,
    store: context.observed,
    catalog: options.catalog,
    auth: options.auth,
    httpAuth: options.httpAuth,
    logger: options.logger,
  });
  router.use(api);
  return router;
}
