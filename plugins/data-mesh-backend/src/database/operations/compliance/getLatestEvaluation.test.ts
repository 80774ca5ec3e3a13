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

import { getLatestEvaluation } from './getLatestEvaluation';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'getLatestEvaluation on %s',
  databaseId => {
    it('returns the full evaluation the last sweep stored, or undefined', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const stored = evaluation('a', 'warning', {
        domainRef: 'domain:default/customer',
      });
      await saveSweep(knex, [stored], [], {
        now: new Date('2025-06-01T00:00:00Z'),
        historyHeartbeatMs: DAY,
        durationMs: 1,
      });
      expect(await getLatestEvaluation(knex, 'dataproduct:default/a')).toEqual(
        stored,
      );
      expect(
        await getLatestEvaluation(knex, 'dataproduct:default/b'),
      ).toBeUndefined();
      await knex.destroy();
    });
  },
);
