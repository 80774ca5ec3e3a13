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

import type { SloData } from '../database/operations/observed/readSloData';
import { computeSloStatus, streamSamples } from './sloStatus';

const MIN = 60_000;
const H = 3_600_000;
// A fixed "now": 2025-06-10T12:00:00Z.
const now = Date.UTC(2025, 5, 10, 12);
const options = { now, defaultWindow: '30d', freshnessTarget: 0.99 };

function data(partial: Partial<SloData>): SloData {
  return {
    now,
    windowStart: now - 30 * 24 * H,
    refreshes: [],
    runHours: [],
    observationHours: new Map(),
    ...partial,
  };
}

const hourOf = (t: number) => Math.floor(t / H);

describe('computeSloStatus', () => {
  describe('freshness', () => {
    // Refreshes (COMPLETE runs) 49 h, 2 h and 20 min ago; objective 1 h.
    const refreshes = [now - 49 * H, now - 2 * H, now - 20 * MIN];
    const status = computeSloStatus(
      { indicator: 'freshness', objective: '1h' },
      data({ refreshes }),
      options,
    );

    it('is the time since the last refresh, met within the objective', () => {
      expect(status).toMatchObject({
        source: 'refreshes',
        comparison: 'atMost',
        unit: 'ms',
        target: H,
        current: 20 * MIN,
        met: true,
        samples: 3,
        lastObservedAt: new Date(now - 20 * MIN).toISOString(),
      });
    });

    it('counts the stale share of the window from the first refresh on', () => {
      // Observed from 49 h ago (2940 min). Stale: 47 h - 1 h = 46 h (2760 min) after the
      // first refresh, 100 - 60 = 40 min after the second, none after the third.
      const stale = 2800 / 2940;
      expect(status.windowValue).toBeCloseTo(1 - stale, 10);
      // Allowed stale share 1%.
      expect(status.errorBudgetRemaining).toBeCloseTo(1 - stale / 0.01, 8);
      // Last 24 h: stale from 24 h ago to 2 h ago (1320 min) and 40 min: 1360 / 1440.
      expect(status.burnRate).toBeCloseTo(1360 / 1440 / 0.01, 8);
    });

    it('keeps the largest age of each day as history', () => {
      const byDate = Object.fromEntries(status.history.map(p => [p.date, p]));
      expect(status.history).toHaveLength(31);
      expect(byDate['2025-06-07']).toEqual({
        date: '2025-06-07',
        value: null,
        met: null,
      });
      // 2025-06-08: first refresh at 11:00; by midnight it is 13 h old.
      expect(byDate['2025-06-08']).toEqual({
        date: '2025-06-08',
        value: 13 * H,
        met: false,
      });
      // 2025-06-10: 34 h old at 10:00 (then refreshed), 100 min old at 11:40, 20 min now.
      expect(byDate['2025-06-10']).toEqual({
        date: '2025-06-10',
        value: 47 * H,
        met: false,
      });
    });

    it('uses the last refresh before the window for the window start', () => {
      const s = computeSloStatus(
        { indicator: 'freshness', objective: '1h', window: '1d' },
        data({ refreshes: [now - 30 * MIN], refreshBefore: now - 25 * H }),
        options,
      );
      // From 24 h ago: stale until 30 min ago (the refresh before was 25 h old).
      expect(s.windowValue).toBeCloseTo(1 - (24 * 60 - 30) / (24 * 60), 10);
      expect(s.current).toBe(30 * MIN);
    });

    it('has no value without refreshes', () => {
      const s = computeSloStatus(
        { indicator: 'freshness', objective: '15m' },
        data({}),
        options,
      );
      expect(s).toMatchObject({ source: 'none', current: null, met: null });
    });
  });

  describe('availability', () => {
    // 3 runs completed, 1 failed 25 h ago: 75% against 90% over 7 days.
    const runHours = [
      { hour: hourOf(now - 49 * H), complete: 1, fail: 0, abort: 0 },
      { hour: hourOf(now - 25 * H), complete: 0, fail: 1, abort: 0 },
      { hour: hourOf(now - 2 * H), complete: 1, fail: 0, abort: 0 },
      { hour: hourOf(now - 20 * MIN), complete: 1, fail: 0, abort: 0 },
      // Outside the 7-day window.
      { hour: hourOf(now - 9 * 24 * H), complete: 0, fail: 5, abort: 0 },
    ];
    const status = computeSloStatus(
      { indicator: 'availability', objective: '90%', window: '7d' },
      data({ runHours }),
      options,
    );

    it('is the share of successful runs over the window', () => {
      expect(status).toMatchObject({
        source: 'runs',
        unit: 'ratio',
        target: 0.9,
        current: 0.75,
        windowValue: 0.75,
        met: false,
        samples: 4,
      });
      // 25% failed where 10% is allowed: the budget is overspent 1.5 times.
      expect(status.errorBudgetRemaining).toBeCloseTo(-1.5, 10);
      // No failure in the last 24 h.
      expect(status.burnRate).toBe(0);
      expect(status.history).toHaveLength(8);
      expect(status.history.find(p => p.date === '2025-06-09')).toEqual({
        date: '2025-06-09',
        value: 0,
        met: false,
      });
    });

    it('counts aborted runs as failures', () => {
      const s = computeSloStatus(
        { indicator: 'availability', objective: '50%' },
        data({
          runHours: [{ hour: hourOf(now - H), complete: 1, fail: 0, abort: 1 }],
        }),
        options,
      );
      expect(s.current).toBe(0.5);
      expect(s.met).toBe(true);
      expect(s.burnRate).toBeCloseTo(1, 10);
    });
  });

  describe('measured values', () => {
    const hours = (indicator: string, values: Array<[number, number]>) =>
      new Map([
        [
          indicator,
          values.map(([t, v]) => ({
            hour: hourOf(t),
            count: 1,
            sum: v,
            min: v,
            max: v,
            lastValue: v,
            lastAt: t,
          })),
        ],
      ]);

    it('takes the latest value as current and the mean over the window', () => {
      const s = computeSloStatus(
        { indicator: 'completeness', objective: '99%' },
        data({
          observationHours: hours('completeness', [
            [now - 3 * H, 0.995],
            [now - H, 0.97],
          ]),
        }),
        options,
      );
      expect(s).toMatchObject({
        source: 'observations',
        current: 0.97,
        met: false,
        samples: 2,
      });
      expect(s.windowValue).toBeCloseTo(0.9825, 10);
      // 1.75% short where 1% is allowed.
      expect(s.errorBudgetRemaining).toBeCloseTo(-0.75, 10);
      expect(s.burnRate).toBeCloseTo(1.75, 10);
    });

    it('compares durations at most and plain numbers at least, without a budget', () => {
      const latency = computeSloStatus(
        { indicator: 'latency', objective: '5m' },
        data({ observationHours: hours('latency', [[now - H, 4 * MIN]]) }),
        options,
      );
      expect(latency).toMatchObject({
        comparison: 'atMost',
        met: true,
        errorBudgetRemaining: null,
      });
      const accuracy = computeSloStatus(
        { indicator: 'accuracy', objective: 0.9 },
        data({ observationHours: hours('accuracy', [[now - H, 0.75]]) }),
        options,
      );
      expect(accuracy).toMatchObject({
        comparison: 'atLeast',
        unit: 'number',
        current: 0.75,
        met: false,
        errorBudgetRemaining: null,
        burnRate: null,
      });
    });

    it('falls back to measured freshness when no run was seen', () => {
      const s = computeSloStatus(
        { indicator: 'freshness', objective: '15m' },
        data({ observationHours: hours('freshness', [[now - H, 10 * MIN]]) }),
        options,
      );
      expect(s).toMatchObject({
        source: 'observations',
        current: 10 * MIN,
        met: true,
      });
    });
  });

  it('reports an SLO it cannot read instead of failing', () => {
    const s = computeSloStatus(
      { indicator: 'freshness', objective: 'soon' },
      data({}),
      options,
    );
    expect(s.problem).toMatch(/^Invalid SLO objective "soon"/);
    expect(s.current).toBeNull();
  });
});

describe('streams', () => {
  // Reports every 5 minutes from 10:00 to now (12:00), none between 11:05 and 11:35.
  const reports: number[] = [];
  for (let t = now - 2 * H; t <= now; t += 5 * MIN) {
    if (t > now - 55 * MIN && t < now - 25 * MIN) continue;
    reports.push(t);
  }
  const asHours = () => {
    const hours = new Map<number, { minutes: bigint; lastAt: number }>();
    for (const t of reports) {
      const hour = hourOf(t);
      const h = hours.get(hour) ?? { minutes: 0n, lastAt: 0 };
      h.minutes |= 1n << BigInt(Math.floor((t - hour * H) / MIN));
      h.lastAt = Math.max(h.lastAt, t);
      hours.set(hour, h);
    }
    return [...hours].map(([hour, h]) => ({ hour, ...h }));
  };

  it('counts an hour available when every minute had a report within the window', () => {
    expect(streamSamples(reports, now - 24 * H, now, 15 * MIN)).toEqual([
      { hour: hourOf(now) - 2, good: true },
      // 11:05 to 11:35 without a report: more than 15 minutes old from 11:21 on.
      { hour: hourOf(now) - 1, good: false },
      { hour: hourOf(now), good: true },
    ]);
    expect(streamSamples(reports, now - 24 * H, now, 40 * MIN)).toEqual([
      { hour: hourOf(now) - 2, good: true },
      { hour: hourOf(now) - 1, good: true },
      { hour: hourOf(now), good: true },
    ]);
    expect(streamSamples([], now - H, now, 15 * MIN)).toEqual([]);
  });

  it('makes a stream fresh and available from its reports, without runs', () => {
    const observed = data({ streamHours: asHours() });
    const freshness = computeSloStatus(
      { indicator: 'freshness', objective: '10m' },
      observed,
      options,
    );
    expect(freshness).toMatchObject({
      current: 0,
      met: true,
      source: 'refreshes',
      samples: reports.length,
    });
    const availability = computeSloStatus(
      { indicator: 'availability', objective: '99%', window: '1d' },
      observed,
      { ...options, reportWindowMs: 15 * MIN },
    );
    expect(availability).toMatchObject({ samples: 3, met: false });
    expect(availability.current).toBeCloseTo(2 / 3, 10);
  });
});
