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

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { OBSERVED_CATALOG_SYNC_TASK_ID } from './tasks';
import {
  fakeCatalogFactory,
  mockScheduler,
} from '../__testUtils__/backendTestUtils';

/*
 * The example data: examples/openlineage/seed.mjs sent through the real ingest path for
 * the example mesh (examples/mesh), as the portal's start script does.
 */

const root = join(__dirname, '../../../..');
const TOKEN = 'seed-token-0123456789abcdef';
const run = promisify(execFile);

const mesh: Entity[] = readdirSync(join(root, 'examples/mesh'))
  .filter(f => f.endsWith('.yaml'))
  .flatMap(f =>
    parseAllDocuments(readFileSync(join(root, 'examples/mesh', f), 'utf8')).map(
      d => d.toJSON() as Entity,
    ),
  )
  .filter(e => e && e.kind);
const products = mesh.filter(e => e.kind === 'DataProduct');

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('examples/openlineage/seed.mjs', () => {
  let backend: TestBackend;
  const scheduler = mockScheduler();
  // One "now" for both runs: a run that was still going in the first would otherwise
  // have finished by the second, which then stores its end.
  const now = new Date().toISOString();
  const seed = () =>
    run(process.execPath, [
      join(root, 'examples/openlineage/seed.mjs'),
      '--url',
      `http://localhost:${backend.server.port()}/api/data-mesh/openlineage`,
      '--token',
      TOKEN,
      '--now',
      now,
    ]);
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/data-mesh/products/default/${path}`)
      .set('Authorization', `Bearer ${TOKEN}`);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        import('../index'),
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        fakeCatalogFactory(mesh),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'openlineage-ingest' },
                  },
                ],
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('populates SLOs and observed lineage of the example mesh, once', async () => {
    const first = await seed();
    expect(first.stdout).toMatch(
      /\[seed\] OpenLineage: (\d+) events sent, \1 stored, 0 already there/,
    );
    await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);

    for (const p of products) {
      const slos = (await get(`${p.metadata.name}/slos`)).body.slos as any[];
      for (const slo of slos) {
        expect({
          product: p.metadata.name,
          indicator: slo.indicator,
          source: slo.source,
        }).not.toMatchObject({ source: 'none' });
      }
    }
    const segments = (await get('customer-segments/lineage?direction=upstream'))
      .body;
    expect(segments.drift.observedUndeclared.map((d: any) => d.node)).toEqual([
      'dataproduct:default/orders',
    ]);
    const c360 = (await get('customer-360/lineage?direction=upstream')).body;
    expect(c360.drift.declaredUnseen.map((d: any) => d.node)).toEqual([
      'dataproduct:default/product-usage-events',
    ]);
    expect(
      c360.edges
        .filter((e: any) => e.target === 'dataproduct:default/customer-360')
        .map((e: any) => [e.source, e.origin]),
    ).toContainEqual(['dataproduct:default/orders', 'both']);
    const kpis = (await get('sales-performance/lineage?direction=downstream'))
      .body;
    expect(kpis.nodes.map((n: any) => n.id)).toContain(
      'ol-job:shopco-bi/dashboards.refresh_sales',
    );

    const again = await seed();
    expect(again.stdout).toMatch(
      /\[seed\] OpenLineage: (\d+) events sent, 0 stored, \1 already there/,
    );
  });
});
