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
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { Knex } from 'knex';
import request from 'supertest';
import { ObservedStore } from '../database/ObservedStore';
import { OBSERVED_PRUNE_TASK_ID } from './tasks';
import {
  fakeCatalogFactory,
  product,
  runEvent,
} from '../__testUtils__/backendTestUtils';

/*
 * Two backend replicas on one PostgreSQL database, with Backstage's real scheduler (which
 * coordinates global tasks through the database): what one stores the other serves, and
 * the pruning task runs once per interval across both.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const TOKEN = 'Bearer pipeline-token-0123456789abcdef';
const INTERVAL_MS = 2000;
const H = 3_600_000;

const entities = [
  product(
    'orders',
    {
      outputPorts: [
        { name: 'o', type: 'table', location: 's3://lake/sales/orders' },
      ],
      slos: [
        { indicator: 'freshness', objective: '1h' },
        { indicator: 'completeness', objective: '99%' },
      ],
    },
    {
      'meshwork.dev/openlineage-namespace': 'shop',
      'meshwork.dev/openlineage-job': 'orders.ingest',
    },
  ),
];

async function replica(knex: Knex): Promise<TestBackend> {
  return startTestBackend({
    features: [
      import('../index'),
      authServiceFactory,
      httpAuthServiceFactory,
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      fakeCatalogFactory(entities),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: TOKEN.slice(7), subject: 'pipeline' },
                },
              ],
            },
          },
          dataMesh: {
            observed: {
              prune: {
                schedule: {
                  frequency: { milliseconds: INTERVAL_MS },
                  timeout: { seconds: 30 },
                  initialDelay: { milliseconds: 0 },
                },
              },
              catalogSync: {
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
              },
            },
          },
        },
      }),
    ],
  });
}

describe.each(databases.eachSupportedId())('two replicas on %s', databaseId => {
  let knex: Knex;
  let a: TestBackend;
  let b: TestBackend;
  let startedAt: number;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    startedAt = Date.now();
    // One after the other, as a rolling deployment starts them; the second finds the
    // migrations done and the task already scheduled.
    a = await replica(knex);
    b = await replica(knex);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('serves through one replica what was sent to the other', async () => {
    const t0 = Date.now();
    const sent = await request(a.server)
      .post('/api/data-mesh/openlineage/api/v1/lineage')
      .set('Authorization', TOKEN)
      .send([
        runEvent({
          type: 'START',
          run: 'replica-1',
          job: ['shop', 'orders.ingest'],
          at: t0 - H,
        }),
        runEvent({
          type: 'COMPLETE',
          run: 'replica-1',
          job: ['shop', 'orders.ingest'],
          at: t0 - H / 2,
          outputs: [['s3://lake', 'sales/orders']],
        }),
      ]);
    expect(sent.body).toEqual({ received: 2, stored: 2, duplicates: 0 });
    const measured = await request(b.server)
      .post('/api/data-mesh/observations')
      .set('Authorization', TOKEN)
      .send({ entityRef: 'orders', indicator: 'completeness', value: 0.999 });
    expect(measured.body.stored).toBe(1);

    const runs = await request(b.server)
      .get('/api/data-mesh/products/default/orders/runs')
      .set('Authorization', TOKEN);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({
      state: 'COMPLETE',
      sentBy: 'pipeline',
    });
    const slos = await request(a.server)
      .get('/api/data-mesh/products/default/orders/slos')
      .set('Authorization', TOKEN);
    expect(slos.body.slos.map((s: any) => [s.indicator, s.met])).toEqual([
      ['freshness', true],
      ['completeness', true],
    ]);
  });

  it('runs the pruning task once per interval across both replicas', async () => {
    const store = new ObservedStore(knex);
    // Let both replicas' schedulers contend for a few intervals.
    await new Promise(resolve => setTimeout(resolve, 5 * INTERVAL_MS));
    const runs = await store.taskRuns(OBSERVED_PRUNE_TASK_ID);
    const slots = Math.ceil((Date.now() - startedAt) / INTERVAL_MS);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // At most one run per interval (a scheduler per replica would run about twice as
    // often), and never two at once.
    expect(runs.length).toBeLessThanOrEqual(slots + 1);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].startedAt).toBeGreaterThanOrEqual(runs[i - 1].finishedAt);
    }
  });
});
