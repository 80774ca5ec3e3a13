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
import { events, H, ordersRun, t0 } from '../../__testUtils__/observedFixtures';
import { countTerminalRuns } from './countTerminalRuns';
import { ingestRunEvents } from './ingestRunEvents';

/** The runs of the given jobs, as an annotation binds them. */
const jobRuns = (annotatedJobIds: string[]) => ({
  annotatedJobIds,
  outputSets: [],
  fallbackJobIds: [],
});

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())(
  'countTerminalRuns on %s',
  databaseId => {
    it('counts completed, failed and aborted runs since a time', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await ingestRunEvents(
        knex,
        events([
          ordersRun('o1', t0 - 48 * H),
          ordersRun('o2', t0, 'FAIL'),
          ordersRun('o3', t0 + H, 'ABORT'),
          ordersRun('o4', t0 + 2 * H, 'START'),
        ]),
        'ci',
        t0,
      );
      expect(
        await countTerminalRuns(knex, jobRuns(['shop/orders.ingest']), t0),
      ).toBe(2);
      expect(
        await countTerminalRuns(
          knex,
          jobRuns(['shop/orders.ingest']),
          t0 - 72 * H,
        ),
      ).toBe(3);
      expect(await countTerminalRuns(knex, jobRuns([]), t0)).toBe(0);
      await knex.destroy();
    });
  },
);
