import { describeValue } from '../util';

/**
 * A parsed SLO objective.
 *
 * @remarks
 *
 * - `duration`: written like `15m`, `2h`, `1d` or `1h30m`, e.g. a freshness
 *   objective; `milliseconds` holds its length.
 * - `ratio`: written as a percentage like `99.95%`, e.g. an availability or
 *   completeness objective; `ratio` holds it as a number from 0 to 1.
 * - `number`: a plain number like `0.98` or `250`, read as written.
 *
 * @public
 */
export type SloObjective =
  | { type: 'duration'; milliseconds: number }
  | { type: 'ratio'; ratio: number }
  | { type: 'number'; value: number };

const UNIT_MILLISECONDS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

// One or more "<number><unit>" parts, largest first by convention: 15m, 1h30m, 1.5d
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What a duration must look like, phrased to follow "must be". */
export const DURATION_EXPECTATION =
  'a duration such as 15m, 2h, 1d or 1h30m (units ms, s, m, h, d, w)';

/** What an SLO objective must look like, phrased to follow "must be". */
export const OBJECTIVE_EXPECTATION =
  'a duration such as 15m, 2h or 1d, a percentage such as 99.95%, or a plain number';

type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/** @internal */
export function tryParseDuration(value: unknown): Parsed<number> {
  if (typeof value !== 'string') {
    return { ok: false, expected: DURATION_EXPECTATION };
  }
  const text = value.trim();
  if (!DURATION_PATTERN.test(text)) {
    return { ok: false, expected: DURATION_EXPECTATION };
  }
  let milliseconds = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
    milliseconds += Number(amount) * UNIT_MILLISECONDS[unit];
  }
  if (!(milliseconds > 0) || !Number.isFinite(milliseconds)) {
    return { ok: false, expected: 'a duration longer than zero, such as 15m' };
  }
  return { ok: true, value: Math.round(milliseconds) };
}

/** @internal */
export function tryParseSloObjective(value: unknown): Parsed<SloObjective> {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0
      ? { ok: true, value: { type: 'number', value } }
      : { ok: false, expected: 'a number that is zero or more' };
  }
  if (typeof value !== 'string') {
    return { ok: false, expected: OBJECTIVE_EXPECTATION };
  }
  const text = value.trim();
  if (text.endsWith('%')) {
    const percentText = text.slice(0, -1).trim();
    const percent = Number(percentText);
    if (
      !NUMBER_PATTERN.test(percentText) ||
      !(percent >= 0 && percent <= 100)
    ) {
      return {
        ok: false,
        expected: 'a percentage from 0% to 100%, such as 99.95%',
      };
    }
    return { ok: true, value: { type: 'ratio', ratio: percent / 100 } };
  }
  if (NUMBER_PATTERN.test(text)) {
    return tryParseSloObjective(Number(text));
  }
  const duration = tryParseDuration(text);
  if (duration.ok) {
    return {
      ok: true,
      value: { type: 'duration', milliseconds: duration.value },
    };
  }
  return {
    ok: false,
    expected: DURATION_PATTERN.test(text)
      ? duration.expected
      : OBJECTIVE_EXPECTATION,
  };
}

/**
 * Parses a duration such as `15m`, `2h`, `1d`, `1w` or `1h30m` into
 * milliseconds. Units are `ms`, `s`, `m` (minutes), `h`, `d` and `w`.
 *
 * @param value - The duration as written in an entity
 * @returns The duration in milliseconds
 * @throws TypeError naming the bad value if it is not a duration longer than zero
 * @public
 */
export function parseDuration(value: string): number {
  const result = tryParseDuration(value);
  if (!result.ok) {
    throw new TypeError(
      `Invalid duration ${describeValue(value)}, expected ${result.expected}`,
    );
  }
  return result.value;
}

/**
 * Parses an SLO window such as `30d` or `4w` into milliseconds.
 *
 * @param value - The window as written in an SLO
 * @returns The window in milliseconds
 * @throws TypeError naming the bad value if it is not a duration longer than zero
 * @public
 */
export function parseSloWindow(value: string): number {
  const result = tryParseDuration(value);
  if (!result.ok) {
    throw new TypeError(
      `Invalid SLO window ${describeValue(value)}, expected ${result.expected}`,
    );
  }
  return result.value;
}

/**
 * Parses an SLO objective: a duration (`15m`, `2h`, `1d`), a percentage
 * (`99.95%`, returned as a ratio from 0 to 1) or a plain number (`0.98`, `250`,
 * also accepted as a number-valued string).
 *
 * @param value - The objective as written in an SLO
 * @returns The parsed objective
 * @throws TypeError naming the bad value if it is none of the accepted forms
 * @public
 */
export function parseSloObjective(value: string | number): SloObjective {
  const result = tryParseSloObjective(value);
  if (!result.ok) {
    throw new TypeError(
      `Invalid SLO objective ${describeValue(value)}, expected ${
        result.expected
      }`,
    );
  }
  return result.value;
}
