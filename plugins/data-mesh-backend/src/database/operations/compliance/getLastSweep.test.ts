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

import { getLastSweep } from './getLastSweep';
import { saveSweep } from './saveSweep';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('getLastSweep on %s', databaseId => {
  it('is undefined before the first sweep, then what the last one did', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    expect(await getLastSweep(knex)).toBeUndefined();
    const now = new Date('2025-06-01T00:00:00Z');
    await saveSweep(
      knex,
      [evaluation('a', 'passing'), evaluation('b', 'failing')],
      [{ domainRef: 'domain:default/customer' }],
      { now, historyHeartbeatMs: DAY, durationMs: 12.4 },
    );
    expect(await getLastSweep(knex)).toEqual({
      finishedAt: now.toISOString(),
      products: 2,
      domains: 1,
      durationMs: 12,
    });
    await knex.destroy();
  });
});
