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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  eventKey,
  eventKindOf,
  parseLineageBatch,
  parseLineageEvents,
  parseRunEvents,
  readEventTime,
  readQualityFacets,
} from './openlineage';
import { parseDateTime } from '../lib/time';

const fixtures = join(__dirname, '../../../../examples/openlineage/fixtures');
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));

const without = (path: string) => {
  const event = fixture('start');
  const parts = path.split('.');
  let target = event;
  for (const p of parts.slice(0, -1)) target = target[p];
  delete target[parts[parts.length - 1]];
  return event;
};

describe('parseRunEvents', () => {
  it('reads the spec-shaped fixtures, keeping everything as sent', () => {
    const { events, batch } = parseRunEvents(
      [fixture('start'), fixture('complete'), fixture('fail')],
      { maxBatch: 10 },
    );
    expect(batch).toBe(true);
    expect(events.map(e => e.eventType)).toEqual(['START', 'COMPLETE', 'FAIL']);
    expect(events[1].time).toBe(Date.parse('2025-06-01T06:12:30.000Z'));
    expect(events[1].raw).toEqual(fixture('complete'));
    expect((events[1].event.run.facets as any).shopco_costs.computeUnits).toBe(
      42.5,
    );
  });

  it.each([
    ['eventTime', 'eventTime is required'],
    ['producer', 'producer is required'],
    ['schemaURL', 'schemaURL is required'],
    ['run', 'run is required'],
    ['run.runId', 'run.runId is required'],
    ['job.namespace', 'job.namespace is required'],
    ['job.name', 'job.name is required'],
  ])('refuses an event without %s, naming it', (path, message) => {
    expect(() => parseRunEvents(without(path), { maxBatch: 10 })).toThrow(
      `Invalid OpenLineage RunEvent: ${message}`,
    );
  });

  it('names bad values', () => {
    const bad = (patch: object) => () =>
      parseRunEvents({ ...fixture('start'), ...patch }, { maxBatch: 10 });
    expect(bad({ eventType: 'DONE' })).toThrow(
      'eventType must be one of START, RUNNING, COMPLETE, FAIL, ABORT, OTHER',
    );
    expect(bad({ eventTime: 'yesterday' })).toThrow(
      'eventTime must be a date-time',
    );
    // A day that does not exist: refused, not read as 3 March.
    expect(bad({ eventTime: '2025-02-31T00:00:00Z' })).toThrow(
      'Invalid OpenLineage RunEvent: eventTime must be a date-time',
    );
    expect(bad({ run: { runId: 'run-1' } })).toThrow(
      'run.runId must be a UUID',
    );
    expect(bad({ inputs: [{ namespace: 's3://lake' }] })).toThrow(
      'inputs[0].name is required',
    );
    expect(() => parseRunEvents('hello', { maxBatch: 10 })).toThrow(
      'Invalid OpenLineage RunEvent: must be an object',
    );
  });

  it('says which event of a batch is bad', () => {
    const batch = [fixture('start'), fixture('complete'), without('run.runId')];
    expect(() => parseRunEvents(batch, { maxBatch: 10 })).toThrow(
      'Invalid OpenLineage RunEvent at index 2 of the batch: run.runId is required',
    );
    expect(() => parseRunEvents([], { maxBatch: 10 })).toThrow(
      'The batch is empty',
    );
    expect(() =>
      parseRunEvents(Array(11).fill(fixture('start')), { maxBatch: 10 }),
    ).toThrow('The batch holds 11 events, more than the 10 allowed');
  });

  it('reads eventType as optional (OTHER), as the spec allows', () => {
    const { events } = parseRunEvents(without('eventType'), { maxBatch: 1 });
    expect(events[0].eventType).toBe('OTHER');
  });

  it('gives the same event the same key, however its time or key order is written', () => {
    const a = parseRunEvents(fixture('start'), { maxBatch: 1 }).events[0];
    const start = fixture('start');
    const reordered = Object.fromEntries(Object.entries(start).reverse());
    const b = parseRunEvents(
      {
        ...reordered,
        eventTime: '2025-06-01T08:00:00.000000+02:00',
        run: { ...start.run, runId: a.runId.toUpperCase() },
      },
      { maxBatch: 1 },
    ).events[0];
    expect(b.key).toBe(a.key);
    expect(b.key).toBe(eventKey(fixture('start'), a.time));
  });

  it('keys events by content: another facet or another instant is another event', () => {
    const base = { ...fixture('start'), eventType: 'OTHER' };
    const withFacet = (name: string) => ({
      ...base,
      run: {
        ...base.run,
        facets: { ...base.run.facets, [name]: { _producer: 'x', v: 1 } },
      },
    });
    const keys = parseRunEvents(
      [
        withFacet('a'),
        withFacet('b'),
        base,
        { ...base, eventTime: '2025-06-01T06:00:00.001Z' },
        // Microseconds are kept: another instant.
        { ...base, eventTime: '2025-06-01T06:00:00.000500Z' },
      ],
      { maxBatch: 10 },
    ).events.map(e => e.key);
    expect(new Set(keys).size).toBe(5);
  });
});

describe('readEventTime', () => {
  it('reads what parseDateTime reads, the common UTC form without luxon', () => {
    for (const v of [
      '2025-06-01T06:00:00Z',
      '2025-06-01T06:00:00.1Z',
      '2025-06-01T06:00:00.123456Z',
      '2024-02-29T23:59:59.999Z',
      '2025-06-01T08:00:00+02:00',
      '2025-06-01 06:00:00Z',
      '0050-01-01T00:00:00Z',
    ]) {
      expect({ v, ms: readEventTime(v) }).toEqual({ v, ms: parseDateTime(v) });
    }
    for (const v of [
      '2025-02-31T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-06-01T24:00:00Z',
      'yesterday',
    ]) {
      expect({ v, ms: readEventTime(v) }).toEqual({ v, ms: undefined });
    }
  });
});

describe('parseLineageEvents and parseLineageBatch', () => {
  const datasetEvent = {
    eventTime: '2025-06-01T06:00:00.000Z',
    producer:
      'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent',
    dataset: { namespace: 's3://lake', name: 'sales/orders', facets: {} },
  };
  const jobEvent = {
    eventTime: '2025-06-01T06:00:00.000Z',
    producer:
      'https://github.com/OpenLineage/OpenLineage/tree/1.34.0/client/python',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent',
    job: { namespace: 'shop', name: 'orders.load' },
    inputs: [{ namespace: 's3://lake', name: 'raw/orders' }],
    outputs: [{ namespace: 's3://lake', name: 'sales/orders' }],
  };

  it('reads the three kinds, by schemaURL or else by shape', () => {
    const { events } = parseLineageEvents(
      [
        fixture('start'),
        datasetEvent,
        jobEvent,
        { ...datasetEvent, schemaURL: 'https://example.com/custom.json' },
        { ...jobEvent, schemaURL: 'https://example.com/custom.json' },
      ],
      { maxBatch: 10 },
    );
    expect(events.map(e => e.kind)).toEqual([
      'RunEvent',
      'DatasetEvent',
      'JobEvent',
      'DatasetEvent',
      'JobEvent',
    ]);
    expect(eventKindOf({ job: {} })).toBe('JobEvent');
    expect(eventKindOf({ run: {}, job: {} })).toBe('RunEvent');
    expect(eventKindOf('x')).toBe('RunEvent');
  });

  it('names what is wrong in each kind', () => {
    const bad = (value: unknown) => () =>
      parseLineageEvents(value, { maxBatch: 10 });
    expect(bad({ ...datasetEvent, dataset: { namespace: 'n' } })).toThrow(
      'Invalid OpenLineage DatasetEvent: dataset.name is required',
    );
    expect(bad({ ...datasetEvent, job: jobEvent.job })).toThrow(
      'Invalid OpenLineage DatasetEvent: job must not be present in a DatasetEvent',
    );
    expect(bad({ ...jobEvent, job: { namespace: 'shop' } })).toThrow(
      'Invalid OpenLineage JobEvent: job.name is required',
    );
    expect(bad({ ...jobEvent, run: { runId: 'x' } })).toThrow(
      'Invalid OpenLineage JobEvent: run must not be present in a JobEvent',
    );
    expect(bad({ ...jobEvent, producer: 'not a uri' })).toThrow(
      'Invalid OpenLineage JobEvent: producer must be a URI',
    );
  });

  it('refuses an eventTime ahead of the server by more than the skew, naming eventTime', () => {
    const now = Date.parse('2025-06-01T06:00:00.000Z');
    const at = (offset: number) => ({
      ...datasetEvent,
      eventTime: new Date(now + offset).toISOString(),
    });
    const options = { maxBatch: 10, now, maxClockSkewMs: 3_600_000 };
    expect(parseLineageEvents(at(3_600_000), options).events).toHaveLength(1);
    expect(() => parseLineageEvents(at(3_600_001), options)).toThrow(
      "Invalid OpenLineage DatasetEvent: eventTime 2025-06-01T07:00:00.001Z is more than 1h ahead of the server's clock",
    );
  });

  it('lists the bad events of a batch by index and keeps the good ones', () => {
    const result = parseLineageBatch(
      [datasetEvent, { ...jobEvent, eventTime: '2025-02-31T00:00:00Z' }, 7],
      { maxBatch: 10 },
    );
    expect(result.received).toBe(3);
    expect(result.events.map(e => e.kind)).toEqual(['DatasetEvent']);
    expect(result.failed).toEqual([
      {
        index: 1,
        reason:
          'Invalid OpenLineage JobEvent: eventTime must be a date-time such as 2025-06-01T12:00:00.000Z',
        retriable: false,
      },
      {
        index: 2,
        reason: expect.stringMatching(
          /^Invalid OpenLineage RunEvent: must be an object/,
        ),
        retriable: false,
      },
    ]);
    expect(() => parseLineageBatch(datasetEvent, { maxBatch: 10 })).toThrow(
      'A batch is a JSON array of OpenLineage events',
    );
  });

  it('refuses JSON nested deeper than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { x: deep };
    const event = {
      ...datasetEvent,
      dataset: { ...datasetEvent.dataset, facets: { deep } },
    };
    expect(() => parseLineageEvents(event, { maxBatch: 1 })).toThrow(
      'The JSON nests deeper than 64 levels',
    );
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"c":2,"d":1}]}',
    );
  });
});

describe('readQualityFacets', () => {
  it('reads completeness and accuracy wherever the producer put the facets', () => {
    const complete = fixture('complete');
    expect(readQualityFacets(complete.outputs[0])).toEqual([
      { indicator: 'completeness', value: 1 - 10 / 2000 },
    ]);
    expect(readQualityFacets(complete.inputs[0])).toEqual([
      { indicator: 'accuracy', value: 0.75 },
    ]);
  });

  it('skips malformed facets', () => {
    expect(
      readQualityFacets({
        namespace: 'n',
        name: 'd',
        facets: {
          dataQualityMetrics: 'oops',
          dataQualityAssertions: { assertions: 'none' },
        },
        inputFacets: { dataQualityMetrics: { rowCount: 0, columnMetrics: {} } },
      }),
    ).toEqual([]);
  });
});
