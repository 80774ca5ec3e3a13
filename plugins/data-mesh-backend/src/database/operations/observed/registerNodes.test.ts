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
import { c360, events, orders, t0 } from '../../__testUtils__/observedFixtures';
import { TABLES } from '../../tables';
import { applyCatalog } from './applyCatalog';
import { ingestRunEvents } from './ingestRunEvents';
import { listEdges } from './listEdges';
import { registerDatasets } from './registerNodes';

const databases = createTestDatabases();

const symlinked = {
  namespace: 'hdfs://cluster',
  name: 'warehouse/orders',
  facets: {
    symlinks: {
      _producer: 'https://github.com/OpenLineage/OpenLineage',
      _schemaURL:
        'https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet',
      identifiers: [
        { namespace: 's3://lake', name: 'sales/orders', type: 'TABLE' },
      ],
    },
  },
};

describe.each(databases.eachSupportedId())(
  'registerDatasets on %s',
  databaseId => {
    it('maps the edges of a known dataset again when a new match key makes a product its owner', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [orders, { ...c360, declaredInputs: [] }], t0);
      // c360's job reads a dataset no product owns yet: an edge from its own node.
      await ingestRunEvents(
        knex,
        events([
          {
            type: 'COMPLETE',
            run: 'x1',
            job: ['spark', 'c360'],
            at: t0,
            inputs: [['hdfs://cluster', 'warehouse/orders']],
            outputs: [['s3://lake', 'customer/c360']],
          },
        ]),
        'ci',
        t0,
      );
      const upstream = async () =>
        (await listEdges(knex, ['dataproduct:default/c360'], 'upstream')).map(
          e => [e.source, e.observed, e.observedLastAt],
        );
      expect(await upstream()).toEqual([
        ['ol-dataset:hdfs://cluster/warehouse/orders', true, t0],
      ]);
      // Its symlink names orders' table: orders owns it, and the edge is orders'.
      expect(
        await knex.transaction(trx => registerDatasets(trx, [symlinked])),
      ).toEqual(['hdfs://cluster/warehouse/orders']);
      expect(await upstream()).toEqual([
        ['dataproduct:default/orders', true, t0],
      ]);
      // The same keys again change nothing.
      const before = await knex(TABLES.edges).orderBy('source').select('*');
      await knex.transaction(trx => registerDatasets(trx, [symlinked]));
      expect(await knex(TABLES.edges).orderBy('source').select('*')).toEqual(
        before,
      );
      await knex.destroy();
    });

    it('leaves the edges alone when no binding names the new match keys', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      await applyCatalog(knex, [{ ...c360, declaredInputs: [] }], t0);
      await ingestRunEvents(
        knex,
        events([
          {
            type: 'COMPLETE',
            run: 'x1',
            job: ['spark', 'c360'],
            at: t0,
            inputs: [['hdfs://cluster', 'warehouse/orders']],
            outputs: [['s3://lake', 'customer/c360']],
          },
        ]),
        'ci',
        t0,
      );
      await knex.transaction(trx => registerDatasets(trx, [symlinked]));
      expect(
        (await listEdges(knex, ['dataproduct:default/c360'], 'upstream')).map(
          e => e.source,
        ),
      ).toEqual(['ol-dataset:hdfs://cluster/warehouse/orders']);
      await knex.destroy();
    });
  },
);
