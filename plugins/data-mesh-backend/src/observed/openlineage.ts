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
import { HOUR, iso, parseDateTime } from '../lib/time';

/*
 * OpenLineage events (https://openlineage.io/spec/2-0-2/OpenLineage.json): what is checked
 * and what is kept. The spec's `POST /lineage` takes three kinds:
 *
 * - RunEvent: eventTime, producer, schemaURL, run.runId (a UUID), job.namespace, job.name;
 *   eventType, when present, is one of the spec's transitions;
 * - DatasetEvent: eventTime, producer, schemaURL, dataset.namespace, dataset.name (no run,
 *   no job): a dataset's metadata (its facets) outside any run;
 * - JobEvent: eventTime, producer, schemaURL, job.namespace, job.name (no run), with the
 *   job's declared inputs and outputs (static lineage).
 *
 * The kind is the one schemaURL names (`...#/$defs/RunEvent`, `#/$defs/DatasetEvent`,
 * `#/$defs/JobEvent`); when it names none, the shape decides (run: RunEvent; dataset and no
 * job: DatasetEvent; job: JobEvent). producer and schemaURL are URIs; eventTime is an
 * RFC 3339 date-time that exists and is at most the configured clock skew ahead of the
 * server. Datasets need namespace and name. Facets are not checked at all: they are stored
 * as sent, and the facets Meshwork reads are read defensively.
 */

const MAX_ID = 1024;
const MAX_DATASETS = 1000;
/** Nesting deeper than this is refused (a body is checked before it is parsed). */
export const MAX_JSON_DEPTH = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3986: a scheme, a colon, then no white space.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

const requiredString = (what: string, max = MAX_ID) =>
  z
    .string({
      required_error: 'is required',
      invalid_type_error: `must be a string (${what})`,
    })
    .trim()
    .min(1, { message: `must not be empty (${what})` })
    .max(max, { message: `must be at most ${max} characters` });

const uri = (what: string) =>
  requiredString(what, 2048).refine(v => URI.test(v), {
    message: `must be a URI (${what}), such as https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python`,
  });

// What clients send nearly always (`...T12:00:00.000Z`), read without luxon; the calendar
// is still checked (2025-02-31 is refused). Anything else goes through parseDateTime.
const UTC_ISO =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?Z$/;

/** eventTime as epoch milliseconds, or undefined for a date-time that does not exist. */
export function readEventTime(value: string): number | undefined {
  const m = UTC_ISO.exec(value);
  if (!m || Number(m[1]) < 100) return parseDateTime(value);
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const at = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  const date = new Date(at);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? at
    : undefined;
}

const dateTime = z
  .string({
    required_error: 'is required',
    invalid_type_error:
      'must be a date-time string such as 2025-06-01T12:00:00Z',
  })
  .refine(v => readEventTime(v) !== undefined, {
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

const baseEvent = {
  eventTime: dateTime,
  producer: uri('a URI naming the producer'),
  schemaURL: uri('the URL of the OpenLineage schema'),
};

const jobSchema = object('the job')
  .extend({
    namespace: requiredString('the job namespace'),
    name: requiredString('the job name'),
  })
  .passthrough();

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
    ...baseEvent,
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
    job: jobSchema,
    inputs: datasets,
    outputs: datasets,
  })
  .passthrough();

const absent = (what: string) =>
  z.undefined({
    invalid_type_error: `must not be present in a ${what}`,
  });

const datasetEventSchema = object('an OpenLineage DatasetEvent')
  .extend({
    ...baseEvent,
    dataset: datasetSchema,
    run: absent('DatasetEvent (it has no run)'),
    job: absent('DatasetEvent (it has no job)'),
  })
  .passthrough();

const jobEventSchema = object('an OpenLineage JobEvent')
  .extend({
    ...baseEvent,
    job: jobSchema,
    run: absent('JobEvent (it has no run; send a RunEvent)'),
    inputs: datasets,
    outputs: datasets,
  })
  .passthrough();

/** The three kinds of event of OpenLineage 2-0-2. */
export type OpenLineageEventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/** A dataset of an event, as validated. */
export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: unknown;
  inputFacets?: unknown;
  outputFacets?: unknown;
  [key: string]: unknown;
}

/** An OpenLineage job, as validated. */
export interface OpenLineageJob {
  namespace: string;
  name: string;
  facets?: unknown;
  [key: string]: unknown;
}

/** An OpenLineage RunEvent, as validated: the fields Meshwork reads, and all others kept. */
export interface OpenLineageRunEvent {
  eventType?: OpenLineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: unknown; [key: string]: unknown };
  job: OpenLineageJob;
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
  [key: string]: unknown;
}

/** An OpenLineage DatasetEvent, as validated. */
export interface OpenLineageDatasetEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  dataset: OpenLineageDataset;
  [key: string]: unknown;
}

/** An OpenLineage JobEvent, as validated. */
export interface OpenLineageJobEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  job: OpenLineageJob;
  inputs?: OpenLineageDataset[];
  outputs?: OpenLineageDataset[];
  [key: string]: unknown;
}

interface ParsedEventBase {
  /** The event as sent (unknown fields and facets included). */
  raw: unknown;
  /** eventTime, epoch milliseconds. */
  time: number;
  /** Idempotency key: sha256 of the event's canonical JSON ({@link eventKey}). */
  key: string;
}

/** A RunEvent with what the store needs derived once. */
export interface ParsedRunEvent extends ParsedEventBase {
  kind: 'RunEvent';
  event: OpenLineageRunEvent;
  eventType: OpenLineageEventType;
  /** run.runId, lower case. */
  runId: string;
}

/** A DatasetEvent with what the store needs derived once. */
export interface ParsedDatasetEvent extends ParsedEventBase {
  kind: 'DatasetEvent';
  event: OpenLineageDatasetEvent;
}

/** A JobEvent with what the store needs derived once. */
export interface ParsedJobEvent extends ParsedEventBase {
  kind: 'JobEvent';
  event: OpenLineageJobEvent;
}

/** An event of any kind, as validated. */
export type ParsedLineageEvent =
  | ParsedRunEvent
  | ParsedDatasetEvent
  | ParsedJobEvent;

/** How events are checked against the server's clock. */
export interface EventTimeOptions {
  /** The server's time, epoch milliseconds; with `maxClockSkewMs`, events ahead are refused. */
  now?: number;
  /** How far ahead of `now` an eventTime may be (`dataMesh.observed.ingest.maxClockSkew`). */
  maxClockSkewMs?: number;
}

function describePath(path: Array<string | number>): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON with object keys sorted at every level and no white space: the same content gives
 * the same text, whatever order or spacing the sender used.
 *
 * @throws InputError when the value nests deeper than {@link MAX_JSON_DEPTH}
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) {
    throw new InputError(
      `The JSON nests deeper than ${MAX_JSON_DEPTH} levels; flatten the facet that nests it`,
    );
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out +=
        value[i] === undefined ? 'null' : canonicalJson(value[i], depth + 1);
    }
    return `${out}]`;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    let out = '{';
    for (const k of keys) {
      const v = value[k];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The idempotency key of an event: sha256 of its canonical JSON ({@link canonicalJson}),
 * with eventTime read as an instant (so `...08:00:00Z` and `...10:00:00.000000+02:00` are
 * the same) and run.runId in lower case. Any other difference (another facet, another
 * dataset) makes another event: two OTHER events of one run in the same millisecond that
 * add different facets are both kept; a resent event is the same event.
 */
export function eventKey(raw: unknown, time: number): string {
  const event = isRecord(raw) ? { ...raw } : raw;
  if (isRecord(event)) {
    // Digits finer than a millisecond are kept beside the instant.
    const text = typeof event.eventTime === 'string' ? event.eventTime : '';
    const finer = (/\.\d{3}(\d+)/.exec(text)?.[1] ?? '').replace(/0+$/, '');
    event.eventTime = `${iso(time)}${finer ? `+${finer}` : ''}`;
    if (isRecord(event.run) && typeof event.run.runId === 'string') {
      event.run = { ...event.run, runId: event.run.runId.toLowerCase() };
    }
  }
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

/** Which kind of event a value is: what its schemaURL names, else what its shape says. */
export function eventKindOf(value: unknown): OpenLineageEventKind {
  if (!isRecord(value)) return 'RunEvent';
  const named =
    typeof value.schemaURL === 'string' &&
    /#\/(?:\$defs|definitions)\/(RunEvent|DatasetEvent|JobEvent)$/.exec(
      value.schemaURL.trim(),
    )?.[1];
  if (named) return named as OpenLineageEventKind;
  if (value.run !== undefined) return 'RunEvent';
  if (value.dataset !== undefined && value.job === undefined) {
    return 'DatasetEvent';
  }
  if (value.job !== undefined) return 'JobEvent';
  return 'RunEvent';
}

function durationText(ms: number): string {
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

const SCHEMAS = {
  RunEvent: runEventSchema,
  DatasetEvent: datasetEventSchema,
  JobEvent: jobEventSchema,
} as const;

/** One event checked: the parsed event, or why it is refused (naming the field). */
export type EventCheck =
  | { ok: true; event: ParsedLineageEvent }
  | { ok: false; kind: OpenLineageEventKind; reason: string };

/**
 * Checks one event of any kind.
 *
 * @param only - check it as this kind whatever it says (the RunEvent-only parser)
 */
export function checkLineageEvent(
  value: unknown,
  options: EventTimeOptions & { only?: OpenLineageEventKind } = {},
): EventCheck {
  const kind = options.only ?? eventKindOf(value);
  const result = SCHEMAS[kind].safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = describePath(issue.path);
    return {
      ok: false,
      kind,
      reason: where ? `${where} ${issue.message}` : issue.message,
    };
  }
  const data = result.data as { eventTime: string };
  const time = readEventTime(data.eventTime)!;
  const { now, maxClockSkewMs } = options;
  if (
    now !== undefined &&
    maxClockSkewMs !== undefined &&
    time > now + maxClockSkewMs
  ) {
    return {
      ok: false,
      kind,
      reason: `eventTime ${data.eventTime} is more than ${durationText(
        maxClockSkewMs,
      )} ahead of the server's clock (${iso(
        now,
      )}; dataMesh.observed.ingest.maxClockSkew)`,
    };
  }
  let key: string;
  try {
    key = eventKey(value, time);
  } catch (e) {
    return { ok: false, kind, reason: (e as Error).message };
  }
  const base = { raw: value, time, key };
  if (kind === 'RunEvent') {
    const event = result.data as OpenLineageRunEvent;
    return {
      ok: true,
      event: {
        ...base,
        kind,
        event,
        eventType: event.eventType ?? 'OTHER',
        runId: event.run.runId.toLowerCase(),
      },
    };
  }
  if (kind === 'DatasetEvent') {
    return {
      ok: true,
      event: {
        ...base,
        kind,
        event: result.data as OpenLineageDatasetEvent,
      },
    };
  }
  return {
    ok: true,
    event: { ...base, kind, event: result.data as OpenLineageJobEvent },
  };
}

function checkBatchSize(body: unknown[], maxBatch: number) {
  if (body.length === 0) {
    throw new InputError('The batch is empty: send at least one event');
  }
  if (body.length > maxBatch) {
    throw new InputError(
      `The batch holds ${body.length} events, more than the ${maxBatch} allowed; split it`,
    );
  }
}

/**
 * Validates a request body: one event of any kind, or an array of them stored whole or
 * not at all (the single-event URLs).
 *
 * @throws InputError naming the field, and in an array the index of the first bad event
 */
export function parseLineageEvents(
  body: unknown,
  options: EventTimeOptions & {
    maxBatch: number;
    only?: OpenLineageEventKind;
  },
): { events: ParsedLineageEvent[]; batch: boolean } {
  if (Array.isArray(body)) {
    checkBatchSize(body, options.maxBatch);
    const events: ParsedLineageEvent[] = [];
    for (let i = 0; i < body.length; i++) {
      const checked = checkLineageEvent(body[i], options);
      if (!checked.ok) {
        throw new InputError(
          `Invalid OpenLineage ${checked.kind} at index ${i} of the batch: ${checked.reason}`,
        );
      }
      events.push(checked.event);
    }
    return { events, batch: true };
  }
  const checked = checkLineageEvent(body, options);
  if (!checked.ok) {
    throw new InputError(
      `Invalid OpenLineage ${checked.kind}: ${checked.reason}`,
    );
  }
  return { events: [checked.event], batch: false };
}

/** An event of a batch that was not stored, and why. */
export interface FailedEvent {
  index: number;
  reason: string;
  retriable: false;
}

/**
 * Validates the body of a batch URL: a JSON array of events of any kind. Each event is
 * checked alone: the valid ones are returned, the others listed by index with the reason.
 *
 * @throws InputError when the body is not an array, is empty or holds too many events
 */
export function parseLineageBatch(
  body: unknown,
  options: EventTimeOptions & { maxBatch: number },
): { events: ParsedLineageEvent[]; failed: FailedEvent[]; received: number } {
  if (!Array.isArray(body)) {
    throw new InputError(
      'A batch is a JSON array of OpenLineage events; send one event to /api/v1/lineage',
    );
  }
  checkBatchSize(body, options.maxBatch);
  const events: ParsedLineageEvent[] = [];
  const failed: FailedEvent[] = [];
  body.forEach((value, index) => {
    const checked = checkLineageEvent(value, options);
    if (checked.ok) events.push(checked.event);
    else {
      failed.push({
        index,
        reason: `Invalid OpenLineage ${checked.kind}: ${checked.reason}`,
        retriable: false,
      });
    }
  });
  return { events, failed, received: body.length };
}

/**
 * Validates a body of RunEvents only: one, or an array of them (a batch).
 *
 * @throws InputError naming the field, and in a batch the index of the first bad event
 */
export function parseRunEvents(
  body: unknown,
  options: EventTimeOptions & { maxBatch: number },
): { events: ParsedRunEvent[]; batch: boolean } {
  const { events, batch } = parseLineageEvents(body, {
    ...options,
    only: 'RunEvent',
  });
  return { events: events as ParsedRunEvent[], batch };
}

// Quality facets: read in ./quality.ts.
export { readQualityFacets, type FacetMeasurement } from './quality';
