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
import { parseRunEvents } from '../../../observed/openlineage';
import { readProductMapping } from '../../../observed/productMapping';
import {
  product,
  runEvent,
} from '../../../observed/__testUtils__/observedTestUtils';
import { TABLES } from '../../tables';
import { applyCatalog } from './applyCatalog';
import { ingestRunEvents } from './ingestRunEvents';
import { listEdges } from './listEdges';

const databases = createTestDatabases();
const H = 3_600_000;
const t0 = Date.UTC(2025, 5, 1, 12);
const events = (list: Array<Parameters<typeof runEvent>[0]>) =>
  parseRunEvents(list.map(runEvent), { maxBatch: 100 }).events;

// orders writes s3://lake/sales/orders with its annotated job; c360 reads it.
const orders = readProductMapping(
  product(
    'orders',
    {
      outputPorts: [
        { name: 'o', type: 'table', location: 's3://lake/sales/orders' },
      ],
    },
    {
      'meshwork.dev/openlineage-namespace': 'shop',
      'meshwork.dev/openlineage-job': 'orders.ingest',
    },
  ),
);
const c360 = readProductMapping(
  product('c360', {
    inputPorts: [{ dataProduct: 'orders' }],
    outputPorts: [
      { name: 'p', type: 'table', location: 's3://lake/customer/c360' },
    ],
  }),
);
const ordersRun = (run: string, at: number, type = 'COMPLETE') => ({
  type,
  run,
  job: ['shop', 'orders.ingest'] as [string, string],
  at,
  outputs: [['s3://lake', 'sales/orders']] as Array<[string, string]>,
});
const c360Run = (run: string, at: number) => ({
  type: 'COMPLETE',
  run,
  job: ['shop', 'c360.build'] as [string, string],
  at,
  inputs: [['s3://lake', 'sales/orders']] as Array<[string, string]>,
  outputs: [['s3://lake', 'customer/c360']] as Array<[string, string]>,
});

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
      bindings: 3,
      declaredEdges: 1,
      bindingsChanged: true,
      declaredChanged: true,
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
});
