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
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';

/** The Backstage key that holds the tokens pipelines send their runs with. */
export const EXTERNAL_ACCESS_KEY = 'backend.auth.externalAccess';

/**
 * Why pipelines cannot send anything, and the fix, in one line: the startup warning and
 * the body of the ingest routes' 503.
 */
export const INGEST_TOKEN_MISSING = `Pipelines cannot send OpenLineage events or observations: ${EXTERNAL_ACCESS_KEY} has no token for the data-mesh plugin. Make one with \`node -p "require('node:crypto').randomBytes(24).toString('base64url')"\` and add it as a static token (subject openlineage-ingest, accessRestrictions: [{ plugin: data-mesh }]), as the README's "Install into your existing Backstage" shows.`;

/**
 * Whether some external-access token (or a legacy `backend.auth.keys` key) may call the
 * data-mesh plugin: an entry without `accessRestrictions`, or one that names `data-mesh`.
 */
export function hasIngestToken(config: RootConfigService): boolean {
  if ((config.getOptionalConfigArray('backend.auth.keys') ?? []).length > 0) {
    return true;
  }
  return (config.getOptionalConfigArray(EXTERNAL_ACCESS_KEY) ?? []).some(
    entry => {
      const restrictions = entry.getOptionalConfigArray('accessRestrictions');
      return (
        !restrictions ||
        restrictions.some(r => r.getOptionalString('plugin') === 'data-mesh')
      );
    },
  );
}

/**
 * In front of the ingest routes while no token is configured: a request without valid
 * service credentials gets a 503 that names the key to set; one with them (another
 * plugin's service token) goes on to the route as usual.
 */
export function ingestUnavailableRouter(
  paths: string[],
  httpAuth: HttpAuthService,
): express.Router {
  const router = Router();
  router.post(paths, async (req, _res, next) => {
    try {
      await httpAuth.credentials(req, { allow: ['service'] });
    } catch (e) {
      if (
        isError(e) &&
        ['AuthenticationError', 'NotAllowedError'].includes(e.name)
      ) {
        throw new ServiceUnavailableError(INGEST_TOKEN_MISSING);
      }
      throw e;
    }
    next();
  });
  return router;
}
