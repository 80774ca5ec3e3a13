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

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { mockScheduler } from './__testUtils__/backendTestUtils';
import { parseAllDocuments } from 'yaml';
import { COMPLIANCE_SWEEP_TASK_ID } from './plugin';

/*
 * The repository's example mesh (examples/mesh) through the real catalog, the data mesh
 * catalog module and this plugin: every product gets a stored compliance result, and the
 * products written to break a policy fail exactly that policy, with remediation.
 */

const meshDir = resolve(__dirname, '../../../examples/mesh');
const haveExamples = existsSync(join(meshDir, 'all.yaml'));

function exampleProductNames(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(meshDir).filter(f =>
    /^products-.*\.yaml$/.test(f),
  )) {
    for (const doc of parseAllDocuments(
      readFileSync(join(meshDir, file), 'utf8'),
    )) {
      const e = doc.toJS();
      if (e?.kind === 'DataProduct') names.push(e.metadata.name);
    }
  }
  return names.sort();
}

describe.skipIf(!haveExamples)('the example mesh', () => {
  let backend: TestBackend;
  const scheduler = mockScheduler();
  const auth = mockCredentials.user.header();
  const names = haveExamples ? exampleProductNames() : [];

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        import('./index'),
        import('@backstage/plugin-catalog-backend'),
        import('@meshwork/plugin-catalog-backend-module-data-mesh'),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'DataProduct',
                    'Domain',
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Group',
                    'User',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: join(meshDir, 'all.yaml') },
                { type: 'file', target: resolve(meshDir, '../org.yaml') },
              ],
              processingInterval: { seconds: 1 },
            },
            dataMesh: {
              compliance: {
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
              },
            },
          },
        }),
      ],
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=kind=dataproduct&limit=500')
        .set('Authorization', auth);
      if (res.body.items?.length === names.length) break;
      if (Date.now() > deadline) {
        throw new Error(
          `catalog has ${res.body.items?.length} of ${names.length} example products`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
    await scheduler.triggerTask(COMPLIANCE_SWEEP_TASK_ID);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('has a stored compliance result for every example product', async () => {
    const res = await request(backend.server)
      .get('/api/data-mesh/compliance?limit=500')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((i: any) => i.entityRef.split('/')[1]).sort(),
    ).toEqual(names);
    for (const item of res.body.items) {
      expect(['passing', 'warning', 'failing']).toContain(item.status);
    }
  });

  it.each([
    ['customer-segments', 'encryption-at-rest'],
    ['returns', 'retention-policy'],
    ['delivery-performance', 'quality-slo'],
  ])('%s fails %s, with remediation', async (name, policyId) => {
    const res = await request(backend.server)
      .get(`/api/data-mesh/compliance/default/${name}`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(true);
    const row = res.body.results.find((r: any) => r.policyId === policyId);
    expect(row).toMatchObject({ status: 'failed', severity: 'required' });
    expect(row.remediation).toEqual(expect.any(String));
    expect(res.body.passed).toBe(false);
  });

  it('rolls up per domain and for the whole mesh', async () => {
    const mesh = await request(backend.server)
      .get('/api/data-mesh/compliance/mesh')
      .set('Authorization', auth);
    expect(mesh.body.products).toBe(names.length);
    expect(mesh.body.failing).toBeGreaterThanOrEqual(3);
    const domains = await request(backend.server)
      .get('/api/data-mesh/compliance/domains')
      .set('Authorization', auth);
    const sales = domains.body.items.find(
      (d: any) => d.domainRef === 'domain:default/sales',
    );
    const orders = domains.body.items.find(
      (d: any) => d.domainRef === 'domain:default/orders',
    );
    // The Sales roll-up includes its Orders subdomain.
    expect(sales.products).toBeGreaterThan(orders.products);
  });
});
