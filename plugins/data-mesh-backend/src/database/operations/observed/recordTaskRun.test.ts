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
describe.each(databases.eachSupportedId())(
  'recordTaskRun on %s',
  databaseId => {
    it('records runs of a task and keeps the last 1000', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      for (let i = 0; i < 1003; i++) {
        await recordTaskRun(knex, {
          taskId: 'sync',
          startedAt: i,
          finishedAt: i + 1,
          summary: { i },
        });
      }
      await recordTaskRun(knex, {
        taskId: 'prune',
        startedAt: 5,
        finishedAt: 6,
        summary: {},
      });
      const runs = await listTaskRuns(knex, 'sync');
      expect(runs).toHaveLength(1000);
      expect(runs[0]).toEqual({
        startedAt: 3,
        finishedAt: 4,
        summary: { i: 3 },
      });
      expect(await listTaskRuns(knex, 'prune')).toHaveLength(1);
      await knex.destroy();
    });
  },
);
