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
import { TABLES } from '../../tables';
import { datasetFacetRows, upsertDatasetFacets } from './upsertDatasetFacets';

const databases = createTestDatabases();

const owner = (name: string) => ({
  _producer: 'https://example.com/catalog-sync',
  _schemaURL:
    'https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json',
  owners: [{ name, type: 'team' }],
});

describe('datasetFacetRows', () => {
  it('gives one row per dataset and facet, the latest, skipping what is not a facet', () => {
    const rows = datasetFacetRows([
      {
        datasetId: 'd',
        facets: { ownership: owner('a') },
        time: 2,
        producer: 'p',
      },
      {
        datasetId: 'd',
        facets: { ownership: owner('b'), junk: 3 },
        time: 1,
        producer: 'p',
      },
      { datasetId: 'e', facets: 'nope', time: 1, producer: 'p' },
      {
        datasetId: 'e',
        facets: { ['x'.repeat(300)]: owner('c') },
        time: 1,
        producer: 'p',
      },
      {
        datasetId: 'e',
        facets: { other: { v: 1 } },
        time: 1,
        producer: 'event-producer',
      },
    ]);
    expect(
      rows.map(r => [r.dataset_id, r.facet, r.event_time, r.producer]),
    ).toEqual([
      ['d', 'ownership', 2, 'https://example.com/catalog-sync'],
      ['e', 'other', 1, 'event-producer'],
    ]);
    expect(JSON.parse(rows[0].payload).owners[0].name).toBe('a');
  });
});

describe.each(databases.eachSupportedId())(
  'upsertDatasetFacets on %s',
  databaseId => {
    it('keeps the latest facet in any arrival order, ties broken the same way, deletions kept', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const read = async () =>
        (
          await knex(TABLES.datasetFacets)
            .orderBy('facet')
            .select('facet', 'payload', 'event_time')
        ).map(r => [r.facet, JSON.parse(r.payload), Number(r.event_time)]);
      const put = (facets: Record<string, unknown>, time: number) =>
        upsertDatasetFacets(knex, [
          { datasetId: 's3://lake/sales/orders', facets, time, producer: 'p' },
        ]);
      expect(await put({ ownership: owner('sales') }, t0)).toBe(1);
      // Older: no change.
      expect(await put({ ownership: owner('legacy') }, t0 - H)).toBe(0);
      // Same time, larger payload: replaces, in whichever order the two arrive.
      await put({ ownership: owner('sales-b') }, t0);
      expect(await read()).toEqual([['ownership', owner('sales-b'), t0]]);
      await put({ ownership: owner('sales') }, t0);
      expect(await read()).toEqual([['ownership', owner('sales-b'), t0]]);
      // A deletion is kept; an older facet arriving later does not bring it back.
      const deleted = { _producer: 'p', _schemaURL: 's', _deleted: true };
      await put({ ownership: deleted }, t0 + H);
      await put({ ownership: owner('late') }, t0 + H / 2);
      expect(await read()).toEqual([['ownership', deleted, t0 + H]]);
      await knex.destroy();
    });
  },
);
