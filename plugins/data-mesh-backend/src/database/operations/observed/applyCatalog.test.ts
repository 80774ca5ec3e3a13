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
import {
  c360,
  c360Run,
  events,
  H,
  orders,
  ordersRun,
  t0,
} from '../../__testUtils__/observedFixtures';
import { TABLES } from '../../tables';
import { applyCatalog } from './applyCatalog';
import { ingestRunEvents } from './ingestRunEvents';
import { listEdges } from './listEdges';

const databases = createTestDatabases();
describe.each(databases.eachSupportedId())('applyCatalog on %s', databaseId => {
  it('writes bindings and declared edges, only when they changed, and maps observed lineage', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await ingestRunEvents(
      knex,
      events([ordersRun('o1', t0), c360Run('c1', t0 + H)]),
      'ci',
      t0,
    );
    // Before the catalog is read, jobs and datasets are nodes of their own.
    expect(
      (await listEdges(knex, ['ol-job:shop/c360.build'], 'upstream')).map(
        e => e.source,
      ),
    ).toEqual(['ol-dataset:s3://lake/sales/orders']);

    const first = await applyCatalog(knex, [orders, c360], t0);
    expect(first).toEqual({
      products: 2,
      changed: 2,
      removed: 0,
      bindings: 3,
      declaredEdges: 1,
      bindingsChanged: true,
      declaredChanged: true,
      remappedJobs: 2,
    });
    expect(
      (await listEdges(knex, ['dataproduct:default/c360'], 'upstream')).map(
        e => [e.source, e.declared, e.observed],
      ),
    ).toEqual([['dataproduct:default/orders', true, true]]);
    expect(await applyCatalog(knex, [orders, c360], t0)).toMatchObject({
      bindingsChanged: false,
      declaredChanged: false,
    });
    // c360 stops declaring its input: the observed edge stays, no longer declared.
    const undeclared = { ...c360, declaredInputs: [] };
    expect(await applyCatalog(knex, [orders, undeclared], t0)).toMatchObject({
      bindingsChanged: false,
      declaredChanged: true,
    });
    const edges = await knex(TABLES.edges).where(
      'target',
      'dataproduct:default/c360',
    );
    expect(
      edges.map(e => [e.source, Boolean(e.declared), Boolean(e.observed)]),
    ).toEqual([['dataproduct:default/orders', false, true]]);
    await knex.destroy();
  });

  it('removes the bindings and declared edges of products the catalog no longer holds', async () => {
    const { knex } = await migratedDatabase(databases, databaseId);
    await ingestRunEvents(
      knex,
      events([ordersRun('o1', t0), c360Run('c1', t0 + H)]),
      'ci',
      t0,
    );
    await applyCatalog(
      knex,
      [
        { ...orders, signature: 'o-1' },
        { ...c360, signature: 'c-1' },
      ],
      t0,
    );
    // c360 is gone: its bindings, its declared input and its signature go; its job's
    // run is the job's own node again.
    expect(
      await applyCatalog(knex, [{ ...orders, signature: 'o-1' }], t0 + H),
    ).toMatchObject({
      products: 1,
      changed: 0,
      removed: 1,
      bindingsChanged: true,
      declaredChanged: true,
    });
    expect(
      await knex(TABLES.bindings).orderBy('match_key').pluck('product_ref'),
    ).toEqual(['dataproduct:default/orders', 'dataproduct:default/orders']);
    expect(
      await knex(TABLES.edges)
        .where('target', 'dataproduct:default/c360')
        .orWhere('source', 'dataproduct:default/c360'),
    ).toEqual([]);
    expect(
      (await listEdges(knex, ['ol-job:shop/c360.build'], 'upstream')).map(
        e => e.source,
      ),
    ).toEqual(['dataproduct:default/orders']);
    expect(await knex(TABLES.catalogProducts).pluck('product_ref')).toEqual([
      'dataproduct:default/orders',
    ]);
    await knex.destroy();
  });
});
