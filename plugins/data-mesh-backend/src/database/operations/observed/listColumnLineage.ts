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
import type { ColumnTransformation } from '../../../observed/columnLineage';
import { TABLES, type DbColumnLineageRow } from '../../tables';
import { chunks, compare, num } from '../../util';

/** The column lineage of one output dataset. */
export interface DatasetColumnLineage {
  columns: Array<{
    name: string;
    inputs: Array<{
      namespace: string;
      name: string;
      field: string;
      transformations: ColumnTransformation[];
    }>;
  }>;
  /** The latest event time of its column lineage. */
  observedAt?: number;
}

const MAX_ROWS = 20_000;

function parseTransformations(text: string): ColumnTransformation[] {
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * The column lineage stored for each of the datasets (the latest per output field),
 * columns and inputs sorted by name; at most 20,000 input columns per call.
 */
export async function listColumnLineage(
  db: Knex,
  datasetIds: string[],
): Promise<Map<string, DatasetColumnLineage>> {
  const out = new Map<string, DatasetColumnLineage>();
  let read = 0;
  for (const part of chunks([...new Set(datasetIds)].sort(compare), 200)) {
    if (read >= MAX_ROWS) break;
    const rows: DbColumnLineageRow[] = await db<DbColumnLineageRow>(
      TABLES.columnLineage,
    )
      .whereIn('dataset_id', part)
      .orderBy(['dataset_id', 'field', 'input_dataset_id', 'input_field'])
      .limit(MAX_ROWS - read)
      .select('*');
    read += rows.length;
    for (const r of rows) {
      const entry = out.get(r.dataset_id) ?? { columns: [] };
      let column = entry.columns[entry.columns.length - 1];
      if (!column || column.name !== r.field) {
        column = { name: r.field, inputs: [] };
        entry.columns.push(column);
      }
      column.inputs.push({
        namespace: r.input_namespace,
        name: r.input_name,
        field: r.input_field,
        transformations: parseTransformations(r.transformations),
      });
      entry.observedAt = Math.max(entry.observedAt ?? 0, num(r.observed_at));
      out.set(r.dataset_id, entry);
    }
  }
  return out;
}
