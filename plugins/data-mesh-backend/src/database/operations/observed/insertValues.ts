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
import { isPostgres } from '../../util';

/*
 * Multi-row inserts as one `INSERT ... VALUES (...), (...)` statement per chunk, for the
 * ingest path. knex writes a multi-row insert on SQLite as `SELECT ? AS a UNION ALL
 * SELECT ...`, which SQLite prepares about three times slower than VALUES, is capped at
 * 500 rows (SQLITE_MAX_COMPOUND_SELECT) and costs knex's compiler as much again. The SQL
 * below (VALUES, ON CONFLICT ... DO NOTHING / DO UPDATE SET ... excluded, RETURNING) is
 * the same on SQLite (3.35+) and PostgreSQL.
 *
 * Rows are cut so that a statement binds at most MAX_BINDINGS values: SQLite's limit is
 * 32,766 (SQLITE_MAX_VARIABLE_NUMBER), PostgreSQL's 65,535.
 */

const MAX_BINDINGS = 30_000;
const MAX_ROWS = 2_000;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export interface InsertValuesOptions {
  /** The conflict target (a unique key's columns); without it, a conflict is an error. */
  conflict?: string[];
  /**
   * On conflict: 'ignore' (DO NOTHING), or the columns to set: a list of columns taking
   * the inserted value, or column -> SQL expression (may use `excluded.<column>` and the
   * table's name for the stored value).
   */
  onConflict?: 'ignore' | string[] | Record<string, string>;
  /** With an update on conflict: when to update (`DO UPDATE SET ... WHERE <this>`). */
  updateWhere?: string;
  /** Columns to return, of the rows actually inserted or updated. */
  returning?: string[];
}

/**
 * Inserts rows (all with the same columns, those of the first row) in as few statements
 * as the binding limits allow; returns the `returning` columns of the rows written.
 */
export async function insertValues<Row extends object>(
  db: Knex,
  table: string,
  rows: readonly Row[],
  options: InsertValuesOptions = {},
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]).filter(
    c => (rows[0] as Record<string, unknown>)[c] !== undefined,
  );
  const tuple = `(${columns.map(() => '?').join(',')})`;
  let tail = '';
  if (options.conflict) {
    const target = `(${options.conflict.map(quote).join(',')})`;
    const action = options.onConflict ?? 'ignore';
    if (action === 'ignore') {
      tail = ` ON CONFLICT ${target} DO NOTHING`;
    } else {
      const sets = Array.isArray(action)
        ? action.map(c => `${quote(c)} = excluded.${quote(c)}`)
        : Object.entries(action).map(([c, expr]) => `${quote(c)} = ${expr}`);
      tail = ` ON CONFLICT ${target} DO UPDATE SET ${sets.join(', ')}`;
      if (options.updateWhere) tail += ` WHERE ${options.updateWhere}`;
    }
  }
  if (options.returning?.length) {
    tail += ` RETURNING ${options.returning.map(quote).join(', ')}`;
  }
  const head = `INSERT INTO ${quote(table)} (${columns
    .map(quote)
    .join(', ')}) VALUES `;
  const perStatement = Math.max(
    1,
    Math.min(MAX_ROWS, Math.floor(MAX_BINDINGS / Math.max(1, columns.length))),
  );
  const pg = isPostgres(db);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const bindings: unknown[] = new Array(part.length * columns.length);
    let k = 0;
    for (const row of part) {
      const r = row as Record<string, unknown>;
      for (const c of columns) {
        const v = r[c];
        bindings[k++] = v === undefined ? null : v;
      }
    }
    const sql = `${head}${new Array(part.length).fill(tuple).join(',')}${tail}`;
    const res = await db.raw(sql, bindings as Knex.ValueDict[]);
    if (options.returning?.length) {
      const got = pg ? (res as { rows: unknown[] }).rows : res;
      for (const r of got as Array<Record<string, unknown>>) out.push(r);
    }
  }
  return out;
}
