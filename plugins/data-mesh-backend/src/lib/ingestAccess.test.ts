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

import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import type { JsonObject } from '@backstage/types';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import request from 'supertest';
import { INGEST_TOKEN_MISSING } from './ingestAccess';

/*
 * The pipeline token, with Backstage's real auth services: without one the backend starts,
 * says once what to configure, and the ingest routes answer 503 naming the key; with one,
 * ingest takes it as before.
 */

const CATALOG_ONLY_TOKEN = 'catalog-reader-token-0123456789';
const INGEST_TOKEN = 'pipeline-token-0123456789abcdef';

const runEvent = {
  eventType: 'START',
  eventTime: '2026-01-01T00:00:00.000Z',
  producer: 'https://example.com/pipeline',
  schemaURL:
    'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: '0190a6f2-6d1f-7000-8000-000000000001' },
  job: { namespace: 'customer', name: 'customer_360.build' },
  inputs: [],
  outputs: [],
};

function recordingLogger(warnings: string[]) {
  return createServiceFactory({
    service: coreServices.logger,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const logger: LoggerService = {
        error() {},
        info() {},
        debug() {},
        warn(message: string) {
          warnings.push(`${plugin.getId()}: ${message}`);
        },
        child: () => logger,
      };
      return logger;
    },
  });
}

async function start(externalAccess: JsonObject[], warnings: string[]) {
  return startTestBackend({
    features: [
      import('../index'),
      import('@backstage/plugin-catalog-backend'),
      authServiceFactory,
      httpAuthServiceFactory,
      recordingLogger(warnings),
      mockServices.rootConfig.factory({
        data: {
          backend: { auth: { externalAccess } },
          catalog: { rules: [{ allow: ['DataProduct', 'Domain'] }] },
          dataMesh: {
            compliance: {
              schedule: {
                frequency: { hours: 1 },
                timeout: { minutes: 1 },
                initialDelay: { hours: 1 },
              },
            },
          },
        },
      }),
    ],
  });
}

describe('the pipeline token', () => {
  describe('when no external-access token may call data-mesh', () => {
    const warnings: string[] = [];
    let backend: TestBackend;

    beforeAll(async () => {
      // A token for another plugin only: Backstage starts, data-mesh has no ingest token.
      backend = await start(
        [
          {
            type: 'static',
            options: { token: CATALOG_ONLY_TOKEN, subject: 'catalog-reader' },
            accessRestrictions: [{ plugin: 'catalog' }],
          },
        ],
        warnings,
      );
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('starts and says so in one line naming the key and the fix', () => {
      expect(warnings.filter(w => w.startsWith('data-mesh:'))).toEqual([
        `data-mesh: ${INGEST_TOKEN_MISSING}`,
      ]);
      expect(INGEST_TOKEN_MISSING).toContain('backend.auth.externalAccess');
      expect(INGEST_TOKEN_MISSING).toContain('randomBytes(24)');
    });

    it('answers ingest with 503 naming the key, with or without a token', async () => {
      for (const path of [
        '/api/data-mesh/openlineage/api/v1/lineage',
        '/api/data-mesh/api/v1/lineage',
        '/api/data-mesh/openlineage',
        '/api/data-mesh/openlineage/api/v1/lineage/batch',
        '/api/data-mesh/observations',
      ]) {
        const anonymous = await request(backend.server)
          .post(path)
          .send(runEvent);
        expect(anonymous.status).toBe(503);
        expect(anonymous.body.error).toMatchObject({
          name: 'ServiceUnavailableError',
          message: INGEST_TOKEN_MISSING,
        });
        const otherPlugins = await request(backend.server)
          .post(path)
          .set('Authorization', `Bearer ${CATALOG_ONLY_TOKEN}`)
          .send(runEvent);
        expect(otherPlugins.status).toBe(503);
      }
    });

    it('keeps every other route behind Backstage auth', async () => {
      const res = await request(backend.server).get('/api/data-mesh/policies');
      expect(res.status).toBe(401);
      const lineage = await request(backend.server).get(
        '/api/data-mesh/products/default/customer-360/lineage',
      );
      expect(lineage.status).toBe(401);
    });
  });

  describe('when a token for data-mesh is configured', () => {
    const warnings: string[] = [];
    let backend: TestBackend;

    beforeAll(async () => {
      backend = await start(
        [
          {
            type: 'static',
            options: { token: INGEST_TOKEN, subject: 'openlineage-ingest' },
            accessRestrictions: [{ plugin: 'data-mesh' }],
          },
        ],
        warnings,
      );
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('logs nothing about it, refuses requests without it and ingests with it', async () => {
      expect(warnings.filter(w => w.includes('externalAccess'))).toEqual([]);
      const path = '/api/data-mesh/openlineage/api/v1/lineage';
      const anonymous = await request(backend.server).post(path).send(runEvent);
      expect(anonymous.status).toBe(401);
      const sent = await request(backend.server)
        .post(path)
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send(runEvent);
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ received: 1 });
    });
  });
});
