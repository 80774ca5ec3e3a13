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
  celEnv,
  celFunc,
  celList,
  celMethod,
  CelScalar,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  plan,
  type CelEnv,
  type CelFunc,
  type CelInput,
  type CelList,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { callCost, iterationCost, staticCost } from './celCost';
import { ELEMENT_COST, KEY_COST, stringCost, type CelExpr } from './celRuntime';

/*
 * @bufbuild/cel's interpreter, bounded the way the generated code is: for the rules that use
 * what the code generator does not cover (regular expressions, conversions, timestamps, the
 * string extensions, map literals). Its planner cannot be instrumented, so the bounds come
 * from two public seams:
 *
 * - every function of the environment is replaced by one with the same signature that
 *   charges the cost counter (celCost.ts) before it runs; `==`, `!=`, `in` over a list,
 *   `replace`, `join` and `format`, which can cost more than their arguments' sizes say, are
 *   reimplemented with the same results, charging as they go (and `replace` in linear time:
 *   @bufbuild/cel's is quadratic in the number of replacements);
 * - before planning, every macro gets its iterations charged and counted (`@iter` around its
 *   loop condition), its range charged by size (`@range`, the planner copies it), and the
 *   map and filter accumulators appended in place (`@append`), as the generated code does
 *   (the planner's lazy list concatenation makes a long map quadratic to read back); and
 *   `list[i]` takes only the index types CEL defines (`@index`).
 *
 * A spent counter throws inside the charging function, which the interpreter turns into an
 * error value; every later charge throws too, so loops stop at their next iteration, and
 * the caller reports the evaluation as over its limit whatever became of the error.
 */

/** The interpreter does about this many times the work of generated code per operation. */
export const INTERPRETER_COST_FACTOR = 20;

/** The counters of the evaluation in progress (evaluations are synchronous). */
export interface InterpreterMeter {
  /** Remaining cost units. */
  cost: number;
  /** Remaining macro iterations. */
  budget: number;
}

let active: InterpreterMeter | undefined;

class LimitExceeded extends Error {}
const COST_SIGNAL = new LimitExceeded('evaluation exceeded its cost limit');
const ITERATION_SIGNAL = new LimitExceeded(
  'evaluation exceeded its iteration budget',
);

function charge(units: number): void {
  if (!active) return;
  active.cost -= units * INTERPRETER_COST_FACTOR;
  if (active.cost < 0) throw COST_SIGNAL;
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (isCelList(v) || isCelMap(v)) return v.size;
  return 0;
}

/** The base environment: CEL's standard library and the string extensions. */
export const baseEnv: CelEnv = celEnv({ funcs: strings });

const baseEquals = baseEnv.funcs.find('_==_')!;

/** CEL equality over CEL values, as @bufbuild/cel's, charged per element and character. */
function equalsMetered(a: CelValue, b: CelValue): boolean {
  if (a === b) return true;
  if (isCelList(a)) {
    if (!isCelList(b) || a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) {
      charge(ELEMENT_COST);
      if (!equalsMetered(a.get(i)!, b.get(i)!)) return false;
    }
    return true;
  }
  if (isCelMap(a)) {
    if (!isCelMap(b) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      charge(ELEMENT_COST);
      const other = b.get(k);
      if (other === undefined || !equalsMetered(v, other)) return false;
    }
    return true;
  }
  // Scalars as @bufbuild/cel compares them, without a trip through its function table.
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' || tb === 'string') {
    if (ta !== tb) return false;
    charge(stringCost(Math.min((a as string).length, (b as string).length)));
    return a === b;
  }
  if (
    (ta === 'number' || ta === 'bigint') &&
    (tb === 'number' || tb === 'bigint')
  ) {
    // eslint-disable-next-line eqeqeq
    return (a as number) == (b as number);
  }
  if (ta === 'boolean' || tb === 'boolean' || a === null || b === null) {
    return false;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    charge(stringCost(Math.min(a.length, b.length)));
  }
  return baseEquals.call(0, undefined, [a, b]) === true;
}

/** Charges for reading a value entirely (what formatting it to text does). */
function chargeDeep(v: CelValue): void {
  charge(1);
  if (typeof v === 'string' || v instanceof Uint8Array) {
    charge(stringCost(v.length));
  } else if (isCelList(v)) {
    for (const x of v) chargeDeep(x);
  } else if (isCelMap(v)) {
    for (const [k, x] of v) {
      chargeDeep(k as CelValue);
      chargeDeep(x);
    }
  }
}

/**
 * `s.replace(old, new[, n])` with @bufbuild/cel's results, in linear time, charged for the
 * result before it is built.
 */
function replaceLinear(
  s: string,
  old: string,
  replacement: string,
  n?: bigint,
): string {
  const count = n === undefined ? s.length : Number(n);
  if (!(count > 0)) return s;
  charge(stringCost(s.length));
  if (old === '') {
    // @bufbuild/cel finds the empty string again right after each insertion: the
    // replacement ends up `count` times in front of the string.
    charge(stringCost(s.length + count * replacement.length));
    return replacement.repeat(count) + s;
  }
  const parts: string[] = [];
  let from = 0;
  while (parts.length < count) {
    const i = s.indexOf(old, from);
    if (i < 0) break;
    parts.push(s.slice(from, i));
    from = i + old.length;
  }
  const replaced = parts.length;
  charge(stringCost(s.length + replaced * replacement.length));
  parts.push(s.slice(from));
  return parts.join(replacement);
}

type Impl = (this: unknown, ...args: any[]) => unknown;

/** Reimplementations, by overload id; the rest are wrapped with a charge. */
const OVERRIDES: Record<string, Impl> = {
  '_==_(dyn,dyn)': (a: CelValue, b: CelValue) => equalsMetered(a, b),
  '_!=_(dyn,dyn)': (a: CelValue, b: CelValue) => !equalsMetered(a, b),
  '@in(dyn,list)': (x: CelValue, list: CelList) => {
    for (const v of list) {
      charge(ELEMENT_COST);
      if (equalsMetered(v, x)) return true;
    }
    return false;
  },
  'string.replace(string,string)': function replace(
    this: unknown,
    old: string,
    replacement: string,
  ) {
    return replaceLinear(this as string, old, replacement);
  },
  'string.replace(string,string,int)': function replace(
    this: unknown,
    old: string,
    replacement: string,
    n: bigint,
  ) {
    return replaceLinear(this as string, old, replacement, n);
  },
};

/** Functions whose implementation runs after a charge for reading their input entirely. */
const READS_DEEPLY = new Set(['format', 'join']);

function metered(f: CelFunc): CelFunc {
  const override = OVERRIDES[f.id];
  const impl: Impl =
    override ??
    function charged(this: unknown, ...args: CelValue[]) {
      const target = f.target ? (this as CelValue) : undefined;
      charge(
        callCost(
          f.name,
          target === undefined ? undefined : sizeOf(target),
          args.map(sizeOf),
        ),
      );
      if (READS_DEEPLY.has(f.name)) {
        if (target !== undefined) chargeDeep(target);
        for (const a of args) chargeDeep(a);
      }
      const result = f.call(0, target, args);
      if (isCelError(result)) throw result;
      return result;
    };
  return f.target
    ? celMethod(f.name, f.target, f.arguments as any, f.result, impl as any)
    : celFunc(f.name, f.arguments as any, f.result, impl as any);
}

const DYN = CelScalar.DYN;
const owned = new WeakMap<object, CelValue[]>();

/**
 * `list[i]` as CEL defines it: an int index (or a double with an integral value), else an
 * error. @bufbuild/cel reads any index through `Number()`, so that `l[true]`, `l["1"]` and
 * `l[null]` give an element; the generated code and this follow the spec.
 */
function index(container: CelValue, key: CelValue): CelValue {
  if (isCelList(container)) {
    let i: number;
    if (typeof key === 'bigint') i = Number(key);
    else if (typeof key === 'number' && Number.isInteger(key)) i = key;
    else if (isCelUint(key)) i = Number(key.value);
    else throw new Error(`unsupported index type ${typeof key}`);
    const v = i >= 0 && i < container.size ? container.get(i) : undefined;
    if (v === undefined) {
      throw new Error(`index ${i} out of bounds [0, ${container.size})`);
    }
    return v;
  }
  if (isCelMap(container)) {
    const v = container.get(key as never);
    if (v === undefined) {
      throw new Error(
        `no such key: ${typeof key === 'string' ? key : typeof key}`,
      );
    }
    return v;
  }
  throw new Error(`no such overload: index of ${typeof container}`);
}

const meteringFuncs: CelFunc[] = [
  // @iter(condition, cost): one iteration of a macro.
  celFunc('@iter', [DYN, CelScalar.INT], DYN, (cond, cost) => {
    if (active && --active.budget < 0) throw ITERATION_SIGNAL;
    charge(Number(cost));
    return cond as CelInput;
  }),
  // @range(range): the planner copies it before iterating.
  celFunc('@range', [DYN], DYN, range => {
    charge((isCelMap(range) ? KEY_COST : ELEMENT_COST) * sizeOf(range));
    return range as CelInput;
  }),
  celFunc('@index', [DYN, DYN], DYN, (container, key) =>
    index(container as CelValue, key as CelValue),
  ),
  // @append(accumulator, list): map and filter appending to their own accumulator.
  celFunc(
    '@append',
    [listType(DYN), listType(DYN)],
    DYN,
    (acc: CelList, add: CelList) => {
      let list: CelList = acc;
      let items = owned.get(acc);
      if (!items) {
        items = [];
        charge(acc.size);
        for (const v of acc) items.push(v);
        list = celList(items);
        owned.set(list, items);
      }
      for (const v of add) items.push(v);
      return list;
    },
  ),
];

const meteredEnv: CelEnv = celEnv({
  funcs: [...Array.from(baseEnv.funcs, metered), ...meteringFuncs],
});

function call(fn: string, args: CelExpr[]): CelExpr {
  return {
    $typeName: 'cel.expr.Expr',
    id: 0n,
    exprKind: {
      case: 'callExpr',
      value: { $typeName: 'cel.expr.Expr.Call', function: fn, args },
    },
  } as unknown as CelExpr;
}

function intConstant(n: number): CelExpr {
  return {
    $typeName: 'cel.expr.Expr',
    id: 0n,
    exprKind: {
      case: 'constExpr',
      value: {
        $typeName: 'cel.expr.Constant',
        constantKind: { case: 'int64Value', value: BigInt(Math.trunc(n)) },
      },
    },
  } as unknown as CelExpr;
}

/** A copy of `e` with its macros metered (see the comment at the top). */
function instrument(
  e: CelExpr | undefined,
  accu?: string,
): CelExpr | undefined {
  if (!e) return e;
  const k = e.exprKind;
  const copy = (value: object) =>
    ({ ...e, exprKind: { case: k.case, value } } as unknown as CelExpr);
  switch (k.case) {
    case 'selectExpr':
      return copy({ ...k.value, operand: instrument(k.value.operand, accu) });
    case 'listExpr':
      return copy({
        ...k.value,
        elements: k.value.elements.map(x => instrument(x, accu)!),
      });
    case 'structExpr':
      return copy({
        ...k.value,
        entries: k.value.entries.map(entry => ({
          ...entry,
          keyKind:
            entry.keyKind.case === 'mapKey'
              ? { case: 'mapKey', value: instrument(entry.keyKind.value, accu) }
              : entry.keyKind,
          value: instrument(entry.value, accu),
        })),
      });
    case 'callExpr': {
      const c = k.value;
      if (
        accu !== undefined &&
        c.function === '_+_' &&
        !c.target &&
        c.args.length === 2 &&
        c.args[0].exprKind.case === 'identExpr' &&
        c.args[0].exprKind.value.name === accu &&
        c.args[1].exprKind.case === 'listExpr'
      ) {
        return call('@append', [c.args[0], instrument(c.args[1], accu)!]);
      }
      if (c.function === '_[_]' && !c.target && c.args.length === 2) {
        return call(
          '@index',
          c.args.map(x => instrument(x, accu)!),
        );
      }
      return copy({
        ...c,
        target: instrument(c.target, accu),
        args: c.args.map(x => instrument(x, accu)!),
      });
    }
    case 'comprehensionExpr': {
      const c = k.value;
      const owns = c.accuInit?.exprKind.case === 'listExpr';
      // Inside this macro, its accumulator shadows any outer one.
      const inner = owns ? c.accuVar : undefined;
      const outer = c.accuVar === accu ? undefined : accu;
      return copy({
        ...c,
        iterRange: call('@range', [instrument(c.iterRange, accu)!]),
        accuInit: instrument(c.accuInit, accu),
        loopCondition: call('@iter', [
          instrument(c.loopCondition, inner ?? outer)!,
          intConstant(iterationCost(c)),
        ]),
        loopStep: instrument(c.loopStep, inner ?? outer),
        result: instrument(c.result, outer),
      });
    }
    default:
      return e;
  }
}

/** How an interpreted evaluation ended, beyond its value. */
export type InterpretedEnd = 'completed' | 'cost' | 'iterations';

/** A rule planned on the metered interpreter. */
export interface InterpretedProgram {
  run(
    bindings: Record<string, CelInput>,
    limits: { maxCost: number; maxIterations: number },
  ): { value: unknown; end: InterpretedEnd };
}

/**
 * Plans an expression on the metered interpreter.
 *
 * @throws Error when the planner refuses it
 */
export function planInterpreted(expr: CelExpr): InterpretedProgram {
  const planned = plan(meteredEnv, instrument(expr)!);
  // The nodes outside macro bodies, charged once per evaluation.
  const fixed = staticCost(expr) * INTERPRETER_COST_FACTOR;
  return {
    run(bindings, limits) {
      const meter: InterpreterMeter = {
        cost: limits.maxCost - fixed,
        budget: limits.maxIterations,
      };
      const previous = active;
      active = meter;
      let value: unknown;
      try {
        value = meter.cost < 0 ? undefined : planned(bindings);
      } finally {
        active = previous;
      }
      if (meter.budget < 0) return { value, end: 'iterations' };
      if (meter.cost < 0) return { value, end: 'cost' };
      return { value, end: 'completed' };
    },
  };
}
