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
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import {
  events,
  H,
  orders,
  ordersRun,
  t0,
} from '../../__testUtils__/observedFixtures';
import { ingestObservations } from './ingestObservations';
import { ingestRunEvents } from './ingestRunEvents';
import { readSloData } from './readSloData';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('readSloData on %s', databaseId => {
  it('reads refreshes, run hours and measured hours of a product window', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await ingestRunEvents(
      knex,
      events([
        ordersRun('o0', t0 - 10 * H),
        ordersRun('o1', t0),
        ordersRun('o2', t0 + H, 'FAIL'),
      ]),
      'ci',
      t0,
    );
    await ingestObservations(
      knex,
      [
        {
          subject: orders.ref,
          indicator: 'completeness',
          value: 0.9,
          observedAt: t0,
        },
        {
          subject: orders.ref,
          indicator: 'completeness',
          value: 0.7,
          observedAt: t0 + 60_000,
        },
      ],
      'ci',
      t0,
    );
    const data = await readSloData(knex, {
      productRef: orders.ref,
      datasetIds: ['s3://lake/sales/orders'],
      runs: {
        annotatedJobIds: orders.jobIds,
        outputSets: [],
        fallbackJobIds: ['shop/orders.ingest'],
      },
      indicators: ['completeness'],
      windowStart: t0 - H,
      now: t0 + 2 * H,
    });
    expect(data.refreshes).toEqual([t0]);
    expect(data.refreshBefore).toBe(t0 - 10 * H);
    expect(data.runHours).toEqual([
      { hour: Math.floor(t0 / H), complete: 1, fail: 0, abort: 0 },
      { hour: Math.floor(t0 / H) + 1, complete: 0, fail: 1, abort: 0 },
    ]);
    expect(data.lastRunAt).toBe(t0 + H);
    expect(data.observationHours.get('completeness')).toEqual([
      {
        hour: Math.floor(t0 / H),
        count: 2,
        sum: expect.closeTo(1.6, 10),
        min: 0.7,
        max: 0.9,
        lastValue: 0.7,
        lastAt: t0 + 60_000,
      },
    ]);
    await knex.destroy();
  });
});
