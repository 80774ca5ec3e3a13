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
import { events, ordersRun, t0 } from '../../__testUtils__/observedFixtures';
import { describeNodes } from './describeNodes';
import { ingestRunEvents } from './ingestRunEvents';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'describeNodes on %s',
  databaseId => {
    it('names datasets and jobs by their OpenLineage namespace and name', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await ingestRunEvents(knex, events([ordersRun('o1', t0)]), 'ci', t0);
      const named = await describeNodes(
        knex,
        ['s3://lake/sales/orders', 's3://lake/none'],
        ['shop/orders.ingest'],
      );
      expect(named.datasets).toEqual(
        new Map([
          [
            's3://lake/sales/orders',
            { namespace: 's3://lake', name: 'sales/orders' },
          ],
        ]),
      );
      expect(named.jobs).toEqual(
        new Map([
          ['shop/orders.ingest', { namespace: 'shop', name: 'orders.ingest' }],
        ]),
      );
      await knex.destroy();
    });
  },
);
