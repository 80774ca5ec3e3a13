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
import { TABLES, type DbDatasetRow, type DbJobRow } from '../../tables';
import { chunks } from '../../util';

/** A dataset's or job's OpenLineage namespace and name. */
export interface NodeName {
  namespace: string;
  name: string;
}

/** Namespace and name of OpenLineage datasets and jobs, for labels. */
export async function describeNodes(
  db: Knex,
  datasetIds: string[],
  jobIds: string[],
): Promise<{ datasets: Map<string, NodeName>; jobs: Map<string, NodeName> }> {
  const datasets = new Map<string, NodeName>();
  const jobs = new Map<string, NodeName>();
  for (const part of chunks(datasetIds, 500)) {
    for (const r of await db<DbDatasetRow>(TABLES.datasets)
      .whereIn('dataset_id', part)
      .select('dataset_id', 'namespace', 'name')) {
      datasets.set(r.dataset_id, { namespace: r.namespace, name: r.name });
    }
  }
  for (const part of chunks(jobIds, 500)) {
    for (const r of await db<DbJobRow>(TABLES.jobs)
      .whereIn('job_id', part)
      .select('job_id', 'namespace', 'name')) {
      jobs.set(r.job_id, { namespace: r.namespace, name: r.name });
    }
  }
  return { datasets, jobs };
}
