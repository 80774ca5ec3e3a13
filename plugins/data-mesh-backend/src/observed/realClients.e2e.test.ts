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

/*
 * What the real integrations send (examples/openlineage/fixtures: Spark, Airflow, dbt,
 * Great Expectations, Flink, Hive, a DatasetEvent and a JobEvent, written here in the
 * shapes each integration emits) through the routes their clients post to, into the real
 * plugin on SQLite and PostgreSQL, with a catalog whose products name those datasets in
 * their output ports and nothing else (no job annotations): each product's SLOs, runs,
 * lineage, column lineage and drift move as the READMEs say.
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
import {
  component,
  fakeCatalogFactory,
  mockScheduler,
  product,
} from '../__testUtils__/backendTestUtils';
import { clientHeaders, type ClientFamily } from './__fixtures__/clientRules';
import { OBSERVED_CATALOG_SYNC_TASK_ID } from './tasks';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TOKEN = 'e2e-ingest-token-0123456789abcdef';
const READER = 'Bearer e2e-reader-token-0123456789abcdef';
const MIN = 60_000;

// The routes each client family posts to with the README's configuration.
const ROUTE: Record<ClientFamily, string> = {
  python: '/api/data-mesh/api/v1/lineage',
  java: '/api/data-mesh/openlineage',
};
const BATCH = '/api/data-mesh/api/v1/lineage/batch';

// Fixtures, moved in time so the newest event is two minutes old --------------------------

type Event = Record<string, any>;
const fixtureDir = join(__dirname, '../../../../examples/openlineage/fixtures');
const load = (name: string): Event[] => {
  const data = JSON.parse(
    readFileSync(join(fixtureDir, `${name}.json`), 'utf8'),
  );
  return Array.isArray(data) ? data : [data];
};

/** Parses an eventTime; a time without an offset (Great Expectations) is UTC. */
const parseTime = (s: string) =>
  Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`);

/** Moves an eventTime by `delta` ms, keeping its style (Z, +00:00, or no offset). */
function shiftTime(s: string, delta: number): string {
  const iso = new Date(parseTime(s) + delta).toISOString(); // ...T..:..:..SSSZ
  const frac = /\.(\d+)/.exec(s)?.[1] ?? '';
  const base = iso.slice(0, 19);
  const digits = frac ? `.${iso.slice(20, 23)}${frac.slice(3)}` : '';
  const offset = /(Z|[+-]\d\d:\d\d)$/.exec(s)?.[1] ?? '';
  return `${base}${digits}${offset}`;
}

const raw = {
  spark: load('spark'),
  airflow: load('airflow'),
  dbt: load('dbt'),
  ge: load('great_expectations'),
  flink: load('flink'),
  hive: load('hive'),
  datasetEvent: load('dataset_event'),
  jobEvent: load('job_event'),
};
const newest = Math.max(
  ...Object.values(raw).flatMap(list => list.map(e => parseTime(e.eventTime))),
);
const t0 = Date.now();
const delta = t0 - 2 * MIN - newest;
const move = (list: Event[]) =>
  list.map((e): Event => ({ ...e, eventTime: shiftTime(e.eventTime, delta) }));
const fx = {
  spark: move(raw.spark),
  airflow: move(raw.airflow),
  dbt: move(raw.dbt),
  ge: move(raw.ge),
  flink: move(raw.flink),
  hive: move(raw.hive),
  datasetEvent: move(raw.datasetEvent),
  jobEvent: move(raw.jobEvent),
};
/** When a fixture event happened, after the move. */
const at = (e: Event) => parseTime(e.eventTime);

// The catalog: products that name the fixtures' datasets in their output ports -----------

const WH = 'postgres://warehouse.shopco.internal:5432';
const entities = [
  // Spark names the table by its s3a path; the port names the metastore table.
  product('orders-raw', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:order-service' }],
    outputPorts: [{ name: 'raw', type: 'table', location: 'sales.orders_raw' }],
  }),
  product('orders-spark', {
    inputPorts: [{ dataProduct: 'orders-raw' }],
    outputPorts: [
      { name: 'orders', type: 'table', location: 'sales.orders_enriched' },
    ],
    slos: [
      { indicator: 'freshness', objective: '3h' },
      { indicator: 'availability', objective: '90%', window: '7d' },
    ],
  }),
  product('payments', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:order-service' }],
    outputPorts: [
      {
        name: 'daily',
        type: 'table',
        location: 'analytics.public.payments_daily',
      },
    ],
    slos: [
      { indicator: 'freshness', objective: '6h' },
      { indicator: 'availability', objective: '90%', window: '7d' },
    ],
  }),
  product('region-eu', {
    inputPorts: [{ dataProduct: 'payments' }],
    outputPorts: [
      { name: 'eu', type: 'table', location: 'analytics.public.region_eu' },
    ],
    slos: [{ indicator: 'availability', objective: '90%', window: '7d' }],
  }),
  product('orders-summary', {
    inputPorts: [{ dataProduct: 'orders-spark' }],
    outputPorts: [
      {
        name: 'summary',
        type: 'table',
        location: `${WH}/analytics.public.orders_summary`,
      },
    ],
    slos: [
      { indicator: 'freshness', objective: '1d' },
      { indicator: 'availability', objective: '90%', window: '7d' },
      { indicator: 'accuracy', objective: '95%' },
    ],
  }),
  product('customer-profiles', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:crm' }],
    outputPorts: [
      {
        name: 'profiles',
        type: 'table',
        location: 'crm.public.customer_profiles',
      },
    ],
    slos: [
      { indicator: 'completeness', objective: '99%' },
      { indicator: 'accuracy', objective: '90%' },
    ],
  }),
  product('sessions-stream', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:web-shop' }],
    outputPorts: [
      { name: 'sessions', type: 'topic', location: 'kafka://sessions.v1' },
    ],
    slos: [
      { indicator: 'freshness', objective: '15m' },
      { indicator: 'availability', objective: '99%', window: '7d' },
    ],
  }),
  // Hive names the table; the port names its storage location, given in a symlink.
  product('daily-revenue', {
    type: 'source-aligned',
    inputPorts: [{ source: 'component:order-service' }],
    outputPorts: [
      {
        name: 'revenue',
        type: 'table',
        location:
          'hdfs://namenode.shopco.internal:8020/warehouse/sales.db/daily_revenue',
      },
    ],
    slos: [
      { indicator: 'freshness', objective: '1d' },
      { indicator: 'availability', objective: '90%', window: '7d' },
    ],
  }),
  component('order-service'),
  component('crm'),
  component('web-shop'),
];

describe.each(databases.eachSupportedId())(
  'real integrations on %s',
  databaseId => {
    let backend: TestBackend;
    let knex: Knex;
    const scheduler = mockScheduler();
    const answers: Array<{ what: string; status: number; body: any }> = [];

    const get = (path: string) =>
      request(backend.server)
        .get(`/api/data-mesh${path}`)
        .set('Authorization', READER);
    const send = async (
      what: string,
      family: ClientFamily,
      body: unknown,
      path = ROUTE[family],
    ) => {
      const res = await request(backend.server)
        .post(path)
        .set(clientHeaders(family, TOKEN))
        .send(JSON.stringify(body));
      answers.push({ what, status: res.status, body: res.body });
      return res;
    };
    const slo = async (name: string, indicator: string) =>
      (await get(`/products/default/${name}/slos`)).body.slos?.find(
        (s: any) => s.indicator === indicator,
      );
    const runs = async (name: string) =>
      (await get(`/products/default/${name}/runs`)).body.items ?? [];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          import('../index'),
          authServiceFactory,
          httpAuthServiceFactory,
          mockServices.database.factory({ knex }),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          fakeCatalogFactory(entities),
          mockServices.rootConfig.factory({
            data: {
              backend: {
                auth: {
                  externalAccess: [
                    {
                      type: 'static',
                      options: { token: TOKEN, subject: 'openlineage-ingest' },
                      accessRestrictions: [{ plugin: 'data-mesh' }],
                    },
                    {
                      type: 'static',
                      options: {
                        token: READER.slice(7),
                        subject: 'portal-reader',
                      },
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);

      // Each integration through its own client's route, one event a request as the
      // integrations send them; Airflow's through the batch route.
      for (const e of fx.spark) await send('spark', 'java', e);
      for (const e of fx.flink) await send('flink', 'java', e);
      for (const e of fx.hive) await send('hive', 'java', e);
      for (const e of fx.dbt) await send('dbt', 'python', e);
      for (const e of fx.ge) await send('great expectations', 'python', e);
      await send('airflow batch', 'python', fx.airflow, BATCH);
      await send('dataset event', 'python', fx.datasetEvent[0]);
      await send('job event', 'python', fx.jobEvent[0]);

      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('accepts every event of every integration', () => {
      expect(
        answers
          .filter(a => a.status < 200 || a.status >= 300)
          .map(a => ({
            what: a.what,
            status: a.status,
            error: a.body?.error?.message,
          })),
      ).toEqual([]);
      expect(answers.find(a => a.what === 'airflow batch')?.body).toEqual({
        received: fx.airflow.length,
        stored: fx.airflow.length,
        duplicates: 0,
        status: 'success',
        failed_events: [],
      });
    });

    it('stores a resent event once', async () => {
      const again = await send('spark again', 'java', fx.spark[1]);
      expect(again.status).toBeGreaterThanOrEqual(200);
      expect(again.status).toBeLessThan(300);
      expect(again.body).toMatchObject({
        received: 1,
        stored: 0,
        duplicates: 1,
      });
    });

    describe('Spark: s3a paths with the metastore table in symlinks', () => {
      it('ties only the run that wrote the table to the product', async () => {
        const items = await runs('orders-spark');
        expect(items.map((r: any) => [r.runId, r.job.name, r.state])).toEqual([
          [
            fx.spark[1].run.runId,
            'orders_etl.execute_insert_into_hadoop_fs_relation_command',
            'COMPLETE',
          ],
        ]);
        // The same job's failed write of another table does not count against it.
        expect(await slo('orders-spark', 'availability')).toMatchObject({
          current: 1,
          met: true,
          samples: 1,
        });
        const freshness = await slo('orders-spark', 'freshness');
        expect(freshness.met).toBe(true);
        expect(freshness.current).toBeGreaterThanOrEqual(t0 - at(fx.spark[2]));
        expect(freshness.current).toBeLessThanOrEqual(
          Date.now() - at(fx.spark[2]),
        );
      });

      it('sees the declared input through its symlink, and the undeclared one as drift', async () => {
        const res = await get(
          '/products/default/orders-spark/lineage?direction=upstream&depth=1',
        );
        expect(res.status).toBe(200);
        const edges = res.body.edges.map((e: any) => [
          e.source,
          e.target,
          e.origin,
        ]);
        expect(edges).toContainEqual([
          'dataproduct:default/orders-raw',
          'dataproduct:default/orders-spark',
          'both',
        ]);
        expect(
          res.body.drift.observedUndeclared.map((d: any) => d.node),
        ).toEqual([
          expect.stringMatching(/warehouse\/customer\.db\/customers$/),
        ]);
        expect(res.body.drift.declaredUnseen).toEqual([]);
      });

      it('serves the column lineage of its output port', async () => {
        const res = await get('/products/default/orders-spark/lineage/columns');
        expect(res.status).toBe(200);
        expect(res.body.ports).toHaveLength(1);
        const [port] = res.body.ports;
        expect(port).toMatchObject({
          port: 'orders',
          dataset: {
            namespace: 's3a://shopco-lake',
            name: 'warehouse/sales.db/orders_enriched',
          },
        });
        expect(typeof port.observedAt).toBe('string');
        expect(columnsOf(port)).toEqual({
          amount_eur: [
            'orders_raw.amount DIRECT/TRANSFORMATION',
            'orders_raw.fx_rate DIRECT/TRANSFORMATION',
            'orders_raw.status INDIRECT/FILTER',
          ],
          customer_name: ['customers.name DIRECT/IDENTITY'],
          order_id: ['orders_raw.order_id DIRECT/IDENTITY'],
        });
        const amount = port.columns.find((c: any) => c.name === 'amount_eur');
        expect(amount.inputs[0].transformations[0]).toMatchObject({
          type: 'DIRECT',
          subtype: 'TRANSFORMATION',
          description: 'amount * fx_rate',
          masking: false,
        });
      });
    });

    describe('Airflow: retries and mapped tasks', () => {
      it('counts a retry as its own run', async () => {
        const items = await runs('payments');
        expect(items.map((r: any) => [r.job.name, r.state])).toEqual([
          ['shopco_daily.load_payments', 'COMPLETE'],
          ['shopco_daily.load_payments', 'FAIL'],
        ]);
        expect(new Set(items.map((r: any) => r.runId)).size).toBe(2);
        expect(await slo('payments', 'availability')).toMatchObject({
          current: 0.5,
          samples: 2,
        });
        expect((await slo('payments', 'freshness')).met).toBe(true);
      });

      it('ties each mapped task instance to the table it wrote', async () => {
        const items = await runs('region-eu');
        expect(items.map((r: any) => [r.job.name, r.state])).toEqual([
          ['shopco_daily.export_region', 'COMPLETE'],
        ]);
        expect(items[0].outputs).toEqual([
          { namespace: WH, name: 'analytics.public.region_eu' },
        ]);
        // The failed us instance of the same task does not count for eu.
        expect(await slo('region-eu', 'availability')).toMatchObject({
          current: 1,
          met: true,
          samples: 1,
        });
      });
    });

    describe('dbt: model runs, test runs, and a FAIL without outputs', () => {
      it('counts the model runs, the FAIL through its job, and not the test jobs', async () => {
        const items = await runs('orders-summary');
        expect(items.map((r: any) => [r.job.name, r.state])).toEqual([
          ['analytics.public.orders_summary', 'FAIL'],
          ['analytics.public.orders_summary', 'COMPLETE'],
        ]);
        expect(await slo('orders-summary', 'availability')).toMatchObject({
          current: 0.5,
          samples: 2,
        });
      });

      it('turns the test runs into accuracy', async () => {
        const accuracy = await slo('orders-summary', 'accuracy');
        expect(accuracy).toMatchObject({ samples: 2, met: false });
        expect(accuracy.windowValue).toBeCloseTo(0.5, 10);
      });

      it('draws the JobEvent’s inputs as static lineage', async () => {
        const res = await get(
          '/products/default/orders-summary/lineage?direction=upstream&depth=1',
        );
        expect(res.status).toBe(200);
        const edge = (source: string) =>
          res.body.edges.find(
            (e: any) =>
              e.source === source &&
              e.target === 'dataproduct:default/orders-summary',
          );
        expect(
          edge(`ol-dataset:${WH}/analytics.public.fx_rates`),
        ).toMatchObject({
          origin: 'static',
          origins: ['static'],
        });
        expect(
          [
            ...edge(`ol-dataset:${WH}/analytics.public.stg_orders`).origins,
          ].sort(),
        ).toEqual(['observed', 'static']);
        // Declared but never read: orders-spark. Read but not declared: stg_orders;
        // fx_rates only the job definition shows, which is not drift.
        expect(res.body.drift.declaredUnseen.map((d: any) => d.node)).toEqual([
          'dataproduct:default/orders-spark',
        ]);
        expect(
          res.body.drift.observedUndeclared.map((d: any) => d.node),
        ).toEqual([`ol-dataset:${WH}/analytics.public.stg_orders`]);
      });

      it('keeps the DatasetEvent’s facets as the dataset’s latest', async () => {
        const rows = await knex('data_mesh_ol_dataset_facets').select(
          'facet',
          'payload',
        );
        const facets = new Map(rows.map(r => [r.facet, r.payload]));
        for (const f of ['schema', 'ownership', 'documentation', 'symlinks']) {
          expect(facets.has(f)).toBe(true);
        }
        expect(JSON.parse(facets.get('ownership'))).toMatchObject({
          owners: [{ name: 'group:analytics-team', type: 'TEAM' }],
        });
      });
    });

    describe('Great Expectations', () => {
      it('moves accuracy and completeness from its assertions and metrics', async () => {
        const accuracy = await slo('customer-profiles', 'accuracy');
        expect(accuracy).toMatchObject({ met: false, samples: 1 });
        expect(accuracy.current).toBeCloseTo(0.75, 10);
        const completeness = await slo('customer-profiles', 'completeness');
        expect(completeness).toMatchObject({ met: true, samples: 1 });
        expect(completeness.current).toBeCloseTo(1 - 20 / 4000, 10);
      });
    });

    describe('Flink: a stream that reports RUNNING at each checkpoint', () => {
      it('is fresh and available without ever completing', async () => {
        const items = await runs('sessions-stream');
        expect(items.map((r: any) => [r.state, r.eventCount])).toEqual([
          ['RUNNING', fx.flink.length],
        ]);
        const freshness = await slo('sessions-stream', 'freshness');
        expect(freshness.met).toBe(true);
        expect(freshness.current).toBeLessThanOrEqual(
          Date.now() - at(fx.flink[fx.flink.length - 1]),
        );
        const availability = await slo('sessions-stream', 'availability');
        expect(availability.met).toBe(true);
        expect(availability.samples).toBeGreaterThan(0);
      });
    });

    describe('Hive: tables with their storage location in symlinks', () => {
      it('ties the run to the product through the location symlink', async () => {
        const items = await runs('daily-revenue');
        expect(items.map((r: any) => [r.job.name, r.state])).toEqual([
          ['createtable_as_select.sales.daily_revenue', 'COMPLETE'],
        ]);
        expect(await slo('daily-revenue', 'availability')).toMatchObject({
          current: 1,
          samples: 1,
        });
        expect((await slo('daily-revenue', 'freshness')).met).toBe(true);
        const lineage = await get(
          '/products/default/daily-revenue/lineage?direction=upstream&depth=1',
        );
        // Its raw table comes from the declared operational source: no drift.
        expect(lineage.body.drift.observedUndeclared).toEqual([]);
      });

      it('serves its column lineage', async () => {
        const res = await get(
          '/products/default/daily-revenue/lineage/columns',
        );
        expect(res.status).toBe(200);
        expect(res.body.ports).toHaveLength(1);
        expect(res.body.ports[0]).toMatchObject({
          port: 'revenue',
          dataset: {
            namespace: 'hive://metastore.shopco.internal:9083',
            name: 'sales.daily_revenue',
          },
        });
        expect(columnsOf(res.body.ports[0])).toEqual({
          order_date: ['orders.order_ts DIRECT/TRANSFORMATION'],
          revenue: ['orders.amount DIRECT/AGGREGATION'],
        });
      });

      it('answers columns: [] for a port without column lineage', async () => {
        const res = await get('/products/default/payments/lineage/columns');
        expect(res.status).toBe(200);
        expect(res.body.ports).toEqual([
          expect.objectContaining({ port: 'daily', columns: [] }),
        ]);
      });
    });
  },
);

/** A port's columns as `{ column: ['table.field TYPE/SUBTYPE', ...] }`, sorted. */
function columnsOf(port: any): Record<string, string[]> {
  const shortName = (name: string) =>
    name.split('/').pop()!.split('.').slice(-1)[0];
  return Object.fromEntries(
    [...port.columns]
      .sort((a: any, b: any) => a.name.localeCompare(b.name))
      .map((c: any) => [
        c.name,
        c.inputs
          .flatMap((i: any) =>
            i.transformations.map(
              (t: any) =>
                `${shortName(i.name)}.${i.field} ${t.type}/${t.subtype}`,
            ),
          )
          .sort(),
      ]),
  );
}
