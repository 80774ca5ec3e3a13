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
import { ingestObservations } from './ingestObservations';
import { listObservations } from './listObservations';

const databases = createTestDatabases();
const t0 = Date.UTC(2025, 5, 1, 12);

describe.each(databases.eachSupportedId())(
  'ingestObservations on %s',
  databaseId => {
    it('stores the same subject, indicator and time once, with its sender', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const item = {
        subject: 'dataproduct:default/orders',
        indicator: 'completeness',
        value: 0.97,
        observedAt: t0,
      };
      expect(await ingestObservations(knex, [item, item], 'ci', t0)).toEqual({
        stored: 1,
        duplicates: 1,
      });
      expect(
        await ingestObservations(knex, [{ ...item, value: 0.5 }], 'ci', t0),
      ).toEqual({ stored: 0, duplicates: 1 });
      const page = await listObservations(knex, [item.subject], { limit: 10 });
      expect(page.items).toEqual([
        {
          id: expect.any(String),
          subject: item.subject,
          indicator: 'completeness',
          value: 0.97,
          observedAt: new Date(t0).toISOString(),
          source: 'api',
          sentBy: 'ci',
        },
      ]);
      await knex.destroy();
    });
  },
);
