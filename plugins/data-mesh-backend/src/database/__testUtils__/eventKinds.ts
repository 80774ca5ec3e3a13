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

/*
 * DatasetEvents and JobEvents as a stock OpenLineage client sends them (spec 2-0-2), for
 * the tests of the event kinds; RunEvents are built by backendTestUtils' runEvent.
 */

import {
  parseLineageEvents,
  type ParsedDatasetEvent,
  type ParsedJobEvent,
} from '../../observed/openlineage';

const PRODUCER =
  'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python';
const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

type Ds = [namespace: string, name: string, facets?: Record<string, unknown>];
const ds = ([namespace, name, facets]: Ds) => ({
  namespace,
  name,
  ...(facets ? { facets } : {}),
});

/** A facet with the base fields a client fills in. */
export const facet = (schema: string, fields: Record<string, unknown>) => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}`,
  ...fields,
});

/** An OpenLineage DatasetEvent. */
export function datasetEvent(options: { dataset: Ds; at: number }) {
  return {
    eventTime: new Date(options.at).toISOString(),
    producer: PRODUCER,
    schemaURL: `${SPEC}#/$defs/DatasetEvent`,
    dataset: ds(options.dataset),
  };
}

/** An OpenLineage JobEvent. */
export function jobEvent(options: {
  job: [namespace: string, name: string];
  at: number;
  inputs?: Ds[];
  outputs?: Ds[];
  jobFacets?: Record<string, unknown>;
}) {
  return {
    eventTime: new Date(options.at).toISOString(),
    producer: PRODUCER,
    schemaURL: `${SPEC}#/$defs/JobEvent`,
    job: {
      namespace: options.job[0],
      name: options.job[1],
      facets: options.jobFacets ?? {},
    },
    inputs: (options.inputs ?? []).map(ds),
    outputs: (options.outputs ?? []).map(ds),
  };
}

export const parsedDatasetEvents = (list: unknown[]) =>
  parseLineageEvents(list, { maxBatch: 100 }).events as ParsedDatasetEvent[];

export const parsedJobEvents = (list: unknown[]) =>
  parseLineageEvents(list, { maxBatch: 100 }).events as ParsedJobEvent[];
