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
import { H, t0 } from '../../__testUtils__/observedFixtures';
import {
  facet,
  jobEvent,
  parsedJobEvents,
} from '../../__testUtils__/eventKinds';
import { TABLES } from '../../tables';
import { ingestJobEvents } from './ingestJobEvents';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'ingestJobEvents on %s',
  databaseId => {
    it('stores the job, its datasets and its declared inputs and outputs as static io', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const job: [string, string] = ['shop', 'orders.load'];
      const ev = (at: number) =>
        jobEvent({
          job,
          at,
          inputs: [['s3://lake', 'raw/orders']],
          outputs: [
            [
              's3://lake',
              'sales/orders',
              {
                schema: facet('1-1-1/SchemaDatasetFacet.json', {
                  fields: [{ name: 'id' }],
                }),
              },
            ],
          ],
        });
      // Out of order, and one of them twice.
      const batch = parsedJobEvents([ev(t0), ev(t0 - 2 * H), ev(t0)]);
      expect(await ingestJobEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 2,
        duplicates: 1,
      });
      await ingestJobEvents(knex, parsedJobEvents([ev(t0 - H)]), 'ci', t0);

      expect(
        await knex(TABLES.jobs).select('job_id', 'namespace', 'name'),
      ).toEqual([
        { job_id: 'shop/orders.load', namespace: 'shop', name: 'orders.load' },
      ]);
      const io = await knex(TABLES.staticIo)
        .orderBy('direction')
        .select('job_id', 'direction', 'dataset_id', 'first_at', 'last_at');
      expect(
        io.map(r => ({
          ...r,
          first_at: Number(r.first_at),
          last_at: Number(r.last_at),
        })),
      ).toEqual([
        {
          job_id: 'shop/orders.load',
          direction: 'in',
          dataset_id: 's3://lake/raw/orders',
          first_at: t0 - 2 * H,
          last_at: t0,
        },
        {
          job_id: 'shop/orders.load',
          direction: 'out',
          dataset_id: 's3://lake/sales/orders',
          first_at: t0 - 2 * H,
          last_at: t0,
        },
      ]);
      // Static: no run, no observed io, no refresh.
      expect(await knex(TABLES.runs)).toHaveLength(0);
      expect(await knex(TABLES.io)).toHaveLength(0);
      expect(await knex(TABLES.refreshes)).toHaveLength(0);
      const events = await knex(TABLES.events)
        .orderBy('event_time')
        .select('event_kind', 'run_id', 'job_id', 'sent_by');
      expect(events).toEqual([
        {
          event_kind: 'JobEvent',
          run_id: '',
          job_id: 'shop/orders.load',
          sent_by: 'pipeline',
        },
        {
          event_kind: 'JobEvent',
          run_id: '',
          job_id: 'shop/orders.load',
          sent_by: 'ci',
        },
        {
          event_kind: 'JobEvent',
          run_id: '',
          job_id: 'shop/orders.load',
          sent_by: 'pipeline',
        },
      ]);
      expect(
        (
          await knex(TABLES.datasetFacets).select(
            'dataset_id',
            'facet',
            'event_time',
          )
        ).map(r => [r.dataset_id, r.facet, Number(r.event_time)]),
      ).toEqual([['s3://lake/sales/orders', 'schema', t0]]);
      await knex.destroy();
    });
  },
);
