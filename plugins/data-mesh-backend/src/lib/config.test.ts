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

import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_COMPLIANCE_SCHEDULE,
  DEFAULT_INCREMENTAL_SCHEDULE,
  DEFAULT_SLO_ROLLUP_SCHEDULE,
  DEFAULT_PRUNE_SCHEDULE,
  readDataMeshConfig,
} from './config';
import { DAY, HOUR } from './time';

const read = (dataMesh: object) =>
  readDataMeshConfig(new ConfigReader({ dataMesh }));

describe('readDataMeshConfig', () => {
  it('has the documented defaults', () => {
    const settings = readDataMeshConfig(new ConfigReader({}));
    expect(settings.compliance).toEqual({
      schedule: DEFAULT_COMPLIANCE_SCHEDULE,
      incremental: { schedule: DEFAULT_INCREMENTAL_SCHEDULE },
      historyRetentionMs: 365 * DAY,
      historyHeartbeatMs: 24 * HOUR,
    });
    expect(settings.mesh).toEqual({
      sloRollUp: { schedule: DEFAULT_SLO_ROLLUP_SCHEDULE },
    });
    expect(settings.evaluate.maxBodyBytes).toBe(256 * 1024);
    expect(settings.observed).toMatchObject({
      ingest: { maxBodyBytes: 4 * 1024 * 1024, maxBatchEvents: 1000 },
      retention: { rawMs: 30 * DAY, aggregateMs: 400 * DAY },
      prune: { schedule: DEFAULT_PRUNE_SCHEDULE },
      slo: { defaultWindow: '30d', freshnessTarget: 0.99 },
      lineage: {
        defaultDepth: 3,
        maxDepth: 10,
        maxNodes: 500,
        driftWindow: '30d',
        driftWindowMs: 30 * DAY,
      },
    });
  });

  it.each([
    ['a string', '90d'],
    ['ISO 8601', 'P90D'],
    ['an object', { days: 90 }],
  ])('reads every duration key as %s', (_, value) => {
    const settings = read({
      compliance: { history: { retention: value, heartbeat: value } },
      observed: {
        retention: { raw: value, aggregate: value },
        slo: { defaultWindow: value },
        lineage: { driftWindow: value },
      },
    });
    expect(settings.compliance.historyRetentionMs).toBe(90 * DAY);
    expect(settings.compliance.historyHeartbeatMs).toBe(90 * DAY);
    expect(settings.observed.retention).toEqual({
      rawMs: 90 * DAY,
      aggregateMs: 90 * DAY,
    });
    // Shown in responses as an SLO window is written.
    expect(settings.observed.slo.defaultWindow).toBe('90d');
    expect(settings.observed.lineage).toMatchObject({
      driftWindow: '90d',
      driftWindowMs: 90 * DAY,
    });
  });

  it('still reads the deprecated number keys, when the duration key is not set', () => {
    const settings = read({
      compliance: { history: { retentionDays: 30, heartbeatHours: 6 } },
      observed: { retention: { rawDays: 7, aggregateDays: 60 } },
    });
    expect(settings.compliance.historyRetentionMs).toBe(30 * DAY);
    expect(settings.compliance.historyHeartbeatMs).toBe(6 * HOUR);
    expect(settings.observed.retention).toEqual({
      rawMs: 7 * DAY,
      aggregateMs: 60 * DAY,
    });
    // The duration key wins over its deprecated twin.
    expect(
      read({ compliance: { history: { retention: '2d', retentionDays: 30 } } })
        .compliance.historyRetentionMs,
    ).toBe(2 * DAY);
  });

  it('keeps raw data at least a day', () => {
    expect(
      read({ observed: { retention: { raw: '1h' } } }).observed.retention,
    ).toMatchObject({ rawMs: DAY });
    expect(
      read({ observed: { retention: { rawDays: 0.5 } } }).observed.retention,
    ).toMatchObject({ rawMs: DAY });
  });

  it('refuses bad values, naming the key', () => {
    expect(() =>
      read({ compliance: { history: { retention: 'soon' } } }),
    ).toThrow(/dataMesh\.compliance\.history\.retention/);
    expect(() =>
      read({ observed: { lineage: { driftWindow: { fortnights: 2 } } } }),
    ).toThrow(/dataMesh\.observed\.lineage\.driftWindow/);
    expect(() => read({ observed: { retention: { rawDays: -1 } } })).toThrow(
      /dataMesh\.observed\.retention\.rawDays/,
    );
    expect(() => read({ observed: { lineage: { maxDepth: 50 } } })).toThrow(
      'Invalid config dataMesh.observed.lineage.maxDepth: 50, expected a number above 0 and at most 20',
    );
  });
});
