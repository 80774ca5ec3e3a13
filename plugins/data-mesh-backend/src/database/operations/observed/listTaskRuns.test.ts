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
import {} from '../../__testUtils__/observedFixtures';
import { listTaskRuns } from './listTaskRuns';
import { recordTaskRun } from './recordTaskRun';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('listTaskRuns on %s', databaseId => {
  it('lists the runs of one task, oldest first', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await recordTaskRun(knex, {
      taskId: 'sync',
      startedAt: 20,
      finishedAt: 25,
      summary: { b: 2 },
    });
    await recordTaskRun(knex, {
      taskId: 'sync',
      startedAt: 10,
      finishedAt: 15,
      summary: { a: 1 },
    });
    await recordTaskRun(knex, {
      taskId: 'other',
      startedAt: 1,
      finishedAt: 2,
      summary: {},
    });
    expect(await listTaskRuns(knex, 'sync')).toEqual([
      { startedAt: 20, finishedAt: 25, summary: { b: 2 } },
      { startedAt: 10, finishedAt: 15, summary: { a: 1 } },
    ]);
    expect(await listTaskRuns(knex, 'none')).toEqual([]);
    await knex.destroy();
  });
});
