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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import { initializePersistenceContext } from './persistenceContext';
import { SQLITE_PAGE_SIZE, SQLITE_PRAGMAS } from './sqlite';

/** The plugin's database as the portal's app-config makes it: one SQLite file per plugin. */
function portalDatabase(directory: string) {
  return DatabaseManager.fromConfig(
    new ConfigReader({
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory },
          // Idle connections reaped quickly, so the test sees the pool make a new one.
          knexConfig: {
            pool: {
              min: 0,
              max: 1,
              idleTimeoutMillis: 50,
              reapIntervalMillis: 20,
            },
          },
        },
      },
    }),
  ).forPlugin('data-mesh', {
    logger: mockServices.logger.mock(),
    lifecycle: mockServices.lifecycle.mock(),
  });
}

const pragma = async (knex: any, name: string) =>
  Object.values((await knex.raw(`PRAGMA ${name}`))[0])[0];

describe('the SQLite database of the plugin', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'meshwork-sqlite-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('writes ahead (WAL) with a page cache that holds an ingest, on every connection', async () => {
    const database = portalDatabase(directory);
    await initializePersistenceContext(database);
    const knex = await database.getClient();
    expect(await pragma(knex, 'journal_mode')).toBe('wal');
    expect(await pragma(knex, 'page_size')).toBe(SQLITE_PAGE_SIZE);
    // Durability is not traded: a 2xx ingest is on disk.
    expect(await pragma(knex, 'synchronous')).toBe(2 /* FULL */);
    expect(await pragma(knex, 'cache_size')).toBe(SQLITE_PRAGMAS.cache_size);
    expect(await pragma(knex, 'wal_autocheckpoint')).toBe(
      SQLITE_PRAGMAS.wal_autocheckpoint,
    );

    // A connection the pool makes later (here: after the idle one was reaped) too.
    const connections = new Set<unknown>();
    const pool = (knex.client as any).pool;
    pool.on('createSuccess', (_id: unknown, c: unknown) => connections.add(c));
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(await pragma(knex, 'cache_size')).toBe(SQLITE_PRAGMAS.cache_size);
    expect(connections.size).toBeGreaterThan(0);
    await knex.destroy();

    // Restart: the file keeps WAL, each new connection gets the cache and checkpoint.
    const again = portalDatabase(directory);
    await initializePersistenceContext(again);
    const knex2 = await again.getClient();
    expect(await pragma(knex2, 'journal_mode')).toBe('wal');
    expect(await pragma(knex2, 'cache_size')).toBe(SQLITE_PRAGMAS.cache_size);
    expect(fs.readdirSync(directory)).toContain('data-mesh.sqlite-wal');
    await knex2.destroy();
  });
});
