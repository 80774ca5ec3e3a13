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

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { stringify } from 'yaml';
import { ObservedStore } from '../database/ObservedStore';
import { TABLES as T } from '../database/tables';
import { mockScheduler } from '../__testUtils__/backendTestUtils';
import { OBSERVED_CATALOG_SYNC_TASK_ID } from './tasks';

/*
 * The incremental observed catalog sync against the real catalog, which reprocesses
 * every entity each second here: its etags stay the same while an entity does not
 * change, so a run after a few processing rounds reads nothing in full; a changed port
 * location is read alone; a product deleted from the catalog loses its bindings.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const PRODUCTS = 40;

const productOf = (i: number, location = `s3://lake/p/${i}`) =>
  dataProductEntity({
    name: `product-${i}`,
    metadata: {
      annotations: {
        'meshwork.dev/openlineage-namespace': 'shop',
        'meshwork.dev/openlineage-job': `job-${i}`,
      },
    },
    spec: {
      domain: 'sales',
      inputPorts: [{ source: 'component:crm-service' }],
      outputPorts: [{ name: 'out', type: 'table', location }],
    },
  });

function meshYaml(products: ReturnType<typeof productOf>[]) {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'customer-team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'crm-service' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:customer-team',
      },
    },
    domainEntity('sales', { owner: 'group:customer-team' }),
    ...products,
  ]
    .map(e => stringify(e))
    .join('---\n');
}

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'the observed catalog sync against the real catalog on %s',
  databaseId => {
    let backend: TestBackend;
    let dir: string;
    let knex: Knex;
    let store: ObservedStore;
    const scheduler = mockScheduler();
    let products = Array.from({ length: PRODUCTS }, (_, i) => productOf(i));

    const catalogProducts = async () =>
      (
        await request(backend.server)
          .get(
            '/api/catalog/entities/by-query?filter=kind=dataproduct&limit=1000&fields=metadata.name,metadata.etag,spec.outputPorts',
          )
          .set('Authorization', mockCredentials.user.header())
      ).body.items as
        | Array<{
            metadata: { name: string; etag: string };
            spec: { outputPorts: Array<{ location: string }> };
          }>
        | undefined;
    const sync = async () => {
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
      return (await store.taskRuns(OBSERVED_CATALOG_SYNC_TASK_ID)).at(-1)!
        .summary;
    };
    const bindingsOf = async (name: string) =>
      (
        await knex(T.bindings)
          .where('product_ref', `dataproduct:default/${name}`)
          .orderBy('match_key')
          .pluck('match_key')
      ).map(String);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'data-mesh-sync-'));
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(products));
      knex = await databases.init(databaseId);
      store = new ObservedStore(knex);
      const catalogDb = await databases.init('SQLITE_3');
      const databaseFactory = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory({ plugin }): DatabaseService {
          const db = plugin.getId() === 'data-mesh' ? knex : catalogDb;
          return { getClient: async () => db };
        },
      });
      backend = await startTestBackend({
        features: [
          import('../index'),
          import('@backstage/plugin-catalog-backend'),
          import('@meshwork/plugin-catalog-backend-module-data-mesh'),
          databaseFactory,
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [
                  {
                    allow: [
                      'DataProduct',
                      'Domain',
                      'Group',
                      'Component',
                      'Location',
                    ],
                  },
                ],
                locations: [{ type: 'file', target: join(dir, 'mesh.yaml') }],
                processingInterval: { seconds: 1 },
                orphanStrategy: 'delete',
              },
            },
          }),
        ],
      });
      await waitFor(async () => {
        const items = await catalogProducts();
        return items?.length === PRODUCTS ? true : undefined;
      }, 'the catalog to process the data products');
    });

    afterAll(async () => {
      await backend?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads every product once, then none while the catalog only reprocesses them', async () => {
      expect(await sync()).toMatchObject({
        checked: PRODUCTS,
        readInFull: PRODUCTS,
        changed: PRODUCTS,
      });
      expect(await bindingsOf('product-3')).toEqual([
        'job:shop/job-3',
        's3://lake/p/3',
      ]);
      // Let the catalog process every entity again a few times.
      const etags = new Map(
        (await catalogProducts())!.map(p => [p.metadata.name, p.metadata.etag]),
      );
      await new Promise(r => setTimeout(r, 3500));
      expect(
        new Map(
          (await catalogProducts())!.map(p => [
            p.metadata.name,
            p.metadata.etag,
          ]),
        ),
      ).toEqual(etags);
      expect(await sync()).toMatchObject({
        checked: PRODUCTS,
        readInFull: 0,
        changed: 0,
        removed: 0,
      });
    });

    it('reads a changed product alone and applies its new binding', async () => {
      products = products.map((p, i) =>
        i === 7 ? productOf(7, 's3://lake/moved/7') : p,
      );
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(products));
      await waitFor(async () => {
        const items = await catalogProducts();
        return items?.some(
          p =>
            p.metadata.name === 'product-7' &&
            p.spec.outputPorts[0].location === 's3://lake/moved/7',
        )
          ? true
          : undefined;
      }, 'the catalog to process the changed product');
      expect(await sync()).toMatchObject({
        checked: PRODUCTS,
        readInFull: 1,
        changed: 1,
      });
      expect(await bindingsOf('product-7')).toEqual([
        'job:shop/job-7',
        's3://lake/moved/7',
      ]);
    });

    it("drops a deleted product's bindings", async () => {
      products = products.filter((_, i) => i !== 9);
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(products));
      await waitFor(async () => {
        await scheduler.triggerTask('catalog_orphan_cleanup');
        const items = await catalogProducts();
        return items?.length === PRODUCTS - 1 ? true : undefined;
      }, 'the catalog to delete the removed product');
      expect(await sync()).toMatchObject({
        checked: PRODUCTS - 1,
        readInFull: 0,
        removed: 1,
      });
      expect(await bindingsOf('product-9')).toEqual([]);
    });
  },
);
