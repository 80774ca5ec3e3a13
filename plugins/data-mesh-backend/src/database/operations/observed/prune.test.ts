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
import { TABLES } from '../../tables';
import { ingestObservations } from './ingestObservations';
import { ingestRunEvents } from './ingestRunEvents';
import { prune } from './prune';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('prune on %s', databaseId => {
  it('deletes raw rows before one time and aggregates before another', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await ingestRunEvents(
      knex,
      events([ordersRun('old', t0 - 40 * 24 * H), ordersRun('new', t0)]),
      'ci',
      t0,
    );
    await ingestObservations(
      knex,
      [
        {
          subject: orders.ref,
          indicator: 'completeness',
          value: 1,
          observedAt: t0 - 40 * 24 * H,
        },
      ],
      'ci',
      t0,
    );
    const result = await prune(knex, {
      rawBefore: t0 - 30 * 24 * H,
      aggregateBefore: t0 - 400 * 24 * H,
    });
    expect(result).toEqual({
      events: 1,
      runs: 1,
      runDatasets: 1,
      observations: 1,
      jobHours: 0,
      runHours: 0,
      streamHours: 0,
      observationHours: 0,
      refreshes: 0,
    });
    expect((await knex(TABLES.runs).select('run_id')).length).toBe(1);
    expect((await knex(TABLES.jobHourly).select('hour')).length).toBe(2);
    const aggregates = await prune(knex, {
      rawBefore: 0,
      aggregateBefore: t0 - 24 * H,
    });
    expect(aggregates).toMatchObject({
      jobHours: 1,
      runHours: 1,
      observationHours: 1,
      refreshes: 2,
    });
    await knex.destroy();
  });
});
