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

import type { Knex } from 'knex';
import { isPostgres } from './util';

/*
 * SQLite, the embedded default, set up for ingest. An ingest transaction of 500 events
 * at L dirties some 5,000 pages (about 20 MiB) across the observed tables; with SQLite's
 * defaults (rollback journal, 2 MiB page cache) each page is written twice at commit,
 * read back after spilling, and every commit waits for two or three fsyncs. So:
 *
 * - journal_mode = WAL (kept in the database file): a commit appends the pages once and
 *   fsyncs once; readers (SLO and lineage reads) no longer wait for an ingest.
 * - synchronous = FULL: a commit that answered 2xx survives a power loss.
 * - wal_autocheckpoint = 10,000 pages: the WAL is copied back every ~40 MiB instead of
 *   every 4 MiB (after nearly every ingest); journal_size_limit trims it afterwards.
 * - cache_size = 32 MiB: a whole ingest transaction's pages stay in memory (allocated as
 *   used, per connection).
 *
 * In-memory databases (tests, `connection: ':memory:'`) have no WAL; the other settings
 * apply to them too. Per-connection settings are applied to new connections as the pool
 * creates them, the way Backstage's own SQLite connector sets foreign_keys.
 */

export const SQLITE_PRAGMAS = {
  // better-sqlite3 lowers it to NORMAL in WAL mode (a power loss may take the last commits).
  synchronous: 'FULL',
  wal_autocheckpoint: 10_000,
  journal_size_limit: 64 * 1024 * 1024,
  cache_size: -32 * 1024,
} as const;

const isSqlite = (db: Knex) =>
  !isPostgres(db) && String(db.client.config.client).includes('sqlite');

interface SqliteConnection {
  /** better-sqlite3 */
  pragma?: (source: string) => unknown;
}

interface PoolLike {
  on(
    event: 'createSuccess',
    listener: (id: unknown, connection: SqliteConnection) => void,
  ): void;
}

const configured = new WeakSet<Knex>();

/** Applies the settings above to a SQLite database; does nothing on PostgreSQL. */
export async function configureSqlite(db: Knex): Promise<void> {
  if (!isSqlite(db) || configured.has(db)) return;
  configured.add(db);
  const perConnection = Object.entries(SQLITE_PRAGMAS).map(
    ([name, value]) => `${name} = ${value}`,
  );
  const pool = (db.client as { pool?: PoolLike }).pool;
  pool?.on('createSuccess', (_id, connection) => {
    for (const p of perConnection) connection.pragma?.(p);
  });
  // The connection that exists already (the pool keeps one).
  for (const p of perConnection) await db.raw(`PRAGMA ${p}`);
  await db.raw('PRAGMA journal_mode = WAL');
}
