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
import { c360, orders, t0 } from '../../__testUtils__/observedFixtures';
import { applyCatalog } from './applyCatalog';
import { listEdges } from './listEdges';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('listEdges on %s', databaseId => {
  it('reads the edges into or out of the given nodes', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await applyCatalog(knex, [orders, c360], t0);
    expect(
      await listEdges(knex, ['dataproduct:default/c360'], 'upstream'),
    ).toEqual([
      {
        source: 'dataproduct:default/orders',
        target: 'dataproduct:default/c360',
        declared: true,
        observed: false,
        observedLastAt: undefined,
        static: false,
      },
    ]);
    expect(
      (await listEdges(knex, ['dataproduct:default/orders'], 'downstream')).map(
        e => e.target,
      ),
    ).toEqual(['dataproduct:default/c360']);
    expect(
      await listEdges(knex, ['dataproduct:default/orders'], 'upstream'),
    ).toEqual([]);
    await knex.destroy();
  });
});
