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

import { listForRollUp } from './listForRollUp';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'listForRollUp on %s',
  databaseId => {
    it("reads every product's status and per-policy statuses", async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await saveSweep(
        knex,
        [
          evaluation('a', 'passing'),
          evaluation('b', 'warning', { domainRef: 'domain:default/x' }),
        ],
        [],
        {
          now: new Date('2025-06-01T00:00:00Z'),
          historyHeartbeatMs: DAY,
          durationMs: 1,
        },
      );
      const rows = await listForRollUp(knex);
      expect(
        rows.sort((x, y) => x.entityRef.localeCompare(y.entityRef)),
      ).toEqual([
        {
          entityRef: 'dataproduct:default/a',
          domainRef: null,
          status: 'passing',
          score: 100,
          results: [
            {
              policyId: 'owner-assigned',
              severity: 'required',
              status: 'passed',
            },
          ],
        },
        {
          entityRef: 'dataproduct:default/b',
          domainRef: 'domain:default/x',
          status: 'warning',
          score: 50,
          results: [
            {
              policyId: 'owner-assigned',
              severity: 'required',
              status: 'passed',
            },
            {
              policyId: 'audit-logging',
              severity: 'recommended',
              status: 'failed',
            },
          ],
        },
      ]);
      await knex.destroy();
    });
  },
);
