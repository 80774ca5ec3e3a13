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
import { createTestDatabases } from './__testUtils__/testDatabases';
import { initializePersistenceContext } from './persistenceContext';
import { TABLES } from './tables';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'initializePersistenceContext on %s',
  databaseId => {
    it('runs every migration once and creates every table', async () => {
      const knex = await databases.init(databaseId);
      let clients = 0;
      const database = {
        getClient: async () => {
          clients++;
          return knex;
        },
      };
      const [a, b] = await Promise.all([
        initializePersistenceContext(database),
        initializePersistenceContext(database),
      ]);
      // Memoised per database service: one client, one migration run, one set of stores.
      expect(a).toBe(b);
      expect(clients).toBe(1);
      const applied = await knex('knex_migrations').select('name');
      // Every file of migrations/, each once.
      const files = readdirSync(join(__dirname, '../../migrations'))
        .filter(f => f.endsWith('.js'))
        .sort();
      expect(files.slice(0, 3)).toEqual([
        '20250601000000_compliance.js',
        '20250701000000_observed.js',
        '20261202000000_event_kinds.js',
      ]);
      expect(applied.map(m => m.name).sort()).toEqual(files);
      for (const table of Object.values(TABLES)) {
        expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
          table,
          exists: true,
        });
      }
      // Another service on the same database finds the migrations done.
      await initializePersistenceContext({ getClient: async () => knex });
      expect(
        Number((await knex('knex_migrations').count({ n: '*' }).first())!.n),
      ).toBe(files.length);
      await knex.destroy();
    });

    it('skips migrations when told to', async () => {
      const knex = await databases.init(databaseId);
      const { compliance } = await initializePersistenceContext({
        getClient: async () => knex,
        migrations: { skip: true },
      });
      await expect(compliance.getLastSweep()).rejects.toThrow();
      await knex.destroy();
    });

    it('tries again after a failure', async () => {
      const knex = await databases.init(databaseId);
      let fail = true;
      const database = {
        getClient: async () => {
          if (fail) throw new Error('database is starting');
          return knex;
        },
      };
      await expect(initializePersistenceContext(database)).rejects.toThrow(
        'database is starting',
      );
      fail = false;
      const { compliance } = await initializePersistenceContext(database);
      expect(await compliance.getLastSweep()).toBeUndefined();
      await knex.destroy();
    });
  },
);
