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
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { ObservedStore } from '../database/ObservedStore';
import { TABLES as T } from '../database/tables';
import {
  mockScheduler,
  product,
  runEvent,
} from '../__testUtils__/backendTestUtils';
import {
  OBSERVED_CATALOG_FULL_SYNC_TASK_ID,
  OBSERVED_CATALOG_SYNC_TASK_ID,
} from './tasks';

/*
 * The incremental observed catalog sync through the real backend, on a mesh larger than
 * a catalog page (the catalog's own pager, 500 a page): every call at the catalog
 * boundary is counted, so a run after no change is shown to read no product in full.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const INGEST = 'Bearer ingest-token-0123456789abcdef';
const PRODUCTS = 620;
const name = (i: number) => `p-${String(i).padStart(3, '0')}`;
const node = (i: number) => `dataproduct:default/${name(i)}`;

function meshProduct(i: number, version = 1, location = `s3://lake/p/${i}`) {
  const entity = product(
    name(i),
    {
      ...(i > 0 ? { inputPorts: [{ dataProduct: name(i - 1) }] } : {}),
      outputPorts: [{ name: 'out', type: 'table', location }],
    },
    {
      'meshwork.dev/openlineage-namespace': 'shop',
      'meshwork.dev/openlineage-job': `${name(i)}.build`,
    },
  );
  // As the catalog does: a new etag whenever the entity changes.
  entity.metadata.etag = `${name(i)}-v${version}`;
  return entity;
}

/** A catalog over a mutable set of entities, counting what is asked of it. */
function countingCatalog() {
  const entities = new Map<string, Entity>();
  const calls = {
    streams: [] as Array<{ fields?: string[]; pages: number; items: number }>,
    byRefs: [] as string[][],
  };
  const client = () =>
    new InMemoryCatalogClient({ entities: [...entities.values()] });
  const service = {
    async queryEntities(req: any) {
      return client().queryEntities(req);
    },
    async getEntitiesByRefs(req: any) {
      calls.byRefs.push(req.entityRefs);
      return client().getEntitiesByRefs(req);
    },
    async getEntityByRef(ref: any) {
      return client().getEntityByRef(ref);
    },
    async *streamEntities(req: any) {
      const stream = { fields: req?.fields, pages: 0, items: 0 };
      calls.streams.push(stream);
      for await (const page of client().streamEntities(req)) {
        stream.pages += 1;
        stream.items += page.length;
        yield page;
      }
    },
  };
  return {
    set(entity: Entity) {
      entities.set(stringifyEntityRef(entity), entity);
    },
    remove(entity: Entity) {
      entities.delete(stringifyEntityRef(entity));
    },
    calls,
    reset() {
      calls.streams.length = 0;
      calls.byRefs.length = 0;
    },
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => service as unknown as CatalogService,
    }),
  };
}

describe.each(databases.eachSupportedId())(
  'the observed catalog sync on %s',
  databaseId => {
    let knex: Knex;
    let backend: TestBackend;
    let store: ObservedStore;
    const scheduler = mockScheduler();
    const catalog = countingCatalog();
    const t0 = Date.now() - 3_600_000;

    const bindingsOf = async (ref: string) =>
      (
        await knex(T.bindings)
          .where('product_ref', ref)
          .orderBy('match_key')
          .pluck('match_key')
      ).map(String);
    const edgesOf = async (ref: string) =>
      (
        await knex(T.edges)
          .where('source', ref)
          .orWhere('target', ref)
          .orderBy(['source', 'target'])
          .select('source', 'target', 'declared', 'observed')
      ).map(e => ({
        source: e.source,
        target: e.target,
        declared: Boolean(e.declared),
        observed: Boolean(e.observed),
      }));
    const lastRun = async (taskId: string) =>
      (await store.taskRuns(taskId)).at(-1)!.summary;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = new ObservedStore(knex);
      for (let i = 0; i < PRODUCTS; i++) catalog.set(meshProduct(i));
      backend = await startTestBackend({
        features: [
          import('../index'),
          authServiceFactory,
          httpAuthServiceFactory,
          mockServices.database.factory({ knex }),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          catalog.factory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                auth: {
                  externalAccess: [
                    {
                      type: 'static',
                      options: {
                        token: INGEST.slice(7),
                        subject: 'openlineage-ingest',
                      },
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      // p-5's job wrote its table; a reader outside the mesh read the table p-5 will
      // move its port to.
      const sent = await request(backend.server)
        .post('/api/data-mesh/openlineage/api/v1/lineage/batch')
        .set('Authorization', INGEST)
        .send([
          runEvent({
            type: 'COMPLETE',
            run: 'p5',
            job: ['shop', 'p-005.build'],
            at: t0,
            inputs: [['s3://lake', 'p/4']],
            outputs: [['s3://lake', 'p/5']],
          }),
          runEvent({
            type: 'COMPLETE',
            run: 'r1',
            job: ['shop', 'reader.job'],
            at: t0 + 1000,
            inputs: [['s3://lake', 'moved/5']],
            outputs: [['s3://lake', 'outside/report']],
          }),
        ]);
      if (sent.status >= 300) {
        throw new Error(`Ingest answered ${sent.status}: ${sent.text}`);
      }
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('reads every product in full once, page by page', async () => {
      catalog.reset();
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
      // The heads: ref and etag only, over two pages.
      expect(catalog.calls.streams).toEqual([
        {
          fields: expect.arrayContaining(['metadata.etag']),
          pages: 2,
          items: PRODUCTS,
        },
      ]);
      expect(catalog.calls.streams[0].fields).not.toContain('spec.outputPorts');
      // Then every product in full, by ref, at most 500 a request.
      expect(catalog.calls.byRefs.map(r => r.length)).toEqual([500, 120]);
      expect(Number((await knex(T.bindings).count({ n: '*' }))[0].n)).toBe(
        2 * PRODUCTS,
      );
      // The last product of the second page is bound too.
      expect(await bindingsOf(node(PRODUCTS - 1))).toEqual([
        'job:shop/p-619.build',
        's3://lake/p/619',
      ]);
      expect(await edgesOf(node(5))).toEqual([
        {
          source: node(4),
          target: node(5),
          declared: true,
          observed: true,
        },
        { source: node(5), target: node(6), declared: true, observed: false },
      ]);
      expect(await lastRun(OBSERVED_CATALOG_SYNC_TASK_ID)).toMatchObject({
        checked: PRODUCTS,
        readInFull: PRODUCTS,
        changed: PRODUCTS,
        removed: 0,
      });
    });

    it('reads no product in full when nothing changed', async () => {
      const before = await knex(T.edges).orderBy(['source', 'target']);
      catalog.reset();
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
      expect(catalog.calls.streams.map(s => s.items)).toEqual([PRODUCTS]);
      expect(catalog.calls.byRefs).toEqual([]);
      expect(await knex(T.edges).orderBy(['source', 'target'])).toEqual(before);
      expect(await lastRun(OBSERVED_CATALOG_SYNC_TASK_ID)).toMatchObject({
        checked: PRODUCTS,
        readInFull: 0,
        changed: 0,
        removed: 0,
        remappedJobs: 0,
      });
    });

    it("applies a changed product's new binding, reading only that product", async () => {
      expect(await edgesOf('ol-job:shop/reader.job')).toContainEqual({
        source: 'ol-dataset:s3://lake/moved/5',
        target: 'ol-job:shop/reader.job',
        declared: false,
        observed: true,
      });
      catalog.set(meshProduct(5, 2, 's3://lake/moved/5'));
      catalog.reset();
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
      expect(catalog.calls.byRefs).toEqual([['dataproduct:default/p-005']]);
      expect(await bindingsOf(node(5))).toEqual([
        'job:shop/p-005.build',
        's3://lake/moved/5',
      ]);
      // The reader now reads p-5's output; p-5's job still reads p-4's.
      expect(await edgesOf('ol-job:shop/reader.job')).toContainEqual({
        source: node(5),
        target: 'ol-job:shop/reader.job',
        declared: false,
        observed: true,
      });
      expect(
        (await edgesOf(node(5))).filter(e => e.source === node(4)),
      ).toEqual([
        { source: node(4), target: node(5), declared: true, observed: true },
      ]);
      expect(await lastRun(OBSERVED_CATALOG_SYNC_TASK_ID)).toMatchObject({
        readInFull: 1,
        changed: 1,
        remappedJobs: 2,
      });
    });

    it("removes a removed product's bindings and declared edges", async () => {
      catalog.remove(meshProduct(10));
      catalog.reset();
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
      expect(catalog.calls.byRefs).toEqual([]);
      expect(await bindingsOf(node(10))).toEqual([]);
      // p-11 still declares p-10 as its input; p-10's own declaration is gone.
      expect(await edgesOf(node(10))).toEqual([
        { source: node(10), target: node(11), declared: true, observed: false },
      ]);
      expect(
        await knex(T.catalogProducts).where('product_ref', node(10)),
      ).toEqual([]);
      expect(await lastRun(OBSERVED_CATALOG_SYNC_TASK_ID)).toMatchObject({
        checked: PRODUCTS - 1,
        readInFull: 0,
        removed: 1,
      });
    });

    it('the full sync reads everything and finds nothing else to write', async () => {
      const before = await knex(T.edges).orderBy(['source', 'target']);
      catalog.reset();
      await scheduler.triggerTask(OBSERVED_CATALOG_FULL_SYNC_TASK_ID);
      expect(catalog.calls.streams).toEqual([
        {
          fields: expect.arrayContaining(['spec.outputPorts']),
          pages: 2,
          items: PRODUCTS - 1,
        },
      ]);
      expect(await knex(T.edges).orderBy(['source', 'target'])).toEqual(before);
      expect(await lastRun(OBSERVED_CATALOG_FULL_SYNC_TASK_ID)).toMatchObject({
        products: PRODUCTS - 1,
        changed: 0,
        removed: 0,
        remappedJobs: 0,
      });
    });
  },
);
