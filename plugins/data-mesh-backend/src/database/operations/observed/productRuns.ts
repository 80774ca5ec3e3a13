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
import type { ProductMapping } from '../../../observed/productMapping';
import { TABLES, type DbOutputSetRow } from '../../tables';
import { chunks } from '../../util';
import { listProductJobs } from './listProductJobs';

/*
 * Which runs count for a data product (availability, freshness of jobs, the runs list,
 * drift), per run rather than per job:
 *
 * - every run of a job the product's annotations name (`meshwork.dev/openlineage-job`):
 *   the owner says the job is the product's;
 * - a run that wrote one of the product's output datasets (its output set holds one);
 * - a run that wrote nothing at all counts for its job's products: the annotated ones
 *   and those whose outputs the job wrote in other runs.
 *
 * So with Airflow dynamic task mapping, or a Spark application with a fixed name
 * writing several tables, a run counts only for the product whose table it wrote.
 */

/** The runs of a product, as three sets a run is matched by. */
export interface ProductRuns {
  /** Jobs named by the product's annotations: all their runs. */
  annotatedJobIds: string[];
  /** Output sets holding one of the product's datasets: the runs that wrote them. */
  outputSets: string[];
  /** The product's jobs: their runs that wrote nothing. */
  fallbackJobIds: string[];
}

/** The output sets that hold one of the datasets. */
export async function listOutputSets(
  db: Knex,
  datasetIds: string[],
): Promise<string[]> {
  const sets = new Set<string>();
  for (const part of chunks(datasetIds, 500)) {
    const rows: Array<Pick<DbOutputSetRow, 'set_id'>> =
      await db<DbOutputSetRow>(TABLES.outputSets)
        .whereIn('dataset_id', part)
        .distinct('set_id');
    for (const r of rows) sets.add(r.set_id);
  }
  return [...sets].sort();
}

/** Reads which runs count for a product whose datasets are `datasetIds`. */
export async function readProductRuns(
  db: Knex,
  mapping: ProductMapping,
  datasetIds: string[],
): Promise<ProductRuns> {
  const [outputSets, fallbackJobIds] = await Promise.all([
    listOutputSets(db, datasetIds),
    listProductJobs(db, mapping, datasetIds),
  ]);
  return {
    annotatedJobIds: [...mapping.jobIds].sort(),
    outputSets,
    fallbackJobIds,
  };
}

/** Whether no run can match. */
export const noRuns = (runs: ProductRuns) =>
  runs.annotatedJobIds.length === 0 &&
  runs.outputSets.length === 0 &&
  runs.fallbackJobIds.length === 0;

/**
 * Narrows a query of a table with a job column and an output set column to the
 * product's runs.
 */
export function whereProductRuns<T extends Knex.QueryBuilder>(
  query: T,
  runs: ProductRuns,
  columns: { job: string; outputSet: string },
): T {
  return query.where(q => {
    q.whereIn(columns.job, runs.annotatedJobIds)
      .orWhereIn(columns.outputSet, runs.outputSets)
      .orWhere(r =>
        r
          .where(columns.outputSet, '')
          .whereIn(columns.job, runs.fallbackJobIds),
      );
  }) as T;
}
