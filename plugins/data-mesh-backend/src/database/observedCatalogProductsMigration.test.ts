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

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { TABLES } from './tables';

/*
 * migrations/20261213000000_observed_catalog_products.js on a database that an earlier
 * catalog sync wrote: the bindings stay, the mesh-wide hashes go (they would be stale
 * once the sync is incremental), and the per-product table takes one row per product.
 */

const directory = join(__dirname, '../../migrations');
const MIGRATION = '20261213000000_observed_catalog_products.js';
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'the observed catalog products migration on %s',
  databaseId => {
    it('keeps the bindings, drops the mesh-wide hashes, and goes back', async () => {
      const knex = await databases.init(databaseId);
      const before = readdirSync(directory)
        .filter(f => f.endsWith('.js') && f < MIGRATION)
        .sort();
      for (const name of before) await knex.migrate.up({ directory, name });
      await knex(TABLES.bindings).insert({
        match_key: 's3://lake/sales/orders',
        product_ref: 'dataproduct:default/orders',
        kind: 'dataset',
      });
      await knex(TABLES.state).insert([
        { key: 'catalog.bindings', value: 'a'.repeat(64), updated_at: 1 },
        { key: 'catalog.declared', value: 'b'.repeat(64), updated_at: 1 },
        { key: 'other', value: 'kept', updated_at: 1 },
      ]);

      await knex.migrate.up({ directory, name: MIGRATION });
      expect(await knex(TABLES.bindings).pluck('product_ref')).toEqual([
        'dataproduct:default/orders',
      ]);
      expect(await knex(TABLES.state).pluck('key')).toEqual(['other']);
      await knex(TABLES.catalogProducts).insert({
        product_ref: 'dataproduct:default/orders',
        signature: 'etag-1',
        updated_at: 2,
      });
      // One row per product.
      await expect(
        knex(TABLES.catalogProducts).insert({
          product_ref: 'dataproduct:default/orders',
          signature: 'etag-2',
          updated_at: 3,
        }),
      ).rejects.toThrow();
      await knex(TABLES.catalogProducts).insert({
        product_ref: 'dataproduct:default/no-etag',
        signature: null,
        updated_at: 3,
      });
      expect(
        await knex(TABLES.catalogProducts)
          .orderBy('product_ref')
          .select('product_ref', 'signature'),
      ).toEqual([
        { product_ref: 'dataproduct:default/no-etag', signature: null },
        { product_ref: 'dataproduct:default/orders', signature: 'etag-1' },
      ]);

      // And back: the table is gone, the bindings stay.
      await knex.migrate.down({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable(TABLES.catalogProducts)).toBe(false);
      expect(await knex(TABLES.bindings).pluck('product_ref')).toEqual([
        'dataproduct:default/orders',
      ]);
      await knex.destroy();
    });
  },
);
