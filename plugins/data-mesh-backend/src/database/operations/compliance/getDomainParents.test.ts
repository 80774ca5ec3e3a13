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
  migratedDatabase,
} from '../../__testUtils__/testDatabases';

import { getDomainParents } from './getDomainParents';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'getDomainParents on %s',
  databaseId => {
    it('reads the domain hierarchy the last sweep saw', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const options = {
        now: new Date('2025-06-01T00:00:00Z'),
        historyHeartbeatMs: DAY,
        durationMs: 1,
      };
      await saveSweep(knex, [], [{ domainRef: 'domain:default/old' }], options);
      await saveSweep(
        knex,
        [],
        [
          { domainRef: 'domain:default/customer' },
          {
            domainRef: 'domain:default/loyalty',
            parentRef: 'domain:default/customer',
          },
        ],
        options,
      );
      expect(await getDomainParents(knex)).toEqual(
        new Map([
          ['domain:default/customer', undefined],
          ['domain:default/loyalty', 'domain:default/customer'],
        ]),
      );
      await knex.destroy();
    });
  },
);
