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
import { events, H, t0 } from '../../__testUtils__/observedFixtures';
import { TABLES } from '../../tables';
import { ingestRunEvents } from './ingestRunEvents';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'ingestRunEvents on %s',
  databaseId => {
    it('stores each event once and derives run state, hourly counts and refreshes', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const job: [string, string] = ['shop', 'orders.ingest'];
      const out: Array<[string, string]> = [['s3://lake', 'sales/orders']];
      const batch = events([
        { type: 'COMPLETE', run: 'r1', job, at: t0, outputs: out },
        { type: 'START', run: 'r1', job, at: t0 - H, outputs: out },
      ]);
      expect(await ingestRunEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 2,
        duplicates: 0,
      });
      expect(await ingestRunEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 0,
        duplicates: 2,
      });
      const [run] = await knex(TABLES.runs).select(
        'state',
        'started_at',
        'ended_at',
      );
      expect({
        ...run,
        started_at: Number(run.started_at),
        ended_at: Number(run.ended_at),
      }).toEqual({ state: 'COMPLETE', started_at: t0 - H, ended_at: t0 });
      const hourly = await knex(TABLES.jobHourly).select(
        'hour',
        'complete_count',
      );
      expect(
        hourly.map(r => [Number(r.hour), Number(r.complete_count)]),
      ).toEqual([[Math.floor(t0 / H), 1]]);
      const refreshes = await knex(TABLES.refreshes)
        .orderBy('subject')
        .select('subject');
      expect(refreshes.map(r => r.subject)).toEqual([
        'ol-dataset:s3://lake/sales/orders',
        'ol-job:shop/orders.ingest',
      ]);
      await knex.destroy();
    });
  },
);
