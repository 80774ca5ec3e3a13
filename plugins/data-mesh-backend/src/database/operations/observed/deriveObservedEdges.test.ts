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
describe.each(databases.eachSupportedId())(
  'deriveObservedEdges on %s',
  databaseId => {
    it('maps job io to the products it belongs to, whatever order runs arrive in', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      // The reader first, then the writer.
      await ingestRunEvents(knex, events([c360Run('c1', t0 + H)]), 'ci', t0);
      await ingestRunEvents(knex, events([ordersRun('o1', t0)]), 'ci', t0);
      // c360's job wrote c360's output port location, so it belongs to c360; it read a
      // dataset of orders: one edge from product to product.
      const upstream = await listEdges(
        knex,
        ['dataproduct:default/c360'],
        'upstream',
      );
      expect(
        upstream.map(e => [e.source, e.declared, e.observed, e.observedLastAt]),
      ).toEqual([['dataproduct:default/orders', false, true, t0 + H]]);
      expect(
        await listEdges(knex, ['ol-job:shop/c360.build'], 'downstream'),
      ).toEqual([]);
      await knex.destroy();
    });

    it("derives a job's edges again when its io shape changes between batches", async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      const job: [string, string] = ['shop', 'adhoc'];
      const input: Array<[string, string]> = [['s3://lake', 'sales/orders']];
      // A run that wrote nothing: the job acts for no product, its own node reads orders.
      await ingestRunEvents(
        knex,
        events([{ type: 'COMPLETE', run: 'a1', job, at: t0, inputs: input }]),
        'ci',
        t0,
      );
      expect(
        (await listEdges(knex, ['ol-job:shop/adhoc'], 'upstream')).map(e => [
          e.source,
          e.observedLastAt,
        ]),
      ).toEqual([['dataproduct:default/orders', t0]]);
      // Now a run writes c360's table: the job acts for c360, in both of its output sets.
      await ingestRunEvents(
        knex,
        events([
          {
            type: 'COMPLETE',
            run: 'a2',
            job,
            at: t0 + H,
            inputs: input,
            outputs: [['s3://lake', 'customer/c360']],
          },
        ]),
        'ci',
        t0 + H,
      );
      expect([
        ...(await listEdges(knex, ['ol-job:shop/adhoc'], 'upstream')),
        ...(await listEdges(knex, ['ol-job:shop/adhoc'], 'downstream')),
      ]).toEqual([]);
      const rows = await knex(TABLES.edges)
        .where('target', 'dataproduct:default/c360')
        .select('source', 'observed_first_at', 'observed_last_at');
      expect(
        rows.map(r => [
          r.source,
          Number(r.observed_first_at),
          Number(r.observed_last_at),
        ]),
      ).toEqual([['dataproduct:default/orders', t0, t0 + H]]);
      await knex.destroy();
    });

    it('keeps the edges of a job whose io did not change and widens their first and last seen', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      await ingestRunEvents(
        knex,
        events([ordersRun('o1', t0), c360Run('c1', t0)]),
        'ci',
        t0,
      );
      const edges = async () =>
        (
          await knex(TABLES.edges)
            .orderBy(['source', 'target'])
            .select('source', 'target', 'observed_first_at', 'observed_last_at')
        ).map(r => [
          r.source,
          r.target,
          Number(r.observed_first_at),
          Number(r.observed_last_at),
        ]);
      expect(await edges()).toEqual([
        ['dataproduct:default/orders', 'dataproduct:default/c360', t0, t0],
      ]);
      // Later runs, then an earlier one: the same edge, seen over a wider span.
      await ingestRunEvents(
        knex,
        events([c360Run('c2', t0 + 2 * H)]),
        'ci',
        t0 + 2 * H,
      );
      expect(await edges()).toEqual([
        [
          'dataproduct:default/orders',
          'dataproduct:default/c360',
          t0,
          t0 + 2 * H,
        ],
      ]);
      await ingestRunEvents(
        knex,
        events([c360Run('c0', t0 - H), ordersRun('o0', t0 - H)]),
        'ci',
        t0 + 2 * H,
      );
      expect(await edges()).toEqual([
        [
          'dataproduct:default/orders',
          'dataproduct:default/c360',
          t0 - H,
          t0 + 2 * H,
        ],
      ]);
      await knex.destroy();
    });
  },
);
