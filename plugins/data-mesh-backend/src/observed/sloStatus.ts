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

import {
  parseSloObjective,
  parseSloWindow,
  type DataProductSlo,
  type SloHistoryPoint,
  type SloObjective,
  type SloStatus,
} from '@meshwork/plugin-data-mesh-common';
import type { SloData } from '../database/operations/observed/readSloData';
import { DAY, HOUR, iso } from '../lib/time';

/*
 * SLO status from what was observed. The definitions (also in the README):
 *
 * Which runs count for a product: those that wrote one of its output port locations,
 * all runs of the jobs its annotations name, and runs that wrote nothing of the jobs
 * that are the product's (database/operations/observed/productRuns.ts).
 *
 * freshness, with a duration objective (`15m`): from refresh times, the COMPLETE times
 *   of runs of the product's annotated jobs and of runs that wrote one of its output
 *   port locations; and, for a streaming job (jobType `processingType: STREAMING`),
 *   every RUNNING event (a checkpoint) writing one of them (to the minute, the latest
 *   one exact).
 *   - current: now minus the latest refresh; met when it is within the objective.
 *   - window value: the share of the window's time the product was fresh (age within the
 *     objective), counted from the first refresh seen (time before it has no data).
 *   - error budget: the allowed stale share is 1 - `dataMesh.observed.slo.freshnessTarget`
 *     (default 99%): remaining = 1 - stale share / allowed share.
 *   - burn rate: the stale share of the last 24 hours / the allowed share.
 *   - history: the largest age reached each day.
 * availability, with a ratio objective (`99.95%`): from run outcomes, the share of
 *   terminal runs of the product's jobs that completed (FAIL and ABORT count against it),
 *   by the hour of their terminal event. A stream (streaming job) gives one sample per
 *   hour instead, from its first report on: the hour is available when at every minute
 *   of it the stream had reported within `dataMesh.observed.streaming.reportWindow`
 *   (default 15m) before, unavailable otherwise (also when it stopped reporting).
 *   - current and window value: that share over the window; met when it reaches the
 *     objective. error budget: 1 - failed share / (1 - objective). burn rate: failed share
 *     of the last 24 hours / (1 - objective). history: each day's share.
 * every other indicator (and freshness/availability without runs): from measured values
 *   (POST /observations, and completeness/accuracy read from quality facets).
 *   - current: the latest value; window value: the mean over the window.
 *   - a ratio objective compares at least (ratios 0..1); its budget and burn rate work
 *     like availability on (1 - value). A duration objective compares at most (values in
 *     milliseconds); a plain number compares at least. Those two have no budget.
 */

const MAX_HISTORY_DAYS = 90;
const BURN_WINDOW = DAY;

interface Options {
  now: number;
  defaultWindow: string;
  freshnessTarget: number;
  /** How recent a stream's last report must be for it to count as available. */
  reportWindowMs?: number;
}

const MINUTE = 60_000;
const DEFAULT_REPORT_WINDOW = 15 * MINUTE;

/** The report times of streams: one per minute with a report, the latest exact. */
function streamPoints(data: SloData): number[] {
  const points: number[] = [];
  for (const h of data.streamHours ?? []) {
    const last = Math.floor((h.lastAt - h.hour * HOUR) / MINUTE);
    for (let m = 0; m < 60; m++) {
      if ((h.minutes >> BigInt(m)) & 1n) {
        points.push(m === last ? h.lastAt : h.hour * HOUR + m * MINUTE);
      }
    }
  }
  return points.sort((a, b) => a - b);
}

/**
 * One availability sample per hour of a stream, from its first report (or the window
 * start) to now: good when every minute of the hour had a report within the report
 * window before it.
 */
export function streamSamples(
  points: number[],
  windowStart: number,
  now: number,
  reportWindowMs: number,
): Array<{ hour: number; good: boolean }> {
  if (points.length === 0) return [];
  const minutes = points.map(p => Math.floor(p / MINUTE));
  const startMinute = Math.max(minutes[0], Math.floor(windowStart / MINUTE));
  const endMinute = Math.floor(now / MINUTE);
  const samples = new Map<number, boolean>();
  let i = 0;
  let last: number | undefined;
  for (let m = startMinute; m <= endMinute; m++) {
    while (i < minutes.length && minutes[i] <= m) last = minutes[i++];
    const covered = last !== undefined && (m - last) * MINUTE <= reportWindowMs;
    const hour = Math.floor((m * MINUTE) / HOUR);
    samples.set(hour, (samples.get(hour) ?? true) && covered);
  }
  return [...samples].map(([hour, good]) => ({ hour, good }));
}

/** The data with the streams' reports added to refreshes and run outcomes. */
function withStreams(
  data: SloData,
  windowStart: number,
  options: Options,
): SloData {
  const points = streamPoints(data);
  if (points.length === 0) return data;
  const refreshes = [
    ...new Set([
      ...data.refreshes,
      ...points.filter(p => p >= windowStart && p <= options.now),
    ]),
  ].sort((a, b) => a - b);
  const before = points.filter(p => p < windowStart);
  const refreshBefore = Math.max(
    data.refreshBefore ?? -Infinity,
    before.length ? before[before.length - 1] : -Infinity,
  );
  const hours = new Map(data.runHours.map(h => [h.hour, { ...h }]));
  for (const { hour, good } of streamSamples(
    points.filter(p => p <= options.now),
    windowStart,
    options.now,
    options.reportWindowMs ?? DEFAULT_REPORT_WINDOW,
  )) {
    const h = hours.get(hour) ?? { hour, complete: 0, fail: 0, abort: 0 };
    if (good) h.complete++;
    else h.fail++;
    hours.set(hour, h);
  }
  const lastReport = points.filter(p => p <= options.now).pop();
  const lastRunAt = Math.max(
    data.lastRunAt ?? -Infinity,
    lastReport ?? -Infinity,
  );
  return {
    ...data,
    refreshes,
    ...(refreshBefore > -Infinity ? { refreshBefore } : {}),
    runHours: [...hours.values()].sort((a, b) => a.hour - b.hour),
    ...(lastRunAt > -Infinity ? { lastRunAt } : {}),
  };
}

const dayStart = (t: number) => Math.floor(t / DAY) * DAY;

function historyDays(windowStart: number, now: number): number[] {
  const days: number[] = [];
  const first = Math.max(
    dayStart(windowStart),
    dayStart(now) - (MAX_HISTORY_DAYS - 1) * DAY,
  );
  for (let d = first; d <= now; d += DAY) days.push(d);
  return days;
}

const dateOf = (t: number) => iso(t).slice(0, 10);

/** 1 untouched, 0 spent, below 0 overspent. */
function budgetRemaining(errorRate: number, allowed: number): number {
  if (allowed <= 0) return errorRate > 0 ? 0 : 1;
  return 1 - errorRate / allowed;
}

function burnRate(errorRate: number, allowed: number): number | null {
  if (allowed <= 0) return errorRate > 0 ? null : 0;
  return errorRate / allowed;
}

function empty(
  slo: DataProductSlo,
  window: string,
  extra: Partial<SloStatus>,
): SloStatus {
  return {
    indicator: slo.indicator,
    objective: slo.objective,
    window,
    comparison: 'atLeast',
    unit: 'number',
    target: NaN,
    source: 'none',
    current: null,
    met: null,
    windowValue: null,
    errorBudgetRemaining: null,
    burnRate: null,
    samples: 0,
    history: [],
    ...extra,
  };
}

/** Freshness from refresh times. */
function freshness(
  slo: DataProductSlo,
  window: string,
  windowStart: number,
  objectiveMs: number,
  data: SloData,
  options: Options,
): SloStatus {
  const { now } = options;
  const inWindow = data.refreshes.filter(t => t >= windowStart && t <= now);
  const before = [
    data.refreshBefore,
    ...data.refreshes.filter(t => t < windowStart),
  ].filter((t): t is number => t !== undefined);
  const prior = before.length ? Math.max(...before) : undefined;
  const last = inWindow.length ? inWindow[inWindow.length - 1] : prior;
  const base = {
    comparison: 'atMost' as const,
    unit: 'ms' as const,
    target: objectiveMs,
    source: 'refreshes' as const,
  };
  if (last === undefined) {
    return empty(slo, window, { ...base, source: 'none' });
  }

  // Intervals during which the latest refresh was `r`, within [from, now].
  const from = prior !== undefined ? windowStart : inWindow[0];
  const intervals: Array<{ r: number; start: number; end: number }> = [];
  const points = prior !== undefined ? [prior, ...inWindow] : inWindow;
  for (let i = 0; i < points.length; i++) {
    const start = Math.max(points[i], from);
    const end = i + 1 < points.length ? points[i + 1] : now;
    if (end > start || (end === start && i === points.length - 1)) {
      intervals.push({ r: points[i], start, end });
    }
  }
  const staleWithin = (a: number, b: number) => {
    let stale = 0;
    for (const { r, start, end } of intervals) {
      const s = Math.max(start, r + objectiveMs, a);
      const e = Math.min(end, b);
      if (e > s) stale += e - s;
    }
    return stale;
  };
  const span = now - from;
  const staleShare = span > 0 ? staleWithin(from, now) / span : 0;
  const allowed = 1 - options.freshnessTarget;
  const burnFrom = Math.max(from, now - BURN_WINDOW);
  const burnSpan = now - burnFrom;

  const history: SloHistoryPoint[] = historyDays(windowStart, now).map(d => {
    const dEnd = Math.min(d + DAY, now);
    let maxAge: number | null = null;
    for (const { r, start, end } of intervals) {
      if (end < d || start > dEnd) continue;
      const age = Math.min(end, dEnd) - r;
      maxAge = maxAge === null ? age : Math.max(maxAge, age);
    }
    return {
      date: dateOf(d),
      value: maxAge,
      met: maxAge === null ? null : maxAge <= objectiveMs,
    };
  });

  const current = now - last;
  const fresh = current <= objectiveMs;
  return {
    ...empty(slo, window, base),
    current,
    met: fresh,
    // A refresh just now: no time observed yet, so the share is whether it is fresh.
    windowValue: span > 0 ? 1 - staleShare : Number(fresh),
    errorBudgetRemaining: budgetRemaining(staleShare, allowed),
    burnRate:
      burnSpan > 0
        ? burnRate(staleWithin(burnFrom, now) / burnSpan, allowed)
        : null,
    samples: inWindow.length,
    lastObservedAt: iso(last),
    history,
  };
}

/** Availability from terminal runs per hour. */
function availability(
  slo: DataProductSlo,
  window: string,
  windowStart: number,
  ratio: number,
  data: SloData,
  options: Options,
): SloStatus {
  const fromHour = Math.floor(windowStart / HOUR);
  const hours = data.runHours.filter(h => h.hour >= fromHour);
  const base = {
    comparison: 'atLeast' as const,
    unit: 'ratio' as const,
    target: ratio,
    source: 'runs' as const,
  };
  const sum = (list: typeof hours) =>
    list.reduce(
      (acc, h) => ({
        good: acc.good + h.complete,
        total: acc.total + h.complete + h.fail + h.abort,
      }),
      { good: 0, total: 0 },
    );
  const all = sum(hours);
  if (all.total <= 0) {
    return empty(slo, window, { ...base, source: 'none' });
  }
  const value = all.good / all.total;
  const allowed = 1 - ratio;
  const recent = sum(
    hours.filter(h => (h.hour + 1) * HOUR > options.now - BURN_WINDOW),
  );
  const history = historyDays(windowStart, options.now).map(d => {
    const day = sum(
      hours.filter(h => h.hour * HOUR >= d && h.hour * HOUR < d + DAY),
    );
    const v = day.total > 0 ? day.good / day.total : null;
    return { date: dateOf(d), value: v, met: v === null ? null : v >= ratio };
  });
  return {
    ...empty(slo, window, base),
    current: value,
    met: value >= ratio,
    windowValue: value,
    errorBudgetRemaining: budgetRemaining(1 - value, allowed),
    burnRate:
      recent.total > 0
        ? burnRate(1 - recent.good / recent.total, allowed)
        : null,
    samples: all.total,
    ...(data.lastRunAt !== undefined
      ? { lastObservedAt: iso(data.lastRunAt) }
      : {}),
    history,
  };
}

/** Any indicator, from measured values per hour. */
function fromObservations(
  slo: DataProductSlo,
  window: string,
  windowStart: number,
  objective: SloObjective,
  data: SloData,
  options: Options,
): SloStatus {
  const fromHour = Math.floor(windowStart / HOUR);
  const hours = (
    data.observationHours.get(slo.indicator.toLocaleLowerCase('en-US')) ?? []
  ).filter(h => h.hour >= fromHour);
  let target: number;
  let comparison: SloStatus['comparison'] = 'atLeast';
  let unit: SloStatus['unit'];
  if (objective.type === 'duration') {
    target = objective.milliseconds;
    comparison = 'atMost';
    unit = 'ms';
  } else if (objective.type === 'ratio') {
    target = objective.ratio;
    unit = 'ratio';
  } else {
    target = objective.value;
    unit = 'number';
  }
  const base = { comparison, unit, target, source: 'observations' as const };
  const count = hours.reduce((n, h) => n + h.count, 0);
  if (count === 0) {
    return empty(slo, window, { ...base, source: 'none' });
  }
  const meets = (v: number) =>
    comparison === 'atMost' ? v <= target : v >= target;
  const mean = (list: typeof hours) => {
    const n = list.reduce((a, h) => a + h.count, 0);
    return n > 0 ? list.reduce((a, h) => a + h.sum, 0) / n : null;
  };
  const latest = hours.reduce((a, h) => (h.lastAt >= a.lastAt ? h : a));
  const windowValue = mean(hours)!;
  const recent = mean(
    hours.filter(h => (h.hour + 1) * HOUR > options.now - BURN_WINDOW),
  );
  const hasBudget = objective.type === 'ratio';
  const allowed = 1 - target;
  const history = historyDays(windowStart, options.now).map(d => {
    const v = mean(
      hours.filter(h => h.hour * HOUR >= d && h.hour * HOUR < d + DAY),
    );
    return { date: dateOf(d), value: v, met: v === null ? null : meets(v) };
  });
  return {
    ...empty(slo, window, base),
    current: latest.lastValue,
    met: meets(latest.lastValue),
    windowValue,
    errorBudgetRemaining: hasBudget
      ? budgetRemaining(Math.max(0, 1 - windowValue), allowed)
      : null,
    burnRate:
      hasBudget && recent !== null
        ? burnRate(Math.max(0, 1 - recent), allowed)
        : null,
    samples: count,
    lastObservedAt: iso(latest.lastAt),
    history,
  };
}

/** The window of an SLO in milliseconds, or undefined when it does not parse. */
export function sloWindowMs(slo: DataProductSlo, defaultWindow: string) {
  try {
    return parseSloWindow(slo.window ?? defaultWindow);
  } catch {
    return undefined;
  }
}

/** Computes the status of one declared SLO; never throws (a bad SLO gets `problem`). */
export function computeSloStatus(
  slo: DataProductSlo,
  sloData: SloData,
  options: Options,
): SloStatus {
  const window = slo.window ?? options.defaultWindow;
  let objective: SloObjective;
  let windowMs: number;
  try {
    objective = parseSloObjective(slo.objective);
    windowMs = parseSloWindow(window);
  } catch (e) {
    return empty(slo, window, { problem: (e as Error).message });
  }
  const windowStart = options.now - windowMs;
  const indicator = slo.indicator.toLocaleLowerCase('en-US');
  const data = withStreams(sloData, windowStart, options);
  const observed = (data.observationHours.get(indicator)?.length ?? 0) > 0;

  if (indicator === 'freshness' && objective.type === 'duration') {
    const status = freshness(
      slo,
      window,
      windowStart,
      objective.milliseconds,
      data,
      options,
    );
    if (status.source !== 'none' || !observed) return status;
  }
  if (indicator === 'availability' && objective.type === 'ratio') {
    const status = availability(
      slo,
      window,
      windowStart,
      objective.ratio,
      data,
      options,
    );
    if (status.source !== 'none' || !observed) return status;
  }
  return fromObservations(slo, window, windowStart, objective, data, options);
}
