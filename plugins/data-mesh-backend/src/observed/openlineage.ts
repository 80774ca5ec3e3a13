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

import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type { OpenLineageEventType } from '@meshwork/plugin-data-mesh-common';
import { z } from 'zod';
import { parseDateTime } from '../lib/time';

/*
 * OpenLineage RunEvents (https://openlineage.io/spec/2-0-2/OpenLineage.json): what is
 * checked and what is kept. Required, as the spec's BaseEvent and RunEvent require them:
 * eventTime, producer, schemaURL, run.runId (a UUID), job.namespace, job.name; eventType,
 * when present, is one of the spec's transitions. Datasets need namespace and name.
 * Facets (run, job, dataset, inputFacets, outputFacets) are not checked at all: they are
 * stored as sent, and the quality facets Meshwork reads are read defensively.
 */

const MAX_ID = 1024;
const MAX_DATASETS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const requiredString = (what: string, max = MAX_ID) =>
  z
    .string({
      required_error: 'is required',
      invalid_type_error: `must be a string (${what})`,
    })
    .trim()
    .min(1, { message: `must not be empty (${what})` })
    .max(max, { message: `must be at most ${max} characters` });

const dateTime = z
  .string({
    required_error: 'is required',
    invalid_type_error:
      'must be a date-time string such as 2025-06-01T12:00:00Z',
  })
  .refine(v => parseDateTime(v) !== undefined, {
    message: 'must be a date-time such as 2025-06-01T12:00:00.000Z',
  });

const object = (what: string) =>
  z.object(
    {},
    {
      required_error: 'is required',
      invalid_type_error: `must be an object (${what})`,
    },
  );

const datasetSchema = object('a dataset')
  .extend({
    namespace: requiredString('the dataset namespace'),
    name: requiredString('the dataset name'),
  })
  .passthrough();

const datasets = z
  .array(datasetSchema, { invalid_type_error: 'must be an array of datasets' })
  .max(MAX_DATASETS, {
    message: `must list at most ${MAX_DATASETS} datasets`,
  })
  .optional();

/** The event types of the spec, in the order that breaks ties between equal times. */
export const EVENT_TYPES: readonly OpenLineageEventType[] = [
  'OTHER',
  'START',
  'RUNNING',
  'ABORT',
  'FAIL',
  'COMPLETE',
];

const runEventSchema = object('an OpenLineage RunEvent')
  .extend({
    eventType: z
      .enum(['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER'], {
        errorMap: () => ({
          message:
            'must be one of START, RUNNING, COMPLETE, FAIL, ABORT, OTHER',
        }),
      })
      .optional(),
    eventTime: dateTime,
    producer: requiredString('a URI naming the producer', 2048),
    schemaURL: requiredString('the URL of the OpenLineage schema', 2048),
    run: object('the run')
      .extend({
        runId: z
          .string({
            required_error: 'is required',
            invalid_type_error: 'must be a UUID string',
          })
          .regex(UUID, { message: 'must be a UUID' }),
      })
      .passthrough(),
    job: object('the job')
      .extend({
        namespace: requiredString('the job namespace'),
        name: requiredString('the job name'),
      })
      .passthrough(),
    inputs: datasets,
    outputs: datasets,
  })
  .passthrough();

/** A dataset of an event, as validated. */
export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: unknown;
  inputFacets?: unknown;
  outputFacets?: unknown;
  [key: string]: unknown;
}

/** An OpenLineage RunEvent, as validated: the fields Meshwork reads, and all others kept. */
export interface OpenLineageRunEvent {
  eventType?: OpenLineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: unknown; [key: string]: unknown };
  job: {
    namespace: string;
    name: string;
    facets?: unknown;
    [key: string]: unknown;
  };
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
  [key: string]: unknown;
}

/** An event with what the store needs derived once. */
export interface ParsedRunEvent {
  /** The event as sent (unknown fields and facets included). */
  raw: unknown;
  event: OpenLineageRunEvent;
  eventType: OpenLineageEventType;
  /** Epoch milliseconds. */
  time: number;
  runId: string;
  /** Idempotency key: the same event twice has the same key. */
  key: string;
}

function describePath(path: Array<string | number>): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

/**
 * The idempotency key of an event: sha256 of its runId, eventType and eventTime (as
 * epoch milliseconds, so `...00Z` and `...00.000+00:00` are the same event).
 */
export function eventKey(runId: string, eventType: string, time: number) {
  return createHash('sha256')
    .update(`${runId.toLowerCase()}\n${eventType}\n${time}`)
    .digest('hex');
}

function parseOne(value: unknown): ParsedRunEvent | string {
  const result = runEventSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = describePath(issue.path);
    return where ? `${where} ${issue.message}` : issue.message;
  }
  const event = result.data as OpenLineageRunEvent;
  const time = parseDateTime(event.eventTime)!;
  const eventType = event.eventType ?? 'OTHER';
  return {
    raw: value,
    event,
    eventType,
    time,
    runId: event.run.runId.toLowerCase(),
    key: eventKey(event.run.runId, eventType, time),
  };
}

/**
 * Validates a request body: one RunEvent, or an array of them (a batch).
 *
 * @throws InputError naming the field, and in a batch the index of the first bad event
 */
export function parseRunEvents(
  body: unknown,
  options: { maxBatch: number },
): { events: ParsedRunEvent[]; batch: boolean } {
  if (Array.isArray(body)) {
    if (body.length === 0) {
      throw new InputError('The batch is empty: send at least one RunEvent');
    }
    if (body.length > options.maxBatch) {
      throw new InputError(
        `The batch holds ${body.length} events, more than the ${options.maxBatch} allowed; split it`,
      );
    }
    const events: ParsedRunEvent[] = [];
    for (let i = 0; i < body.length; i++) {
      const parsed = parseOne(body[i]);
      if (typeof parsed === 'string') {
        throw new InputError(
          `Invalid OpenLineage RunEvent at index ${i} of the batch: ${parsed}`,
        );
      }
      events.push(parsed);
    }
    return { events, batch: true };
  }
  const parsed = parseOne(body);
  if (typeof parsed === 'string') {
    throw new InputError(`Invalid OpenLineage RunEvent: ${parsed}`);
  }
  return { events: [parsed], batch: false };
}

// Quality facets: read in ./quality.ts.
export { readQualityFacets, type FacetMeasurement } from './quality';
