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
import { pruneHistory } from './pruneHistory';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('pruneHistory on %s', databaseId => {
  it('deletes history evaluated before a time, and keeps the latest result', async () => {
    const { knex, compliance } = await migratedDatabase(databases, databaseId);
    const t0 = new Date('2025-06-01T00:00:00Z');
    for (let day = 0; day < 3; day++) {
      const now = new Date(t0.getTime() + day * DAY);
      await saveSweep(knex, [evaluation('a', 'passing', { at: now })], [], {
        now,
        historyHeartbeatMs: DAY,
        durationMs: 1,
      });
    }
    expect(await pruneHistory(knex, new Date(t0.getTime() + DAY))).toBe(1);
    expect(
      (await getHistory(knex, 'dataproduct:default/a', { limit: 10 })).map(h =>
        h.evaluatedAt.slice(0, 10),
      ),
    ).toEqual(['2025-06-03', '2025-06-02']);
    expect(await compliance.getLatest('dataproduct:default/a')).toBeDefined();
    await knex.destroy();
  });
});
