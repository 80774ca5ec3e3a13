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

import type { OpenLineageDataset } from './openlineage';

// Quality facets ---------------------------------------------------------------------

/** A value read from a quality facet of a dataset. */
export interface FacetMeasurement {
  indicator: 'completeness' | 'accuracy';
  value: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function facetsNamed(dataset: OpenLineageDataset, name: string): unknown[] {
  const found: unknown[] = [];
  for (const group of [
    dataset.facets,
    dataset.inputFacets,
    dataset.outputFacets,
  ]) {
    if (isRecord(group) && isRecord(group[name])) found.push(group[name]);
  }
  return found;
}

/**
 * Reads the quality facets of a dataset, wherever the producer put them (`facets`,
 * `inputFacets` or `outputFacets`):
 *
 * - completeness from `dataQualityMetrics`: 1 - (sum of `nullCount` over the columns
 *   that report it) / (`rowCount` x those columns);
 * - accuracy from `dataQualityAssertions`: the share of assertions with `success: true`.
 *
 * Malformed facets are skipped, never an error.
 */
export function readQualityFacets(
  dataset: OpenLineageDataset,
): FacetMeasurement[] {
  const out: FacetMeasurement[] = [];
  for (const facet of facetsNamed(dataset, 'dataQualityMetrics')) {
    const f = facet as Record<string, unknown>;
    const rows = f.rowCount;
    if (typeof rows !== 'number' || !(rows > 0) || !isRecord(f.columnMetrics)) {
      continue;
    }
    let nulls = 0;
    let columns = 0;
    for (const metrics of Object.values(f.columnMetrics)) {
      if (isRecord(metrics) && typeof metrics.nullCount === 'number') {
        nulls += Math.max(0, Math.min(rows, metrics.nullCount));
        columns++;
      }
    }
    if (columns > 0) {
      out.push({
        indicator: 'completeness',
        value: 1 - nulls / (rows * columns),
      });
    }
    break;
  }
  for (const facet of facetsNamed(dataset, 'dataQualityAssertions')) {
    const assertions = (facet as Record<string, unknown>).assertions;
    if (!Array.isArray(assertions)) continue;
    const judged = assertions.filter(
      a => isRecord(a) && typeof a.success === 'boolean',
    ) as Array<{ success: boolean }>;
    if (judged.length > 0) {
      out.push({
        indicator: 'accuracy',
        value: judged.filter(a => a.success).length / judged.length,
      });
    }
    break;
  }
  return out;
}
