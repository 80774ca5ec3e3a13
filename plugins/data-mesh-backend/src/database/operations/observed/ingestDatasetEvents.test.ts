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
import { H, t0 } from '../../__testUtils__/observedFixtures';
import {
  datasetEvent,
  facet,
  parsedDatasetEvents,
} from '../../__testUtils__/eventKinds';
import { TABLES } from '../../tables';
import { ingestDatasetEvents } from './ingestDatasetEvents';

const databases = createTestDatabases();

const schema = (fields: string[]) =>
  facet('1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', {
    fields: fields.map(name => ({ name, type: 'STRING' })),
  });

describe.each(databases.eachSupportedId())(
  'ingestDatasetEvents on %s',
  databaseId => {
    it('stores the event once, registers the dataset with its match keys and keeps its facets', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const batch = parsedDatasetEvents([
        datasetEvent({
          dataset: [
            's3://lake',
            'warehouse/orders',
            {
              schema: schema(['id', 'total']),
              symlinks: facet(
                '1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet',
                {
                  identifiers: [
                    {
                      namespace: 'hive://metastore',
                      name: 'sales.orders',
                      type: 'TABLE',
                    },
                  ],
                },
              ),
            },
          ],
          at: t0,
        }),
      ]);
      expect(await ingestDatasetEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 1,
        duplicates: 0,
      });
      expect(await ingestDatasetEvents(knex, batch, 'pipeline', t0)).toEqual({
        stored: 0,
        duplicates: 1,
      });
      const events = await knex(TABLES.events).select(
        'event_kind',
        'run_id',
        'event_type',
        'job_id',
        'sent_by',
      );
      expect(events).toEqual([
        {
          event_kind: 'DatasetEvent',
          run_id: '',
          event_type: '',
          job_id: '',
          sent_by: 'pipeline',
        },
      ]);
      expect(await knex(TABLES.datasets).select('dataset_id')).toEqual([
        { dataset_id: 's3://lake/warehouse/orders' },
      ]);
      const keys = (await knex(TABLES.datasetKeys).pluck('match_key')).sort();
      expect(keys).toEqual(
        expect.arrayContaining([
          's3://lake/warehouse/orders',
          'name:sales.orders',
        ]),
      );
      const facets = await knex(TABLES.datasetFacets)
        .orderBy('facet')
        .select('dataset_id', 'facet', 'payload', 'event_time', 'producer');
      expect(
        facets.map(f => [f.facet, JSON.parse(f.payload), Number(f.event_time)]),
      ).toEqual([
        ['schema', schema(['id', 'total']), t0],
        [
          'symlinks',
          expect.objectContaining({ identifiers: expect.any(Array) }),
          t0,
        ],
      ]);
      expect(facets[0].dataset_id).toBe('s3://lake/warehouse/orders');
      expect(facets[0].producer).toMatch(/^https:\/\/github.com\/OpenLineage/);
      await knex.destroy();
    });

    it('keeps the latest facet per name whatever order the events arrive in', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const at = (when: number, fields: string[]) =>
        datasetEvent({
          dataset: ['s3://lake', 'sales/orders', { schema: schema(fields) }],
          at: when,
        });
      const later = parsedDatasetEvents([at(t0, ['id', 'total', 'currency'])]);
      const earlier = parsedDatasetEvents([
        at(t0 - H, ['id']),
        // Not a facet: skipped, never an error.
        {
          ...at(t0 - 2 * H, ['x']),
          dataset: {
            namespace: 's3://lake',
            name: 'sales/orders',
            facets: { broken: 'yes' },
          },
        },
      ]);
      await ingestDatasetEvents(knex, later, 'pipeline', t0);
      expect(await ingestDatasetEvents(knex, earlier, 'pipeline', t0)).toEqual({
        stored: 2,
        duplicates: 0,
      });
      const rows = await knex(TABLES.datasetFacets).select('facet', 'payload');
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0].payload).fields).toHaveLength(3);
      await knex.destroy();
    });
  },
);
