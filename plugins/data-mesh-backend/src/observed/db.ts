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

/** Table names of the observed-reality storage (migrations/20250701000000_observed.js). */
export const T = {
  events: 'data_mesh_ol_events',
  runs: 'data_mesh_ol_runs',
  runDatasets: 'data_mesh_ol_run_datasets',
  jobs: 'data_mesh_ol_jobs',
  datasets: 'data_mesh_ol_datasets',
  datasetKeys: 'data_mesh_ol_dataset_keys',
  io: 'data_mesh_ol_io',
  jobHourly: 'data_mesh_ol_job_hourly',
  refreshes: 'data_mesh_ol_refreshes',
  observations: 'data_mesh_obs_observations',
  obsHourly: 'data_mesh_obs_hourly',
  bindings: 'data_mesh_lineage_bindings',
  edges: 'data_mesh_lineage_edges',
  state: 'data_mesh_observed_state',
  taskRuns: 'data_mesh_observed_task_runs',
} as const;

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const isPostgres = (db: Knex) =>
  String(db.client.config.client).includes('pg');

/** SQL for the smaller / larger of two expressions, on SQLite and PostgreSQL. */
export const least = (db: Knex, a: string, b: string) =>
  isPostgres(db) ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`;
export const greatest = (db: Knex, a: string, b: string) =>
  isPostgres(db) ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`;

/** PostgreSQL returns bigint as a string. */
export const num = (v: unknown): number =>
  v === null || v === undefined ? NaN : Number(v);
export const optNum = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Code-unit order: the same in every process, so concurrent writers lock rows in one order. */
export function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Locks rows for the rest of the transaction on PostgreSQL; SQLite serialises writers. */
export function forUpdate<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  return (isPostgres(db) ? query.forUpdate() : query) as T;
}
