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
import type { DbBigInt, DbBoolean } from './tables';

/*
 * What the operations share to run the same on SQLite and PostgreSQL.
 */

export const isPostgres = (db: Knex) =>
  String(db.client.config.client).includes('pg');

/** SQL for the smaller / larger of two expressions, on SQLite and PostgreSQL. */
export const least = (db: Knex, a: string, b: string) =>
  isPostgres(db) ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`;
export const greatest = (db: Knex, a: string, b: string) =>
  isPostgres(db) ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`;

/** A bigint column as a number (PostgreSQL returns bigint as a string). */
export const num = (v: DbBigInt | null | undefined): number =>
  v === null || v === undefined ? NaN : Number(v);
export const optNum = (v: DbBigInt | null | undefined): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
export const bool = (v: DbBoolean | string): boolean =>
  v === true || v === 1 || v === '1';

/** Splits rows into batches, under the bound-parameter limits of both databases. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** Code-unit order: the same in every process, so concurrent writers lock rows in one order. */
export function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Locks rows for the rest of the transaction on PostgreSQL; SQLite serialises writers. */
export function forUpdate<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  return (isPostgres(db) ? query.forUpdate() : query) as T;
}

/**
 * The values of an upsert's `merge` that are SQL expressions (e.g. `count + excluded.count`);
 * knex types merge values as column values.
 */
export function mergeRaw<Row>(values: {
  [K in keyof Row]?: Knex.Raw;
}): Partial<Row> {
  return values as unknown as Partial<Row>;
}

/**
 * Keyset pagination, newest first: only rows before the previous page's last row, by
 * (time column, tie-break column) descending.
 */
export function beforeKey<T extends Knex.QueryBuilder>(
  query: T,
  columns: [time: string, id: string],
  key: readonly [number, string | number] | undefined,
): T {
  if (!key) return query;
  const [timeColumn, idColumn] = columns;
  const [at, id] = key;
  return query.andWhere(q =>
    q
      .where(timeColumn, '<', at)
      .orWhere(q2 => q2.where(timeColumn, '=', at).andWhere(idColumn, '<', id)),
  ) as T;
}

/** Measured values of one subject and hour: count, sum, range and the latest value. */
export interface HourAggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  lastValue: number;
  lastAt: number;
}

/** Adds the values of `other` to `into` (the same hour, more values). */
export function mergeHour(into: HourAggregate, other: HourAggregate): void {
  into.count += other.count;
  into.sum += other.sum;
  into.min = Math.min(into.min, other.min);
  into.max = Math.max(into.max, other.max);
  if (other.lastAt >= into.lastAt) {
    into.lastAt = other.lastAt;
    into.lastValue = other.lastValue;
  }
}
