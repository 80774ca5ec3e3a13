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
 * What a run means, through the real plugin (router, auth, catalog sync, database) on
 * SQLite and PostgreSQL: runs count for a product by what each run wrote, a run without
 * outputs by its job; datasets match through symlinks and without case; streams are
 * fresh and available while they report; column lineage is served per output port.
 */

import {
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import request from 'supertest';
import { OBSERVED_CATALOG_SYNC_TASK_ID } from './tasks';
import {
  fakeCatalogFactory,
  mockScheduler,
  product,
  runEvent,
} from '../__testUtils__/backendTestUtils';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const INGEST = 'Bearer ingest-token-0123456789abcdef';
const READER = 'Bearer reader-token-0123456789abcdef';
const MIN = 60_000;
const H = 3_600_000;
const LINEAGE = '/api/data-mesh/openlineage/api/v1/lineage';
const LAKE = 's3://lake';

const entities = [
  // Two products written by one Airflow task with dynamic task mapping: one job name.
  product('eu-sales', {
    outputPorts: [
      { name: 'sales', type: 'table', location: `${LAKE}/sales/eu` },
    ],
    slos: [{ indicator: 'availability', objective: '90%', window: '7d' }],
  }),
  product('us-sales', {
    outputPorts: [
      { name: 'sales', type: 'table', location: `${LAKE}/sales/us` },
    ],
    slos: [{ indicator: 'availability', objective: '90%', window: '7d' }],
  }),
  // A metastore table Spark writes by storage path, named here by table (another case).
  product('orders-table', {
    outputPorts: [
      { name: 'orders', type: 'table', location: 'Sales.Orders' },
      { name: 'unused', type: 'table', location: 'warehouse.nothing_yet' },
    ],
    slos: [{ indicator: 'freshness', objective: '1h' }],
  }),
  // A Flink stream.
  product('clicks', {
    outputPorts: [
      { name: 'clicks', type: 'topic', location: 'kafka://web.clicks' },
    ],
    slos: [
      { indicator: 'freshness', objective: '10m' },
      { indicator: 'availability', objective: '99%', window: '1d' },
    ],
  }),
];

const mapped = (run: string, at: number, type: string, region?: string) =>
  runEvent({
    type,
    run,
    job: ['airflow', 'sales_dag.load_region'],
    at,
    inputs: region ? [[LAKE, `raw/${region}`]] : [],
    outputs: region ? [[LAKE, `sales/${region}`]] : [],
  });

describe.each(databases.eachSupportedId())(
  'what runs mean on %s',
  databaseId => {
    let backend: TestBackend;
    const scheduler = mockScheduler();
    const now = Date.now();

    const post = (body: unknown) =>
      request(backend.server)
        .post(LINEAGE)
        .set('Authorization', INGEST)
        .send(body as object);
    const get = (path: string) =>
      request(backend.server)
        .get(`/api/data-mesh${path}`)
        .set('Authorization', READER);
    const slo = async (name: string, indicator: string) => {
      const res = await get(`/products/default/${name}/slos`);
      expect(res.status).toBe(200);
      return res.body.slos.find((s: any) => s.indicator === indicator);
    };

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
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
                  ],
                },
              },
              dataMesh: {
                observed: {
                  matching: { caseInsensitive: true },
                  streaming: { reportWindow: '15m' },
                },
              },
            },
          }),
        ],
      });
      await scheduler.triggerTask(OBSERVED_CATALOG_SYNC_TASK_ID);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    describe('attribution per run', () => {
      beforeAll(async () => {
        const res = await post([
          mapped('eu-1', now - 5 * H, 'START', 'eu'),
          mapped('eu-1', now - 5 * H + MIN, 'COMPLETE', 'eu'),
          mapped('us-1', now - 4 * H, 'START', 'us'),
          mapped('us-1', now - 4 * H + MIN, 'FAIL', 'us'),
          mapped('us-2', now - 3 * H, 'COMPLETE', 'us'),
          // Failed before it said what it would write: counts for the job's products.
          mapped('none-1', now - 2 * H, 'FAIL'),
        ]);
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      });

      it('counts for availability only the runs that wrote the product, and those without outputs', async () => {
        // eu-1 COMPLETE, none-1 FAIL.
        expect(await slo('eu-sales', 'availability')).toMatchObject({
          current: 0.5,
          samples: 2,
        });
        // us-1 FAIL, us-2 COMPLETE, none-1 FAIL.
        const us = await slo('us-sales', 'availability');
        expect(us.samples).toBe(3);
        expect(us.current).toBeCloseTo(1 / 3, 10);
      });

      it('lists only those runs', async () => {
        const res = await get('/products/default/eu-sales/runs');
        expect(res.status).toBe(200);
        expect(
          res.body.items.map((r: any) => [r.state, r.outputs.length]),
        ).toEqual([
          ['FAIL', 0],
          ['COMPLETE', 1],
        ]);
      });

      it('draws each product from what its own runs read', async () => {
        const res = await get(
          '/products/default/eu-sales/lineage?direction=upstream&depth=1',
        );
        expect(res.status).toBe(200);
        expect(res.body.edges).toEqual([
          expect.objectContaining({
            source: `ol-dataset:${LAKE}/raw/eu`,
            target: 'dataproduct:default/eu-sales',
            origin: 'observed',
            origins: ['observed'],
          }),
        ]);
        expect(res.body.drift.observedRunsInWindow).toBe(2);
      });
    });

    describe('symlinks and case', () => {
      it('reaches the product whose port names the table a Spark storage path links to', async () => {
        const path = {
          namespace: 's3a://warehouse-bucket',
          name: '/user/hive/warehouse/sales.db/orders',
          facets: {
            symlinks: {
              _producer:
                'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/integration/spark',
              _schemaURL:
                'https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet',
              identifiers: [
                {
                  namespace: 'hive://metastore:9083',
                  name: 'sales.orders',
                  type: 'TABLE',
                },
              ],
            },
          },
        };
        const event = runEvent({
          type: 'COMPLETE',
          run: 'spark-orders-1',
          job: ['spark', 'orders_app.execute_insert_into_hive_table'],
          at: now - 20 * MIN,
        });
        const res = await post({ ...event, outputs: [path] });
        expect(res.status).toBe(200);
        const freshness = await slo('orders-table', 'freshness');
        expect(freshness).toMatchObject({ met: true, source: 'refreshes' });
        expect(freshness.current).toBeGreaterThanOrEqual(20 * MIN);
      });
    });

    describe('streaming', () => {
      const flink = (run: string, at: number, type: string) => ({
        ...runEvent({
          type,
          run,
          job: ['flink', 'clicks_enrichment'],
          at,
          outputs: [['kafka://broker-1:9092', 'web.clicks']],
        }),
        job: {
          namespace: 'flink',
          name: 'clicks_enrichment',
          facets: {
            jobType: {
              _producer:
                'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/integration/flink',
              _schemaURL:
                'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
              processingType: 'STREAMING',
              integration: 'FLINK',
              jobType: 'JOB',
            },
          },
        },
      });

      beforeAll(async () => {
        // Started 3 hours ago; a checkpoint every 5 minutes, but none for 40 minutes
        // between 2h and 1h20m ago.
        const events = [flink('stream-1', now - 3 * H, 'START')];
        for (let t = now - 3 * H + 5 * MIN; t <= now - 2 * MIN; t += 5 * MIN) {
          if (t > now - 2 * H && t < now - 2 * H + 40 * MIN) continue;
          events.push(flink('stream-1', t, 'RUNNING'));
        }
        const res = await post(events);
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      });

      it('is fresh while it checkpoints, though it never completed', async () => {
        const freshness = await slo('clicks', 'freshness');
        expect(freshness).toMatchObject({ met: true, source: 'refreshes' });
        expect(freshness.current).toBeLessThan(10 * MIN);
        expect(freshness.samples).toBeGreaterThan(20);
      });

      it('is available in the hours it reported within the report window, not in the gap', async () => {
        const availability = await slo('clicks', 'availability');
        expect(availability.source).toBe('runs');
        // One sample per hour from the first report: 3 or 4 hours, 1 or 2 of them in the gap.
        expect(availability.samples).toBeGreaterThanOrEqual(3);
        expect(availability.samples).toBeLessThanOrEqual(4);
        expect(availability.current).toBeGreaterThan(0);
        expect(availability.current).toBeLessThan(1);
        expect(availability.met).toBe(false);
      });

      it('lists the stream as one running run', async () => {
        const res = await get('/products/default/clicks/runs');
        expect(res.body.items).toEqual([
          expect.objectContaining({ state: 'RUNNING' }),
        ]);
      });
    });

    describe('column lineage', () => {
      it('serves the latest column lineage of each output port, in both facet forms', async () => {
        const columnLineage = (
          fields: Record<string, unknown>,
        ): Record<string, unknown> => ({
          columnLineage: {
            _producer:
              'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/integration/spark',
            _schemaURL:
              'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
            fields,
          },
        });
        const older = runEvent({
          type: 'COMPLETE',
          run: 'eu-cols-1',
          job: ['airflow', 'sales_dag.load_region'],
          at: now - 50 * MIN,
          inputs: [[LAKE, 'raw/eu']],
          outputs: [
            [
              LAKE,
              'sales/eu',
              columnLineage({
                amount: {
                  inputFields: [
                    { namespace: LAKE, name: 'raw/eu', field: 'gross' },
                  ],
                  transformationType: 'IDENTITY',
                  transformationDescription: 'copied',
                },
              }),
            ],
          ],
        });
        const newer = runEvent({
          type: 'COMPLETE',
          run: 'eu-cols-2',
          job: ['airflow', 'sales_dag.load_region'],
          at: now - 40 * MIN,
          inputs: [[LAKE, 'raw/eu']],
          outputs: [
            [
              LAKE,
              'sales/eu',
              columnLineage({
                amount: {
                  inputFields: [
                    {
                      namespace: LAKE,
                      name: 'raw/eu',
                      field: 'net',
                      transformations: [
                        {
                          type: 'DIRECT',
                          subtype: 'TRANSFORMATION',
                          description: 'net = gross - tax',
                          masking: false,
                        },
                      ],
                    },
                  ],
                },
                customer: {
                  inputFields: [
                    {
                      namespace: LAKE,
                      name: 'raw/eu',
                      field: 'email',
                      transformations: [
                        { type: 'DIRECT', subtype: 'IDENTITY', masking: true },
                      ],
                    },
                  ],
                },
              }),
            ],
          ],
        });
        // The newer first: arrival order does not matter.
        expect((await post(newer)).status).toBe(200);
        expect((await post(older)).status).toBe(200);

        const res = await get('/products/default/eu-sales/lineage/columns');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          ports: [
            {
              port: 'sales',
              dataset: { namespace: LAKE, name: 'sales/eu' },
              columns: [
                {
                  name: 'amount',
                  inputs: [
                    {
                      namespace: LAKE,
                      name: 'raw/eu',
                      field: 'net',
                      transformations: [
                        {
                          type: 'DIRECT',
                          subtype: 'TRANSFORMATION',
                          description: 'net = gross - tax',
                          masking: false,
                        },
                      ],
                    },
                  ],
                },
                {
                  name: 'customer',
                  inputs: [
                    {
                      namespace: LAKE,
                      name: 'raw/eu',
                      field: 'email',
                      transformations: [
                        { type: 'DIRECT', subtype: 'IDENTITY', masking: true },
                      ],
                    },
                  ],
                },
              ],
              observedAt: new Date(now - 40 * MIN).toISOString(),
            },
          ],
        });
      });

      it('gives ports without column lineage no columns, and 404 for an unknown product', async () => {
        const res = await get('/products/default/orders-table/lineage/columns');
        expect(res.status).toBe(200);
        expect(res.body.ports).toEqual([
          {
            port: 'orders',
            dataset: {
              namespace: 's3a://warehouse-bucket',
              name: '/user/hive/warehouse/sales.db/orders',
            },
            columns: [],
          },
          {
            port: 'unused',
            dataset: { namespace: '', name: 'warehouse.nothing_yet' },
            columns: [],
          },
        ]);
        expect(
          (await get('/products/default/nothing/lineage/columns')).status,
        ).toBe(404);
      });
    });
  },
);
