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

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { TABLES } from './tables';

/*
 * migrations/20261211000000_time_ordered_keys.js on a database that already holds events
 * and observations: they stay, and the same key at the same time is still refused.
 */

const directory = join(__dirname, '../../migrations');
const MIGRATION = '20261211000000_time_ordered_keys.js';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const event = (key: string, at: number) => ({
  event_key: key,
  run_id: 'r1',
  event_type: 'COMPLETE',
  event_time: at,
  job_id: 'shop/load',
  producer: 'https://example.com/producer',
  schema_url: 'https://openlineage.io/spec/2-0-2/OpenLineage.json',
  sent_by: 'ci',
  received_at: at,
  payload: '{}',
});

const observation = (key: string, at: number) => ({
  dedupe_key: key,
  subject: 'dataproduct:default/orders',
  indicator: 'completeness',
  value: 0.99,
  observed_at: at,
  source: 'api',
  sent_by: 'ci',
  received_at: at,
});

describe.each(databases.eachSupportedId())(
  'the time-ordered keys migration on %s',
  databaseId => {
    it('keeps the stored rows and still stores each key once', async () => {
      const knex = await databases.init(databaseId);
      const before = readdirSync(directory)
        .filter(f => f.endsWith('.js') && f < MIGRATION)
        .sort();
      for (const name of before) await knex.migrate.up({ directory, name });
      await knex(TABLES.events).insert(event('a'.repeat(64), 1000));
      await knex(TABLES.observations).insert(observation('b'.repeat(64), 1000));

      await knex.migrate.up({ directory, name: MIGRATION });
      expect(await knex(TABLES.events).pluck('event_key')).toEqual([
        'a'.repeat(64),
      ]);
      expect(await knex(TABLES.observations).pluck('dedupe_key')).toEqual([
        'b'.repeat(64),
      ]);
      // The ingest's conflict targets exist and dedupe as before.
      await knex(TABLES.events)
        .insert(event('a'.repeat(64), 1000))
        .onConflict(['event_time', 'event_key'])
        .ignore();
      await knex(TABLES.observations)
        .insert(observation('b'.repeat(64), 1000))
        .onConflict(['observed_at', 'dedupe_key'])
        .ignore();
      expect(
        Number((await knex(TABLES.events).count({ n: '*' }).first())!.n),
      ).toBe(1);
      expect(
        Number((await knex(TABLES.observations).count({ n: '*' }).first())!.n),
      ).toBe(1);

      // And back.
      await knex.migrate.down({ directory, name: MIGRATION });
      await expect(
        knex(TABLES.events).insert(event('a'.repeat(64), 2000)),
      ).rejects.toThrow();
      await knex.destroy();
    });
  },
);
