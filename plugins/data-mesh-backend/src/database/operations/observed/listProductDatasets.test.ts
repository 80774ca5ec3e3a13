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
  c360Run,
  events,
  orders,
  ordersRun,
  t0,
} from '../../__testUtils__/observedFixtures';
import { ingestRunEvents } from './ingestRunEvents';
import { listProductDatasets } from './listProductDatasets';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'listProductDatasets on %s',
  databaseId => {
    it('finds the datasets matching the output port locations', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await ingestRunEvents(
        knex,
        events([ordersRun('o1', t0), c360Run('c1', t0)]),
        'ci',
        t0,
      );
      expect(await listProductDatasets(knex, orders)).toEqual([
        's3://lake/sales/orders',
      ]);
      expect(
        await listProductDatasets(knex, { ...orders, locationKeys: [] }),
      ).toEqual([]);
      await knex.destroy();
    });
  },
);
