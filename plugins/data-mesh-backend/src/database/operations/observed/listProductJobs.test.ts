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
  orders,
  t0,
} from '../../__testUtils__/observedFixtures';
import { ingestRunEvents } from './ingestRunEvents';
import { listProductJobs } from './listProductJobs';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'listProductJobs on %s',
  databaseId => {
    it('is the annotated jobs and the jobs that wrote the product datasets', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await ingestRunEvents(knex, events([c360Run('c1', t0)]), 'ci', t0);
      expect(
        await listProductJobs(knex, c360, ['s3://lake/customer/c360']),
      ).toEqual(['shop/c360.build']);
      expect(await listProductJobs(knex, orders, [])).toEqual([
        'shop/orders.ingest',
      ]);
      await knex.destroy();
    });
  },
);
