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
  getJsonValueAtPath,
  parseFilterPredicate,
  type FilterPredicate,
} from '@backstage/filter-predicates';
import type { JsonValue } from '@backstage/types';

/*
 * `appliesTo` is a Backstage filter predicate, parsed and validated by
 * @backstage/filter-predicates. Its evaluator interprets the predicate on every call and
 * looks paths up by iterating object keys (it tolerates keys that contain dots), about
 * 100-400 ns per policy and entity. This compiles a parsed predicate once to closures with
 * the same semantics (a differential test runs both on the same inputs): the same operators
 * ($all, $any, $not, $exists, $in, $contains, $hasPrefix, case-insensitive equality, numbers
 * equal to their string form), unknown operators never match, and path lookups check the
 * few keys a path can match directly, falling back to Backstage's lookup when an object has
 * more than one candidate key (a key that itself contains dots).
 */

type Test = (value: unknown) => boolean;

const hasOwn = Object.hasOwn;

function isPrimitiveLike(v: unknown): boolean {
  return typeof v !== 'object' || v === null || Array.isArray(v);
}

/** The equality of @backstage/filter-predicates. */
function valuesAreEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return false;
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    return a.toUpperCase() === b.toUpperCase();
  }
  if (typeof a === 'number' || typeof b === 'number') {
    return String(a) === String(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => valuesAreEqual(v, b[i]));
  }
  return false;
}

function isAscii(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) > 127) return false;
  }
  return true;
}

/**
 * `a.toUpperCase() === upper` without allocating for ASCII strings (the usual case); other
 * strings go through toUpperCase, whose result may differ in length (ß becomes SS).
 */
function upperEquals(a: string, upper: string): boolean {
  if (a.length !== upper.length) {
    return isAscii(a) ? false : a.toUpperCase() === upper;
  }
  for (let i = 0; i < a.length; i++) {
    let c = a.charCodeAt(i);
    if (c > 127) return a.toUpperCase() === upper;
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== upper.charCodeAt(i)) return false;
  }
  return true;
}

/** A test of equality against a fixed value, specialised for strings. */
function equalsTest(expected: unknown): Test {
  if (typeof expected === 'string') {
    const upper = expected.toUpperCase();
    return v =>
      v === expected ||
      (typeof v === 'string'
        ? upperEquals(v, upper)
        : valuesAreEqual(v, expected));
  }
  return v => valuesAreEqual(v, expected);
}

/** Compiles `getJsonValueAtPath(value, path)`. */
function compilePath(path: string): (value: unknown) => unknown {
  if (!path) return () => undefined;
  const segments = path.split('.');
  const n = segments.length;
  // keys[i][j]: segments i..j joined with dots, the keys that can match at depth i.
  const keys = segments.map((_, i) =>
    segments.slice(i).map((__, k) => segments.slice(i, i + k + 1).join('.')),
  );
  const rests = keys.map(k => k[k.length - 1]);

  const lookup = (value: unknown, i: number): unknown => {
    if (isPrimitiveLike(value)) return undefined;
    const o = value as Record<string, unknown>;
    const candidates = keys[i];
    let found = -1;
    for (let j = 0; j < candidates.length; j++) {
      if (hasOwn(o, candidates[j])) {
        if (found !== -1) {
          // Several keys could match: let Backstage's lookup decide, in key order.
          return getJsonValueAtPath(o as JsonValue, rests[i]);
        }
        found = j;
      }
    }
    if (found === -1) return undefined;
    const next = i + found + 1;
    const v = o[candidates[found]];
    if (next === n) return v;
    return lookup(v, next);
  };

  if (n === 1) {
    const key = segments[0];
    return value => {
      if (isPrimitiveLike(value)) return undefined;
      const o = value as Record<string, unknown>;
      return hasOwn(o, key) ? o[key] : undefined;
    };
  }
  return value => lookup(value, 0);
}

function compileValueMatcher(filter: unknown): Test {
  if (isPrimitiveLike(filter)) return equalsTest(filter);
  const f = filter as Record<string, unknown>;
  if ('$contains' in f) {
    const inner = compileNode(f.$contains);
    return v => Array.isArray(v) && v.some(inner);
  }
  if ('$in' in f) {
    const tests = (f.$in as unknown[]).map(equalsTest);
    return v => {
      for (const t of tests) if (t(v)) return true;
      return false;
    };
  }
  if ('$exists' in f) {
    return f.$exists === true ? v => v !== undefined : v => v === undefined;
  }
  if ('$hasPrefix' in f) {
    const prefix = String(f.$hasPrefix).toUpperCase();
    return v => typeof v === 'string' && v.toUpperCase().startsWith(prefix);
  }
  return () => false;
}

function compileNode(predicate: unknown): Test {
  if (isPrimitiveLike(predicate)) return equalsTest(predicate);
  const p = predicate as Record<string, unknown>;
  if ('$all' in p) {
    const all = (p.$all as unknown[]).map(compileNode);
    return v => {
      for (const t of all) if (!t(v)) return false;
      return true;
    };
  }
  if ('$any' in p) {
    const any = (p.$any as unknown[]).map(compileNode);
    return v => {
      for (const t of any) if (t(v)) return true;
      return false;
    };
  }
  if ('$not' in p) {
    const inner = compileNode(p.$not);
    return v => !inner(v);
  }
  const tests: Test[] = [];
  for (const key of Object.keys(p)) {
    // An unknown operator never matches.
    if (key.startsWith('$')) return () => false;
    const get = compilePath(key);
    const match = compileValueMatcher(p[key]);
    tests.push(v => match(get(v)));
  }
  if (tests.length === 1) return tests[0];
  return v => {
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

/**
 * Parses a filter predicate (as @backstage/filter-predicates does, throwing on an invalid
 * one) and compiles it to a test function.
 */
export function compileFilterPredicate(raw: unknown): {
  predicate: FilterPredicate;
  test: (value: unknown) => boolean;
} {
  const predicate = parseFilterPredicate(raw);
  return { predicate, test: compileNode(predicate) };
}
