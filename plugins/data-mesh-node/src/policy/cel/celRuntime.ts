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

import type { parse } from '@bufbuild/cel';

/*
 * CEL's runtime semantics over an entity's plain JSON, for the generated code: the one place
 * that says what `==`, `<`, `in`, `size`, `+` and the string methods mean. JSON numbers are
 * CEL doubles, integer literals and size() results are CEL ints (bigint, as in
 * @bufbuild/cel), and errors are values (`CelErrorValue`) that `&&`, `||` and the macros
 * absorb the way CEL does. The reference is @bufbuild/cel: the differential tests compare
 * the two over generated expressions and entities.
 *
 * Every helper that touches a value in proportion to its size charges the evaluation's cost
 * counter (`EvalFrame.cost`) as it goes, and returns `COST_EXCEEDED` once the counter is
 * spent, so no single operation (a deep `==`, an `in` over a long list, a long string
 * search) can run far past the limit. See celCost.ts for the units.
 */

/** The parsed CEL AST node, as produced by `@bufbuild/cel`'s `parse`. */
export type CelExpr = ReturnType<typeof parse>['expr'];

/** An error value flowing through an evaluation (CEL errors are values, not exceptions). */
export class CelErrorValue {
  constructor(readonly message: string) {}
}

/** Thrown at compile time when an expression uses something outside the compiled subset. */
export class UnsupportedExpression extends Error {
  constructor(what: string) {
    super(`not supported by the compiled evaluator: ${what}`);
    this.name = 'UnsupportedExpression';
  }
}

/**
 * The mutable state of one evaluation. One frame is reused for every rule evaluated over
 * one entity (evaluations are synchronous); each evaluation resets the two counters.
 */
export interface EvalFrame {
  /** The root variables; always these three, so that reading them is a fixed-shape load. */
  vars: { entity: unknown; spec: unknown; metadata: unknown };
  /** Remaining comprehension iterations; the evaluation is an error once below zero. */
  budget: number;
  /** Remaining cost units; the evaluation is an error once below zero. */
  cost: number;
}

/** The error of an evaluation whose comprehension iterations ran out. */
export const ITERATIONS_EXCEEDED = new CelErrorValue(
  'evaluation exceeded its iteration budget',
);

/** The error of an evaluation whose cost counter ran out. */
export const COST_EXCEEDED = new CelErrorValue(
  'evaluation exceeded its cost limit',
);

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

const hasOwn = Object.hasOwn;

/** Charges the cost counter; true when it is spent. */
function spent(f: EvalFrame, units: number): boolean {
  f.cost -= units;
  return f.cost < 0;
}

/** Charges the iteration budget; true when it is spent. */
function spentIterations(f: EvalFrame, n: number): boolean {
  f.budget -= n;
  return f.budget < 0;
}

/**
 * Cost units of traversing `n` UTF-16 code units of a string: one per two characters (a
 * unit is about 5 ns of CPU on the machine the limits were measured on).
 */
export function stringCost(n: number): number {
  // Sizes in estimates (and counts in the interpreter) can exceed 32 bits.
  return n < 0x80000000 ? n >>> 1 : Math.floor(n / 2);
}

/** Cost units of comparing or copying one list element, beyond what it contains. */
export const ELEMENT_COST = 2;

/**
 * Cost units of listing one key of a map (`Object.keys`): a large object of the entity is a
 * hash table, whose keys cost some 100-250 ns each to list in order.
 */
export const KEY_COST = 32;

export function isMap(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof CelErrorValue)
  );
}

export function typeName(v: unknown): string {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'double';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    default:
      if (v === null) return 'null_type';
      if (Array.isArray(v)) return 'list';
      return 'map';
  }
}

export function noOverload(fn: string, ...args: unknown[]): CelErrorValue {
  return new CelErrorValue(
    `found no matching overload for '${fn}' applied to '(${args
      .map(typeName)
      .join(', ')})'`,
  );
}

/**
 * CEL equality: heterogeneous (values of different types are unequal, not an error), numbers
 * compared across int and double by value, NaN unequal to itself, lists element-wise, maps
 * key-wise. Charges one unit per list element or map key visited and the length of compared
 * strings; gives `COST_EXCEEDED` when the counter runs out part-way.
 */
export function celEquals(
  f: EvalFrame,
  a: unknown,
  b: unknown,
): boolean | CelErrorValue {
  if (typeof a === 'string') {
    if (typeof b !== 'string') return false;
    if (spent(f, stringCost(a.length < b.length ? a.length : b.length))) {
      return COST_EXCEEDED;
    }
    return a === b;
  }
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (
    (ta === 'number' || ta === 'bigint') &&
    (tb === 'number' || tb === 'bigint')
  ) {
    // Loose equality compares a bigint and a number by exact value, as @bufbuild/cel does.
    // eslint-disable-next-line eqeqeq
    return ta !== tb && (a as number) == (b as number);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (spent(f, ELEMENT_COST)) return COST_EXCEEDED;
      const r = celEquals(f, a[i], b[i]);
      if (r !== true) return r;
    }
    return true;
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    const other = Object.keys(b);
    if (spent(f, KEY_COST * (keys.length + other.length))) {
      return COST_EXCEEDED;
    }
    if (keys.length !== other.length) return false;
    for (const k of keys) {
      if (!hasOwn(b, k)) return false;
      const r = celEquals(f, a[k], b[k]);
      if (r !== true) return r;
    }
    return true;
  }
  return false;
}

/**
 * CEL ordering: a negative number, zero or a positive number, NaN when either side is NaN
 * (every comparison is then false), `undefined` when the two values have no ordering
 * overload. An int compared with a double is converted to double first, as CEL does
 * (`9007199254740993 > 9007199254740992.0` is false).
 */
export function celCompare(
  f: EvalFrame,
  a: unknown,
  b: unknown,
): number | undefined | CelErrorValue {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number') {
    if (tb === 'number') return compareNumbers(a as number, b as number);
    if (tb === 'bigint') return compareNumbers(a as number, Number(b));
    return undefined;
  }
  if (ta === 'bigint') {
    if (tb === 'bigint') {
      if ((a as bigint) < (b as bigint)) return -1;
      return (a as bigint) > (b as bigint) ? 1 : 0;
    }
    if (tb === 'number') return compareNumbers(Number(a), b as number);
    return undefined;
  }
  if (ta === 'string' && tb === 'string') {
    const x = a as string;
    const y = b as string;
    if (spent(f, stringCost(x.length < y.length ? x.length : y.length))) {
      return COST_EXCEEDED;
    }
    if (x < y) return -1;
    return x > y ? 1 : 0;
  }
  if (ta === 'boolean' && tb === 'boolean') {
    return Number(a) - Number(b);
  }
  return undefined;
}

function compareNumbers(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  return x === y ? 0 : NaN;
}

/** `<`, `<=`, `>`, `>=` over two evaluated operands. */
export function celRelation(
  f: EvalFrame,
  fn: string,
  a: unknown,
  b: unknown,
): unknown {
  if (a instanceof CelErrorValue) return a;
  if (b instanceof CelErrorValue) return b;
  const c = celCompare(f, a, b);
  if (c === undefined) return noOverload(fn, a, b);
  if (c instanceof CelErrorValue) return c;
  switch (fn) {
    case '_<_':
      return c < 0;
    case '_<=_':
      return c <= 0;
    case '_>_':
      return c > 0;
    default:
      return c >= 0;
  }
}

export function checkInt(v: bigint, fn: string): bigint | CelErrorValue {
  if (v > INT64_MAX || v < INT64_MIN) {
    return new CelErrorValue(`int overflow during ${fn}`);
  }
  return v;
}

/** `-`, `*`, `/`, `%` (and `+` of numbers): int (64-bit, checked) or double arithmetic. */
export function arith(fn: string, a: unknown, b: unknown): unknown {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint' && tb === 'bigint') {
    const x = a as bigint;
    const y = b as bigint;
    switch (fn) {
      case '_+_':
        return checkInt(x + y, fn);
      case '_-_':
        return checkInt(x - y, fn);
      case '_*_':
        return checkInt(x * y, fn);
      case '_/_':
        if (y === 0n) return new CelErrorValue('int divide by zero');
        return checkInt(x / y, fn);
      default:
        if (y === 0n) return new CelErrorValue('int modulus by zero');
        return checkInt(x % y, fn);
    }
  }
  if (ta === 'number' && tb === 'number') {
    const x = a as number;
    const y = b as number;
    switch (fn) {
      case '_+_':
        return x + y;
      case '_-_':
        return x - y;
      case '_*_':
        return x * y;
      case '_/_':
        return x / y;
      default:
        return noOverload(fn, a, b);
    }
  }
  return noOverload(fn, a, b);
}

/** `a + b`: numbers, or concatenation of strings or lists, charged by the result's size. */
export function celAdd(f: EvalFrame, a: unknown, b: unknown): unknown {
  if (a instanceof CelErrorValue) return a;
  if (b instanceof CelErrorValue) return b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (spent(f, stringCost(a.length + b.length))) return COST_EXCEEDED;
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Copying counts toward the iteration budget too, as it always has.
    const n = a.length + b.length;
    if (spentIterations(f, n)) return ITERATIONS_EXCEEDED;
    if (spent(f, n)) return COST_EXCEEDED;
    return a.concat(b);
  }
  return arith('_+_', a, b);
}

/**
 * `@result + [e]` inside map and filter, where the accumulator is a list the comprehension
 * created itself: appended in place instead of copied on every iteration (which would make
 * the macros quadratic).
 */
export function celAppend(acc: unknown, add: unknown): unknown {
  if (acc instanceof CelErrorValue) return acc;
  if (add instanceof CelErrorValue) return add;
  if (!Array.isArray(acc)) return noOverload('_+_', acc, add);
  for (const v of add as unknown[]) acc.push(v);
  return acc;
}

export function celNot(v: unknown): unknown {
  if (typeof v === 'boolean') return !v;
  return v instanceof CelErrorValue ? v : noOverload('!_', v);
}

export function celNegate(v: unknown): unknown {
  if (typeof v === 'number') return -v;
  if (typeof v === 'bigint') return checkInt(-v, '-_');
  return v instanceof CelErrorValue ? v : noOverload('-_', v);
}

const SURROGATE = /[\uD800-\uDFFF]/;

// size() gives a CEL int (a bigint); creating a bigint allocates, so small ones are shared.
const SMALL_INTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));
const int = (n: number): bigint => (n < 1024 ? SMALL_INTS[n] : BigInt(n));

/** `size(x)`: code points of a string, elements of a list, keys of a map. */
export function celSize(f: EvalFrame, v: unknown): unknown {
  if (typeof v === 'string') {
    if (spent(f, stringCost(v.length))) return COST_EXCEEDED;
    // A regular expression scans a long string faster than the loop below.
    if (v.length > 64 && !SURROGATE.test(v)) return int(v.length);
    let n = 0;
    // Count code points, as CEL does (a surrogate pair is one character).
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff || i + 1 === v.length) n++;
      else {
        const d = v.charCodeAt(i + 1);
        n++;
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    return int(n);
  }
  if (Array.isArray(v)) return int(v.length);
  if (isMap(v)) {
    const n = Object.keys(v).length;
    if (spent(f, KEY_COST * n)) return COST_EXCEEDED;
    return int(n);
  }
  return v instanceof CelErrorValue ? v : noOverload('size', v);
}

/**
 * `a in b`: list membership by CEL equality (charged per element), or a map key. Only the
 * types CEL allows as map keys can be looked up (string, int, uint, bool, and double as
 * @bufbuild/cel does); any other (a list, a map, null) is an error, not false.
 */
export function celIn(f: EvalFrame, a: unknown, b: unknown): unknown {
  if (a instanceof CelErrorValue) return a;
  if (b instanceof CelErrorValue) return b;
  if (Array.isArray(b)) {
    for (let i = 0; i < b.length; i++) {
      if (spent(f, ELEMENT_COST)) return COST_EXCEEDED;
      const r = celEquals(f, a, b[i]);
      if (r !== false) return r;
    }
    return false;
  }
  if (isMap(b)) {
    switch (typeof a) {
      case 'string':
        // As in @bufbuild/cel, a key whose value is null counts as absent for `in`.
        return hasOwn(b, a) && b[a] !== undefined && b[a] !== null;
      case 'number':
      case 'bigint':
      case 'boolean':
        // JSON maps only have string keys.
        return false;
      default:
        return noOverload('@in', a, b);
    }
  }
  return noOverload('@in', a, b);
}

export function celIndex(o: unknown, k: unknown): unknown {
  if (o instanceof CelErrorValue) return o;
  if (k instanceof CelErrorValue) return k;
  if (Array.isArray(o)) {
    let i: number;
    if (typeof k === 'bigint') i = Number(k);
    else if (typeof k === 'number' && Number.isInteger(k)) i = k;
    else return new CelErrorValue(`unsupported index type ${typeName(k)}`);
    if (i < 0 || i >= o.length) {
      return new CelErrorValue(`index ${i} out of bounds [0, ${o.length})`);
    }
    return o[i];
  }
  if (isMap(o) && typeof k === 'string') {
    if (hasOwn(o, k) && o[k] !== undefined) return o[k];
    return new CelErrorValue(`field not found: ${k}`);
  }
  // Never String() a value of the entity: a key named `toString` makes it throw.
  return noOverload('_[_]', o, k);
}

/** `s.startsWith(x)`, `s.endsWith(x)`, `s.contains(x)`, charged as Kubernetes does. */
export function stringMethod(
  f: EvalFrame,
  fn: 'startsWith' | 'endsWith' | 'contains',
  s: unknown,
  arg: unknown,
): unknown {
  if (s instanceof CelErrorValue) return s;
  if (arg instanceof CelErrorValue) return arg;
  if (typeof s !== 'string' || typeof arg !== 'string') {
    return noOverload(fn, s, arg);
  }
  if (spent(f, stringMethodCost(fn, s.length, arg.length))) {
    return COST_EXCEEDED;
  }
  switch (fn) {
    case 'startsWith':
      return s.startsWith(arg);
    case 'endsWith':
      return s.endsWith(arg);
    default:
      return s.includes(arg);
  }
}

/** Cost of a string method beyond its node: the prefix or suffix, or a search's worst case. */
export function stringMethodCost(
  fn: string,
  length: number,
  argLength: number,
): number {
  if (fn === 'contains') {
    return (1 + stringCost(length)) * (1 + stringCost(argLength));
  }
  return stringCost(argLength);
}

/** Keys that exist on Object.prototype: reading them needs an own-property check. */
export const PROTOTYPE_KEYS = (k: string) => k in Object.prototype;

export type ConstantValue = string | number | bigint | boolean;

export function constantOf(
  e: CelExpr | undefined,
): { value: ConstantValue } | undefined {
  if (e?.exprKind.case !== 'constExpr') return undefined;
  const k = e.exprKind.value.constantKind;
  switch (k.case) {
    case 'boolValue':
    case 'stringValue':
    case 'doubleValue':
      return { value: k.value };
    case 'int64Value':
      return { value: BigInt(k.value) };
    default:
      return undefined;
  }
}

export function constantStringSet(
  e: CelExpr | undefined,
): Set<string> | undefined {
  if (
    e?.exprKind.case !== 'listExpr' ||
    e.exprKind.value.optionalIndices.length
  ) {
    return undefined;
  }
  const set = new Set<string>();
  for (const el of e.exprKind.value.elements) {
    const c = constantOf(el);
    if (!c || typeof c.value !== 'string') return undefined;
    set.add(c.value);
  }
  return set;
}
