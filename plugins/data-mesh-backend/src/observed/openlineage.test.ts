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
import { eventKey, parseRunEvents, readQualityFacets } from './openlineage';

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

  it('gives the same event the same key, however its time is written', () => {
    const a = parseRunEvents(fixture('start'), { maxBatch: 1 }).events[0];
    const b = parseRunEvents(
      {
        ...fixture('start'),
        eventTime: '2025-06-01T08:00:00.000000+02:00',
        run: { runId: a.runId.toUpperCase() },
      },
      { maxBatch: 1 },
    ).events[0];
    expect(b.key).toBe(a.key);
    expect(eventKey(a.runId, 'COMPLETE', a.time)).not.toBe(a.key);
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
