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
  'listObservations on %s',
  databaseId => {
    it('pages newest first, by indicator, with the key of the last item', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const subject = 'dataproduct:default/orders';
      await ingestObservations(
        knex,
        [0, 1, 2, 3, 4].map(i => ({
          subject,
          indicator: i % 2 ? 'accuracy' : 'completeness',
          value: i,
          observedAt: t0 + i * 1000,
        })),
        'ci',
        t0,
      );
      const first = await listObservations(knex, [subject], { limit: 2 });
      expect(first.items.map(o => o.value)).toEqual([4, 3]);
      expect(first.next).toEqual([t0 + 3000, expect.any(Number)]);
      const rest = await listObservations(knex, [subject], {
        limit: 5,
        after: first.next,
      });
      expect(rest.items.map(o => o.value)).toEqual([2, 1, 0]);
      expect(rest.next).toBeUndefined();
      const accuracy = await listObservations(knex, [subject], {
        limit: 5,
        indicator: 'accuracy',
      });
      expect(accuracy.items.map(o => o.value)).toEqual([3, 1]);
      expect(
        (await listObservations(knex, ['dataproduct:default/x'], { limit: 5 }))
          .items,
      ).toEqual([]);
      await knex.destroy();
    });
  },
);
