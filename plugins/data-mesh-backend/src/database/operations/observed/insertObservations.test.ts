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
import { TABLES } from '../../tables';
import { insertObservations, observationKey } from './insertObservations';

const databases = createTestDatabases();
const H = 3_600_000;
const t0 = Date.UTC(2025, 5, 1, 12);

const row = (value: number, at: number, key = `k${value}${at}`) => ({
  dedupe_key: key,
  subject: 'dataproduct:default/orders',
  indicator: 'completeness',
  value,
  observed_at: at,
  source: 'api' as const,
  sent_by: 'pipeline',
  received_at: t0,
});

describe.each(databases.eachSupportedId())(
  'insertObservations on %s',
  databaseId => {
    it('stores each observation once and adds only new ones to the hour', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      expect(
        await knex.transaction(trx =>
          insertObservations(trx, [row(0.9, t0), row(0.7, t0 + 60_000)]),
        ),
      ).toBe(2);
      // One again, one new in the same hour.
      expect(
        await knex.transaction(trx =>
          insertObservations(trx, [row(0.9, t0), row(0.8, t0 + 120_000)]),
        ),
      ).toBe(1);
      const [hour] = await knex(TABLES.obsHourly).select('*');
      expect({
        hour: Number(hour.hour),
        count: Number(hour.count),
        sum: Number(hour.sum),
        min: Number(hour.min),
        max: Number(hour.max),
        last: Number(hour.last_value),
      }).toEqual({
        hour: Math.floor(t0 / H),
        count: 3,
        sum: expect.closeTo(2.4, 10),
        min: 0.7,
        max: 0.9,
        last: 0.8,
      });
      await knex.destroy();
    });

    it('keys an observation by its parts', () => {
      expect(observationKey(['api', 'a', 'b', 1])).toBe(
        observationKey(['api', 'a', 'b', 1]),
      );
      expect(observationKey(['api', 'a', 'b', 1])).not.toBe(
        observationKey(['api', 'a', 'b', 2]),
      );
    });
  },
);
