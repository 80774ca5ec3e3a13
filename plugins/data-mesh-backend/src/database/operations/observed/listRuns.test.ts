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
import { ingestRunEvents } from './ingestRunEvents';
import { listRuns } from './listRuns';

/** The runs of the given jobs, as an annotation binds them. */
const jobRuns = (annotatedJobIds: string[]) => ({
  annotatedJobIds,
  outputSets: [],
  fallbackJobIds: [],
});

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('listRuns on %s', databaseId => {
  it('pages the runs of jobs newest first, with their datasets', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await ingestRunEvents(
      knex,
      events([
        ordersRun('o1', t0),
        ordersRun('o2', t0 + H, 'FAIL'),
        ordersRun('o3', t0 + 2 * H),
      ]),
      'ci',
      t0,
    );
    const first = await listRuns(knex, jobRuns(['shop/orders.ingest']), {
      limit: 2,
    });
    expect(first.items.map(r => r.state)).toEqual(['COMPLETE', 'FAIL']);
    expect(first.items[0]).toMatchObject({
      job: { namespace: 'shop', name: 'orders.ingest' },
      startedAt: new Date(t0 + 2 * H).toISOString(),
      sentBy: 'ci',
      inputs: [],
      outputs: [{ namespace: 's3://lake', name: 'sales/orders' }],
    });
    expect(first.next).toEqual([t0 + H, expect.any(String)]);
    const rest = await listRuns(knex, jobRuns(['shop/orders.ingest']), {
      limit: 2,
      after: first.next,
    });
    expect(rest.items.map(r => r.startedAt)).toEqual([
      new Date(t0).toISOString(),
    ]);
    expect(rest.next).toBeUndefined();
    expect(await listRuns(knex, jobRuns([]), { limit: 2 })).toEqual({
      items: [],
    });
    await knex.destroy();
  });
});
