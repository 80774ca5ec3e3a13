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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import type { Knex } from 'knex';
import request from 'supertest';
import { TABLES as T } from '../database/tables';
import { OBSERVED_CATALOG_SYNC_TASK_ID, OBSERVED_PRUNE_TASK_ID } from './tasks';
import {
  component,
  FACET_BASE,
  fakeCatalogFactory,
  mockScheduler,
  product,
  runEvent,
} from '../__testUtils__/backendTestUtils';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const INGEST = 'Bearer ingest-token-0123456789abcdef';
const READER = 'Bearer reader-token-0123456789abcdef';
const OUTSIDER = 'Bearer outsider-token-0123456789abcdef';

const MIN = 60_000;
const H = 3_600_000;
const LINEAGE = '/api/data-mesh/openlineage/api/v1/lineage';
const api = (path: string) => `/api/data-mesh${path}`;

const fixtures = join(__dirname, '../../../../examples/openlineage/fixtures');
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));

const SHOP = 'shop';
const entities = [
  product(
    'raw-orders',
    {
      type: 'source-aligned',
      inputPorts: [{ source: 'component:order-service' }],
      outputPorts: [
        { name: 'orders', type: 'table', location: 's3://lake/sales/orders' },
      ],
      slos: [
        { indicator: 'freshness', objective: '1h' },
        { indicator: 'availability', objective: '90%', window: '7d' },
      ],
    },
    {
      'meshwork.dev/openlineage-namespace': SHOP,
      'meshwork.dev/openlineage-job': 'raw_orders.ingest',
    },
  ),
  // Mapped by its output port location only: no annotations.
  product('profiles', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:crm' }],
    outputPorts: [
      {
        name: 'profiles',
        type: 'table',
        location: 's3://lake/customer/profiles',
      },
    ],
    slos: [{ indicator: 'freshness', objective: '1d' }],
  }),
  product(
    'customer-360',
    {
      inputPorts: [{ dataProduct: 'raw-orders' }, { dataProduct: 'profiles' }],
      outputPorts: [
        {
          name: 'profiles',
          type: 'table',
          location: 's3://lake/customer/c360',
        },
        { name: 'updates', type: 'topic', location: 'kafka://customer.c360' },
      ],
      slos: [
        { indicator: 'freshness', objective: '15m' },
        { indicator: 'completeness', objective: '99%' },
        { indicator: 'accuracy', objective: 0.9 },
      ],
    },
    {
      'meshwork.dev/openlineage-namespace': SHOP,
      'meshwork.dev/openlineage-job': 'c360.build',
    },
  ),
  product(
    'secret-product',
    {
      inputPorts: [{ dataProduct: 'customer-360' }],
      outputPorts: [{ name: 'x', type: 'table', location: 's3://lake/secret' }],
      slos: [{ indicator: 'freshness', objective: '1h' }],
    },
    {
      'meshwork.dev/openlineage-namespace': SHOP,
      'meshwork.dev/openlineage-job': 'secret.build',
    },
  ),
  ...['a', 'b'].map(x =>
    product(
      `order-${x}`,
      {
        outputPorts: [
          { name: 'o', type: 'table', location: `s3://lake/ooo/${x}` },
        ],
        slos: [
          { indicator: 'freshness', objective: '1h' },
          { indicator: 'availability', objective: '50%', window: '7d' },
        ],
      },
      {
        'meshwork.dev/openlineage-namespace': SHOP,
        'meshwork.dev/openlineage-job': `order_${x}.run`,
      },
    ),
  ),
  component('order-service'),
  component('crm'),
];

describe.each(databases.eachSupportedId())(
  'observed reality on %s',
  databaseId => {
    let backend: TestBackend;
    let knex: Knex;
    const scheduler = mockScheduler();
    const t0 = Date.now();

    const post = (path: string, body: unknown, auth = INGEST) =>
      request(backend.server)
        .post(path)
        .set('Authorization', auth)
        .send(body as object);
    const get = (path: string, auth = READER) =>
      request(backend.server).get(api(path)).set('Authorization', auth);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          import('../index'),
          authServiceFactory,
          httpAuthServiceFactory,
          mockServices.database.factory({ knex }),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          fakeCatalogFactory(entities, { outsider: ['secret-product'] }),
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
                    {
                      type: 'static',
                      options: {
                        token: READER.slice(7),
                        subject: 'portal-reader',
                      },
                    },
                    {
                      type: 'static',
                      options: {
                        token: OUTSIDER.slice(7),
                        subject: 'outsider',
                      },
                    },
                  ],
                },
              },
              dataMesh: {
                observed: {
                  ingest: { maxBodyBytes: 64 * 1024, maxBatchEvents: 50 },
                  lineage: { maxNodes: 8 },
                  retention: { rawDays: 30 },
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

    it('answers 401 without a token or with a wrong one, on every route', async () => {
      const routes: Array<['get' | 'post', string]> = [
        ['post', LINEAGE],
        ['post', api('/observations')],
        ['get', api('/products/default/raw-orders/slos')],
        ['get', api('/products/default/raw-orders/lineage')],
        ['get', api('/products/default/raw-orders/runs')],
        ['get', api('/products/default/raw-orders/observations')],
      ];
      for (const [method, path] of routes) {
        const none = await request(backend.server)
          [method](path)
          .send(fixture('start'));
        expect({ path, status: none.status }).toEqual({ path, status: 401 });
        const wrong = await request(backend.server)
          [method](path)
          .set('Authorization', 'Bearer not-a-real-token')
          .send(fixture('start'));
        expect({ path, status: wrong.status }).toEqual({ path, status: 401 });
      }
    });

    describe('ingest', () => {
      it('stores an event as a stock transport sends it, once, with its sender', async () => {
        const first = await post(LINEAGE, fixture('start'));
        expect(first.status).toBe(200);
        expect(first.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
        const again = await post(LINEAGE, fixture('start'));
        expect(again.body).toEqual({ received: 1, stored: 0, duplicates: 1 });
        const rows = await knex(T.events).select('sent_by', 'event_type');
        expect(rows).toEqual([
          { sent_by: 'openlineage-ingest', event_type: 'START' },
        ]);
      });

      it('keeps unknown facets and never fails on them', async () => {
        const event = fixture('complete');
        event.outputs[0].facets.dataQualityAssertions = 'not a facet';
        event.inputs[1].facets = {
          vendor_thing: { _producer: 'x', anything: [1, 2] },
        };
        const res = await post(LINEAGE, event);
        expect(res.status).toBe(200);
        const row = await knex(T.events)
          .where('event_type', 'COMPLETE')
          .first();
        const stored = JSON.parse(row.payload);
        expect(stored.run.facets.shopco_costs).toEqual(
          event.run.facets.shopco_costs,
        );
        expect(stored.inputs[1].facets.vendor_thing).toEqual({
          _producer: 'x',
          anything: [1, 2],
        });
      });

      it('refuses a batch with a bad event, naming it, and writes nothing', async () => {
        const before = await knex(T.events).count({ n: '*' }).first();
        const bad = fixture('fail');
        delete bad.job.name;
        const res = await post(LINEAGE, [
          fixture('fail'),
          { ...fixture('fail'), eventType: 'OTHER' },
          bad,
        ]);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'Invalid OpenLineage RunEvent at index 2 of the batch: job.name is required',
        );
        const after = await knex(T.events).count({ n: '*' }).first();
        expect(Number(after!.n)).toBe(Number(before!.n));
      });

      it('answers 400 naming a missing or bad field', async () => {
        const missing = async (field: string) => {
          const event = fixture('fail');
          delete event[field];
          return (await post(LINEAGE, event)).body.error.message;
        };
        expect(await missing('eventTime')).toBe(
          'Invalid OpenLineage RunEvent: eventTime is required',
        );
        expect(await missing('producer')).toBe(
          'Invalid OpenLineage RunEvent: producer is required',
        );
        expect(await missing('schemaURL')).toBe(
          'Invalid OpenLineage RunEvent: schemaURL is required',
        );
        const badType = await post(LINEAGE, {
          ...fixture('fail'),
          eventType: 'DONE',
        });
        expect(badType.status).toBe(400);
        expect(badType.body.error.message).toMatch(
          /eventType must be one of START/,
        );
        const notJson = await request(backend.server)
          .post(LINEAGE)
          .set('Authorization', INGEST)
          .set('Content-Type', 'application/json')
          .send('{"eventType": ');
        expect(notJson.status).toBe(400);
      });

      it('refuses a date that does not exist (RFC 3339), naming the field', async () => {
        const res = await post(LINEAGE, {
          ...fixture('fail'),
          eventTime: '2025-02-31T00:00:00Z',
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'Invalid OpenLineage RunEvent: eventTime must be a date-time such as 2025-06-01T12:00:00.000Z',
        );
        const observation = await post(api('/observations'), {
          entityRef: 'customer-360',
          indicator: 'completeness',
          value: 0.99,
          observedAt: '2025-02-31T00:00:00Z',
        });
        expect(observation.status).toBe(400);
        expect(observation.body.error.message).toMatch(/^body\.observedAt: /);
        expect(
          await knex(T.events).where('event_time', Date.UTC(2025, 2, 3)),
        ).toHaveLength(0);
      });

      it('refuses what the OpenAPI spec forbids, naming the field', async () => {
        const producer = await post(LINEAGE, {
          ...fixture('fail'),
          producer: 'not a uri',
        });
        expect(producer.status).toBe(400);
        expect(producer.body.error.message).toMatch(/producer/);
        const query = await get('/products/default/raw-orders/runs?order=asc');
        expect(query.status).toBe(400);
        expect(query.body.error.message).toMatch(/order/);
        const indicator = await get(
          '/products/default/raw-orders/observations?indicator=no%20spaces',
        );
        expect(indicator.status).toBe(400);
        expect(indicator.body.error.message).toMatch(/indicator/);
      });

      it('answers 413 for a body over the limit, and stores nothing', async () => {
        const event = fixture('fail');
        event.run.facets.big = { _producer: 'x', blob: 'x'.repeat(70 * 1024) };
        const res = await post(LINEAGE, event);
        expect(res.status).toBe(413);
        expect(await knex(T.events).where('event_type', 'FAIL')).toHaveLength(
          0,
        );
      });
    });

    describe('SLOs', () => {
      it('derives freshness and availability from a known run sequence', async () => {
        const job: [string, string] = [SHOP, 'raw_orders.ingest'];
        const out: Array<[string, string]> = [['s3://lake', 'sales/orders']];
        const e = (type: string, run: string, ago: number) =>
          runEvent({ type, run, job, at: t0 - ago, outputs: out });
        // Sent out of order, in one batch.
        const res = await post(LINEAGE, [
          e('COMPLETE', 'r4', 20 * MIN),
          e('COMPLETE', 'r1', 49 * H),
          e('START', 'r4', 30 * MIN),
          e('FAIL', 'r2', 25 * H),
          e('START', 'r3', 3 * H),
          e('START', 'r1', 50 * H),
          e('COMPLETE', 'r3', 2 * H),
          e('START', 'r2', 26 * H),
        ]);
        expect(res.body).toEqual({ received: 8, stored: 8, duplicates: 0 });

        const slos = await get('/products/default/raw-orders/slos');
        expect(slos.status).toBe(200);
        expect(slos.body.entityRef).toBe('dataproduct:default/raw-orders');
        const [freshness, availability] = slos.body.slos;
        const drift = Date.now() - t0;
        // See sloStatus.test.ts for the arithmetic.
        expect(freshness).toMatchObject({
          indicator: 'freshness',
          objective: '1h',
          source: 'refreshes',
          met: true,
          samples: 3,
        });
        expect(freshness.current).toBeGreaterThanOrEqual(20 * MIN);
        expect(freshness.current).toBeLessThanOrEqual(20 * MIN + drift);
        expect(freshness.windowValue).toBeCloseTo(1 - 2800 / 2940, 3);
        expect(freshness.burnRate).toBeCloseTo(1360 / 1440 / 0.01, 1);
        expect(availability).toMatchObject({
          indicator: 'availability',
          source: 'runs',
          current: 0.75,
          met: false,
          burnRate: 0,
          samples: 4,
        });
        expect(availability.errorBudgetRemaining).toBeCloseTo(-1.5, 10);
        expect(availability.history).toHaveLength(8);
      });

      it('gives the same result whatever order the events arrive in', async () => {
        const sequence = (x: string) => {
          const job: [string, string] = [SHOP, `order_${x}.run`];
          const out: Array<[string, string]> = [['s3://lake/ooo', x]];
          const e = (type: string, run: string, ago: number) =>
            runEvent({
              type,
              run: `${x}-${run}`,
              job,
              at: t0 - ago,
              outputs: out,
            });
          return [
            e('START', 'r1', 10 * H),
            e('RUNNING', 'r1', 9.5 * H),
            e('COMPLETE', 'r1', 9 * H),
            e('OTHER', 'r1', 8 * H),
            e('START', 'r2', 5 * H),
            e('FAIL', 'r2', 4 * H),
            // A later terminal event decides: the run completed after all.
            e('COMPLETE', 'r2', 3 * H),
            e('START', 'r3', 2 * H),
            e('ABORT', 'r3', 1 * H),
            e('START', 'r4', 10 * MIN),
          ];
        };
        for (const event of sequence('a')) await post(LINEAGE, event);
        for (const event of sequence('b').reverse()) await post(LINEAGE, event);

        const runs = async (x: string) =>
          (await get(`/products/default/order-${x}/runs`)).body.items.map(
            (r: any) => ({
              state: r.state,
              startedAt: r.startedAt,
              endedAt: r.endedAt,
              eventCount: r.eventCount,
            }),
          );
        expect(await runs('a')).toEqual(await runs('b'));
        expect((await runs('a')).map((r: any) => r.state)).toEqual([
          'RUNNING',
          'ABORT',
          'COMPLETE',
          'COMPLETE',
        ]);
        const slos = async (x: string) =>
          (await get(`/products/default/order-${x}/slos`)).body.slos.map(
            (s: any) => ({
              ...s,
              // Today's largest age is still growing between the two reads.
              history: s.history.slice(0, -1),
              current: s.indicator === 'freshness' ? undefined : s.current,
              windowValue:
                s.indicator === 'freshness' ? undefined : s.windowValue,
              errorBudgetRemaining: undefined,
              burnRate: undefined,
            }),
          );
        const a = await slos('a');
        expect(a).toEqual(await slos('b'));
        // r1 and r2 completed, r3 aborted.
        expect(a[1]).toMatchObject({ current: 2 / 3, met: true, samples: 3 });
      });

      it('reads completeness and accuracy from quality facets and reported values', async () => {
        const job: [string, string] = [SHOP, 'c360.build'];
        const res = await post(LINEAGE, [
          runEvent({
            type: 'START',
            run: 'c360-1',
            job,
            at: t0 - 3 * H - 15 * MIN,
            inputs: [
              ['s3://lake', 'sales/orders'],
              ['s3://lake', 'marketing/clicks'],
            ],
          }),
          runEvent({
            type: 'COMPLETE',
            run: 'c360-1',
            job,
            at: t0 - 3 * H,
            outputs: [
              [
                's3://lake',
                'customer/c360',
                {
                  dataQualityMetrics: {
                    ...FACET_BASE,
                    rowCount: 1000,
                    columnMetrics: {
                      id: { nullCount: 0 },
                      email: { nullCount: 10 },
                    },
                  },
                  dataQualityAssertions: {
                    ...FACET_BASE,
                    assertions: [
                      { assertion: 'unique', success: true, column: 'id' },
                      { assertion: 'not_null', success: true, column: 'email' },
                      { assertion: 'row_count', success: true },
                      {
                        assertion: 'in_set',
                        success: false,
                        column: 'country',
                      },
                    ],
                  },
                },
              ],
            ],
          }),
        ]);
        expect(res.status).toBe(200);

        const measured = {
          entityRef: 'dataproduct:default/customer-360',
          indicator: 'completeness',
          value: 0.97,
          observedAt: new Date(t0 - H).toISOString(),
        };
        const first = await post(api('/observations'), [measured]);
        expect(first.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
        const again = await post(api('/observations'), measured);
        expect(again.body).toEqual({ received: 1, stored: 0, duplicates: 1 });

        const slos = (await get('/products/default/customer-360/slos')).body
          .slos;
        const byIndicator = Object.fromEntries(
          slos.map((s: any) => [s.indicator, s]),
        );
        expect(byIndicator.freshness).toMatchObject({
          met: false,
          source: 'refreshes',
        });
        expect(byIndicator.freshness.current).toBeGreaterThanOrEqual(3 * H);
        // Facet: 1 - 10 / 2000 = 0.995 three hours ago; reported 0.97 one hour ago.
        expect(byIndicator.completeness).toMatchObject({
          source: 'observations',
          current: 0.97,
          met: false,
          samples: 2,
        });
        expect(byIndicator.completeness.windowValue).toBeCloseTo(0.9825, 10);
        expect(byIndicator.accuracy).toMatchObject({
          current: 0.75,
          met: false,
          unit: 'number',
          errorBudgetRemaining: null,
        });

        const list = await get(
          '/products/default/customer-360/observations?indicator=completeness',
        );
        expect(
          list.body.items.map((o: any) => [o.source, o.value, o.sentBy]),
        ).toEqual([
          ['api', 0.97, 'openlineage-ingest'],
          ['openlineage', 0.995, 'openlineage-ingest'],
        ]);
      });

      it('refuses observations of products that are not there or not visible, naming them', async () => {
        const ok = {
          entityRef: 'customer-360',
          indicator: 'completeness',
          value: 0.99,
        };
        const unknown = await post(api('/observations'), [
          ok,
          { ...ok, entityRef: 'dataproduct:default/nope' },
        ]);
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toBe(
          '[1].entityRef: no data product dataproduct:default/nope in the catalog',
        );
        const kind = await post(api('/observations'), {
          ...ok,
          entityRef: 'component:crm',
        });
        expect(kind.body.error.message).toMatch(
          /^body.entityRef: must be a reference to a DataProduct/,
        );
        const value = await post(api('/observations'), [
          ok,
          { ...ok, value: 'high' },
        ]);
        expect(value.body.error.message).toBe('[1].value: must be a number');
        const hidden = await post(
          api('/observations'),
          { ...ok, entityRef: 'secret-product' },
          OUTSIDER,
        );
        expect(hidden.status).toBe(400);
      });

      it('follows the catalog read permission: 404 for a product the caller cannot see', async () => {
        expect(
          (await get('/products/default/secret-product/slos')).status,
        ).toBe(200);
        for (const path of ['slos', 'lineage', 'runs', 'observations']) {
          const res = await get(
            `/products/default/secret-product/${path}`,
            OUTSIDER,
          );
          expect({ path, status: res.status }).toEqual({ path, status: 404 });
        }
        expect((await get('/products/default/nope/slos')).status).toBe(404);
      });
    });

    describe('lineage', () => {
      it('maps runs to products once the catalog is read, declared and observed', async () => {
        // Profiles is mapped through its output port location only.
        await post(LINEAGE, [
          runEvent({
            type: 'COMPLETE',
            run: 'crm-1',
            job: ['crm', 'crm.export'],
            at: t0 - 4 * H,
            inputs: [['postgres://crm-db:5432', 'crm.accounts']],
            outputs: [['s3://lake', 'customer/profiles']],
          }),
        ]);
        // Before the catalog is read, runs are their jobs' own nodes.
        const edges = await knex(T.edges).select('source', 'target');
        expect(edges).toContainEqual({
          source: 'ol-dataset:s3://lake/sales/orders',
          target: 'ol-job:shop/c360.build',
        });

        await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);

        const res = await get(
          '/products/default/customer-360/lineage?direction=upstream&depth=2',
        );
        expect(res.status).toBe(200);
        expect(res.body.partial).toBe(false);
        expect(res.body.nodes.map((n: any) => [n.id, n.kind, n.depth])).toEqual(
          [
            ['component:default/crm', 'source', -2],
            ['component:default/order-service', 'source', -2],
            ['ol-dataset:postgres://crm-db:5432/crm.accounts', 'dataset', -2],
            ['dataproduct:default/profiles', 'product', -1],
            ['dataproduct:default/raw-orders', 'product', -1],
            ['ol-dataset:s3://lake/marketing/clicks', 'dataset', -1],
            ['dataproduct:default/customer-360', 'product', 0],
          ],
        );
        expect(
          res.body.nodes.find(
            (n: any) => n.kind === 'dataset' && n.depth === -1,
          ),
        ).toMatchObject({ namespace: 's3://lake', name: 'marketing/clicks' });
        expect(
          res.body.edges.map((e: any) => [e.source, e.target, e.origin]),
        ).toEqual([
          ['component:default/crm', 'dataproduct:default/profiles', 'declared'],
          [
            'component:default/order-service',
            'dataproduct:default/raw-orders',
            'declared',
          ],
          [
            'dataproduct:default/profiles',
            'dataproduct:default/customer-360',
            'declared',
          ],
          [
            'dataproduct:default/raw-orders',
            'dataproduct:default/customer-360',
            'both',
          ],
          [
            'ol-dataset:postgres://crm-db:5432/crm.accounts',
            'dataproduct:default/profiles',
            'observed',
          ],
          [
            'ol-dataset:s3://lake/marketing/clicks',
            'dataproduct:default/customer-360',
            'observed',
          ],
        ]);
        expect(res.body.drift).toMatchObject({
          window: '30d',
          observedRunsInWindow: 1,
          observedUndeclared: [
            { node: 'ol-dataset:s3://lake/marketing/clicks', kind: 'dataset' },
          ],
          declaredUnseen: [
            { node: 'dataproduct:default/profiles', kind: 'product' },
          ],
        });

        // Raw datasets of a product that declares operational sources are not drift.
        const profiles = await get(
          '/products/default/profiles/lineage?direction=upstream',
        );
        expect(profiles.body.drift).toMatchObject({
          observedRunsInWindow: 1,
          observedUndeclared: [],
          declaredUnseen: [],
        });
        const runs = await get('/products/default/profiles/runs');
        expect(runs.body.items.map((r: any) => r.job)).toEqual([
          { namespace: 'crm', name: 'crm.export' },
        ]);
      });

      it('shows consumers downstream as soon as they report, and hides what the caller cannot see', async () => {
        const res = await post(
          LINEAGE,
          runEvent({
            type: 'COMPLETE',
            run: 'bi-1',
            job: [SHOP, 'bi.dashboard'],
            at: t0 - 10 * MIN,
            inputs: [['kafka://broker-1:9092', 'customer.c360']],
          }),
        );
        expect(res.status).toBe(200);
        const down = async (auth: string) =>
          (
            await get(
              '/products/default/customer-360/lineage?direction=downstream',
              auth,
            )
          ).body;
        const reader = await down(READER);
        expect(
          reader.edges.map((e: any) => [e.source, e.target, e.origin]),
        ).toEqual([
          [
            'dataproduct:default/customer-360',
            'dataproduct:default/secret-product',
            'declared',
          ],
          [
            'dataproduct:default/customer-360',
            'ol-job:shop/bi.dashboard',
            'observed',
          ],
        ]);
        expect(reader.nodes.find((n: any) => n.kind === 'job')).toMatchObject({
          id: 'ol-job:shop/bi.dashboard',
          namespace: SHOP,
          name: 'bi.dashboard',
          depth: 1,
        });
        const outsider = await down(OUTSIDER);
        expect(outsider.nodes.map((n: any) => n.id)).toEqual([
          'dataproduct:default/customer-360',
          'ol-job:shop/bi.dashboard',
        ]);
      });

      it('says when an answer is partial: depth over the cap, or too many nodes', async () => {
        const deep = await get(
          '/products/default/customer-360/lineage?depth=50',
        );
        expect(deep.body).toMatchObject({ depth: 10, partial: true });
        expect(deep.body.partialReasons).toContain('depth');
        // Upstream 7 nodes and downstream 2 more, with at most 8.
        const both = await get(
          '/products/default/customer-360/lineage?depth=2',
        );
        expect(both.body).toMatchObject({
          partial: true,
          partialReasons: ['nodes'],
        });
        expect(both.body.nodes).toHaveLength(8);
        const bad = await get(
          '/products/default/customer-360/lineage?direction=sideways',
        );
        expect(bad.status).toBe(400);
      });
    });

    describe('lists and housekeeping', () => {
      it('pages runs with a cursor', async () => {
        const page1 = await get('/products/default/raw-orders/runs?limit=3');
        expect(page1.body.items).toHaveLength(3);
        expect(page1.body.items[0]).toMatchObject({
          state: 'COMPLETE',
          sentBy: 'openlineage-ingest',
          job: { namespace: SHOP, name: 'raw_orders.ingest' },
          inputs: [],
          outputs: [{ namespace: 's3://lake', name: 'sales/orders' }],
        });
        const page2 = await get(
          `/products/default/raw-orders/runs?limit=3&cursor=${page1.body.nextCursor}`,
        );
        expect(page2.body.items.map((r: any) => r.state)).toEqual(['COMPLETE']);
        expect(page2.body.nextCursor).toBeUndefined();
        expect(
          (await get('/products/default/raw-orders/runs?cursor=nope')).status,
        ).toBe(400);
        expect(
          (await get('/products/default/raw-orders/runs?limit=5000')).status,
        ).toBe(400);
      });

      it('prunes raw data after the retention and keeps the aggregates', async () => {
        const job: [string, string] = [SHOP, 'raw_orders.ingest'];
        const old = t0 - 40 * 24 * H;
        await post(LINEAGE, [
          runEvent({ type: 'START', run: 'old', job, at: old - H }),
          runEvent({ type: 'COMPLETE', run: 'old', job, at: old }),
        ]);
        const hour = Math.floor(old / H);

        await scheduler.triggerTask(OBSERVED_PRUNE_TASK_ID);

        expect(
          await knex(T.events).where('event_time', '<', t0 - 30 * 24 * H),
        ).toHaveLength(0);
        expect(
          await knex(T.runs).where('last_event_at', '<', t0 - 30 * 24 * H),
        ).toHaveLength(0);
        const kept = await knex(T.jobHourly).where({
          job_id: 'shop/raw_orders.ingest',
          hour,
        });
        expect(kept.map(r => Number(r.complete_count))).toEqual([1]);
        const runs = await get('/products/default/raw-orders/runs');
        expect(runs.body.items).toHaveLength(4);
        const record = await knex(T.taskRuns).where(
          'task_id',
          OBSERVED_PRUNE_TASK_ID,
        );
        expect(record).toHaveLength(1);
        // The old run, and the run of the fixtures (June 2025).
        expect(JSON.parse(record[0].summary)).toMatchObject({
          events: 4,
          runs: 2,
        });
      });
    });
  },
);
