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

/*
 * Quality facets: how what pipelines report becomes completeness and accuracy
 * observations of a dataset (`ol-dataset:<id>`), one value per facet kind and event,
 * at the event's time. A facet is read wherever the producer put it (`facets`,
 * `inputFacets` or `outputFacets` of an input or output dataset); malformed facets and
 * entries are skipped, never an error.
 *
 * - `dataQualityMetrics` (input facet, spec 1-0-x): completeness =
 *   1 - (sum of `columnMetrics.<col>.nullCount` over the columns that report it) /
 *   (`rowCount` x those columns). A facet with no `rowCount` above 0 or no column with a
 *   `nullCount` gives nothing; a `nullCount` above `rowCount` counts as `rowCount`.
 * - `dataQualityAssertions` (input facet, 1-0-x and 1-1-0): accuracy = the share of
 *   judged assertions with `success: true`. An assertion is judged when `success` is a
 *   boolean and its `severity` (added in 1-1-0) is absent or `error` (any case): an
 *   assertion of severity `warn` or `info` is a warning, and counts neither for nor
 *   against accuracy.
 * - `greatExpectations_assertions` (Great Expectations' input facet, assertions with
 *   `expectationType`, `success` and `column`): accuracy = the share of assertions with
 *   `success: true`. A dataset that carries both assertion facets gives one accuracy
 *   value over the assertions of both.
 * - dbt test runs (dbt-ol): a COMPLETE or FAIL event of a job whose `jobType` job facet
 *   says `integration: DBT` and `jobType: TEST` gives accuracy 1 (COMPLETE) or 0 (FAIL)
 *   on each input dataset (the model tested) that carries no assertion facet of its own
 *   in that event (those are read as above instead).
 */

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

const ASSERTION_FACETS = [
  'dataQualityAssertions',
  'greatExpectations_assertions',
] as const;

/** Whether an assertion counts for accuracy: a boolean outcome, severity error or none. */
function judged(a: unknown): a is { success: boolean } {
  if (!isRecord(a) || typeof a.success !== 'boolean') return false;
  const severity = a.severity;
  return (
    severity === undefined ||
    severity === null ||
    (typeof severity === 'string' && severity.trim().toLowerCase() === 'error')
  );
}

/** Whether a dataset of an event carries an assertion facet. */
export function hasAssertionFacet(dataset: OpenLineageDataset): boolean {
  return ASSERTION_FACETS.some(f => facetsNamed(dataset, f).length > 0);
}

/** Reads the quality facets of a dataset; see the module comment for the mapping. */
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
  let passed = 0;
  let total = 0;
  for (const name of ASSERTION_FACETS) {
    for (const facet of facetsNamed(dataset, name)) {
      const assertions = (facet as Record<string, unknown>).assertions;
      if (!Array.isArray(assertions)) continue;
      const list = assertions.filter(judged);
      passed += list.filter(a => a.success).length;
      total += list.length;
      // The first group holding the facet is the producer's; copies elsewhere are ignored.
      break;
    }
  }
  if (total > 0) out.push({ indicator: 'accuracy', value: passed / total });
  return out;
}

/** Whether a job facet set names a dbt test job (dbt-ol's `jobType` facet). */
export function isDbtTestJob(jobFacets: unknown): boolean {
  if (!isRecord(jobFacets) || !isRecord(jobFacets.jobType)) return false;
  const { integration, jobType } = jobFacets.jobType;
  return (
    typeof integration === 'string' &&
    integration.toUpperCase() === 'DBT' &&
    typeof jobType === 'string' &&
    jobType.toUpperCase() === 'TEST'
  );
}

/**
 * The accuracy a dbt test run's terminal event gives each tested dataset: 1 for COMPLETE,
 * 0 for FAIL, nothing for other events, other jobs, or datasets with assertion facets.
 */
export function readDbtTestOutcome(
  eventType: string,
  jobFacets: unknown,
  dataset: OpenLineageDataset,
): FacetMeasurement | undefined {
  if (eventType !== 'COMPLETE' && eventType !== 'FAIL') return undefined;
  if (!isDbtTestJob(jobFacets) || hasAssertionFacet(dataset)) return undefined;
  return { indicator: 'accuracy', value: eventType === 'COMPLETE' ? 1 : 0 };
}

/**
 * The processing type a `jobType` job facet states (`processingType: BATCH | STREAMING`),
 * or undefined when the facet does not say.
 */
export function readProcessingType(
  jobFacets: unknown,
): 'BATCH' | 'STREAMING' | undefined {
  if (!isRecord(jobFacets) || !isRecord(jobFacets.jobType)) return undefined;
  const t = jobFacets.jobType.processingType;
  if (typeof t !== 'string') return undefined;
  const upper = t.trim().toUpperCase();
  return upper === 'BATCH' || upper === 'STREAMING' ? upper : undefined;
}
