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

import { meshRow } from '../../__testUtils__/meshRows';
import {
  createTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { saveDomains } from '../compliance/saveSweep';
import { listStoredEtags } from './listStoredEtags';
import { upsertMeshProducts } from './upsertMeshProducts';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'listStoredEtags on %s',
  databaseId => {
    it('is empty on a new database', async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      expect(await listStoredEtags(knex)).toEqual({
        products: new Map(),
        domains: new Map(),
      });
      await knex.destroy();
    });

    it("lists every product's etag and domain and every domain's etag", async () => {
      const { knex } = await migratedDatabase(databases, databaseId);
      const products = Array.from({ length: 510 }, (_, i) =>
        meshRow(`p-${i}`, {
          etag: `etag-${i}`,
          domain: i % 2 ? 'sales' : null,
        }),
      );
      await upsertMeshProducts(knex, products);
      await saveDomains(knex, [
        {
          domainRef: 'domain:default/sales',
          title: 'Sales',
          etag: 'sig-sales',
        },
        // Read before domains had etags.
        { domainRef: 'domain:default/old' },
      ]);
      const stored = await listStoredEtags(knex);
      expect(stored.products.size).toBe(510);
      expect(stored.products.get('dataproduct:default/p-0')).toEqual({
        etag: 'etag-0',
        domainRef: null,
      });
      expect(stored.products.get('dataproduct:default/p-509')).toEqual({
        etag: 'etag-509',
        domainRef: 'domain:default/sales',
      });
      expect(stored.domains).toEqual(
        new Map([
          ['domain:default/old', null],
          ['domain:default/sales', 'sig-sales'],
        ]),
      );

      // A changed etag is what the next read lists.
      await upsertMeshProducts(knex, [
        meshRow('p-0', { etag: 'etag-0b', domain: 'sales' }),
      ]);
      expect(
        (await listStoredEtags(knex)).products.get('dataproduct:default/p-0'),
      ).toEqual({ etag: 'etag-0b', domainRef: 'domain:default/sales' });
      await knex.destroy();
    });
  },
);
