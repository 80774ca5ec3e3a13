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
  DAY,
  evaluation,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';

import { getHistory } from './getHistory';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('getHistory on %s', databaseId => {
  it('pages a product history newest first, before a history id', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    const t0 = new Date('2025-06-01T00:00:00Z');
    for (let day = 0; day < 5; day++) {
      const now = new Date(t0.getTime() + day * DAY);
      await saveSweep(
        knex,
        [evaluation('a', day % 2 ? 'failing' : 'passing', { at: now })],
        [],
        { now, historyHeartbeatMs: DAY, durationMs: 1 },
      );
    }
    const first = await getHistory(knex, 'dataproduct:default/a', { limit: 2 });
    expect(first.map(h => [h.status, h.evaluatedAt.slice(0, 10)])).toEqual([
      ['passing', '2025-06-05'],
      ['failing', '2025-06-04'],
    ]);
    expect(first[0].id).toBeGreaterThan(first[1].id);
    const rest = await getHistory(knex, 'dataproduct:default/a', {
      limit: 10,
      before: first[1].id,
    });
    expect(rest.map(h => h.evaluatedAt.slice(0, 10))).toEqual([
      '2025-06-03',
      '2025-06-02',
      '2025-06-01',
    ]);
    expect(
      await getHistory(knex, 'dataproduct:default/other', { limit: 10 }),
    ).toEqual([]);
    await knex.destroy();
  });
});
