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
  c360,
  c360Run,
  events,
  H,
  orders,
  ordersRun,
  t0,
} from '../../__testUtils__/observedFixtures';
import { applyCatalog } from './applyCatalog';
import { ingestRunEvents } from './ingestRunEvents';
import { listEdges } from './listEdges';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'deriveObservedEdges on %s',
  databaseId => {
    it('maps job io to the products it belongs to, whatever order runs arrive in', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      // The reader first, then the writer.
      await ingestRunEvents(knex, events([c360Run('c1', t0 + H)]), 'ci', t0);
      await ingestRunEvents(knex, events([ordersRun('o1', t0)]), 'ci', t0);
      // c360's job wrote c360's output port location, so it belongs to c360; it read a
      // dataset of orders: one edge from product to product.
      const upstream = await listEdges(
        knex,
        ['dataproduct:default/c360'],
        'upstream',
      );
      expect(
        upstream.map(e => [e.source, e.declared, e.observed, e.observedLastAt]),
      ).toEqual([['dataproduct:default/orders', false, true, t0 + H]]);
      expect(
        await listEdges(knex, ['ol-job:shop/c360.build'], 'downstream'),
      ).toEqual([]);
      await knex.destroy();
    });
  },
);
