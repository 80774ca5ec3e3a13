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
  ELEMENT_COST,
  KEY_COST,
  stringCost,
  stringMethodCost,
  type CelExpr,
} from './celRuntime';

/*
 * The cost model, in the manner of Kubernetes' CEL admission policies (cel-go's
 * checker/cost.go for the static estimate, interpreter/runtimecost.go for the runtime
 * counter), with the same units in both:
 *
 * - every node of the expression costs 1 each time it is evaluated (a string literal
 *   1 + 1 per 8 characters);
 * - an operation that touches a value in proportion to its size costs that size: `==`, `!=`
 *   and list `in` one per element or key compared, strings one per 8 characters compared,
 *   searched or concatenated (`contains` and `matches` the product of both lengths, as
 *   Kubernetes charges them), list concatenation one per element copied, `size()` of a string
 *   its length;
 * - every iteration of a macro costs 1 plus the nodes of its body, chained macros and nested
 *   ones alike.
 *
 * The runtime counter charges these as the evaluation goes, the static estimate charges the
 * same for the largest input an entity can hold, and the generated code and the interpreter
 * share the per-node and per-iteration charges computed here.
 */

/** The entity size the static estimate assumes: the largest draft `/evaluate` accepts. */
export const ESTIMATE_INPUT_BYTES = 256 * 1024;

// Arithmetic on CEL ints is bigint arithmetic, several times the work of other nodes.
const ARITHMETIC = new Set(['_+_', '_-_', '_*_', '_/_', '_%_', '-_']);
const ARITHMETIC_COST = 4;

/** What one evaluation of this node costs by itself, before its operands. */
export function nodeCost(e: CelExpr): number {
  const k = e.exprKind;
  if (k.case === 'constExpr') {
    const c = k.value.constantKind;
    if (c.case === 'stringValue') return 1 + stringCost(c.value.length);
    if (c.case === 'bytesValue') return 1 + stringCost(c.value.length);
  } else if (k.case === 'callExpr' && ARITHMETIC.has(k.value.function)) {
    return ARITHMETIC_COST;
  }
  return 1;
}

/**
 * The fixed part of evaluating `e` once: its nodes, without the bodies (condition and step)
 * of the macros inside it, which charge per iteration.
 */
export function staticCost(e: CelExpr | undefined): number {
  if (!e) return 0;
  let sum = nodeCost(e);
  const k = e.exprKind;
  switch (k.case) {
    case 'selectExpr':
      return sum + staticCost(k.value.operand);
    case 'callExpr':
      sum += staticCost(k.value.target);
      for (const a of k.value.args) sum += staticCost(a);
      return sum;
    case 'listExpr':
      for (const a of k.value.elements) sum += staticCost(a);
      return sum;
    case 'structExpr':
      for (const entry of k.value.entries) {
        if (entry.keyKind.case === 'mapKey') {
          sum += staticCost(entry.keyKind.value);
        }
        sum += staticCost(entry.value);
      }
      return sum;
    case 'comprehensionExpr':
      return (
        sum +
        staticCost(k.value.iterRange) +
        staticCost(k.value.accuInit) +
        staticCost(k.value.result)
      );
    default:
      return sum;
  }
}

type Comprehension = Extract<
  CelExpr['exprKind'],
  { case: 'comprehensionExpr' }
>['value'];

/** What every iteration of a macro charges before its dynamic operations: 1 + its body. */
export function iterationCost(c: Comprehension): number {
  return 1 + staticCost(c.loopCondition) + staticCost(c.loopStep);
}

/** Cost of `s.matches(re)` beyond its node, as Kubernetes estimates RE2 matching. */
export function matchesCost(length: number, patternLength: number): number {
  return (1 + stringCost(length)) * (1 + Math.ceil(patternLength / 4));
}

/**
 * Cost of a call the interpreter runs (the functions outside the compiled subset), from the
 * sizes of its target and arguments (string and bytes lengths, list and map sizes; 0 for
 * other values). The interpreter's own `==`, `in` and `replace` charge as they go instead.
 */
export function callCost(
  fn: string,
  target: number | undefined,
  args: readonly number[],
): number {
  const t = target ?? 0;
  switch (fn) {
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return stringMethodCost(fn, t, args[0] ?? 0);
    case 'indexOf':
    case 'lastIndexOf':
      return stringMethodCost('contains', t, args[0] ?? 0);
    case 'matches':
      return matchesCost(t, args[0] ?? 0);
    case 'split':
      return 1 + t;
    case 'join':
      // The target's size: the elements' lengths are charged as the join reads them.
      return 1 + t;
    default: {
      let sum = stringCost(t);
      for (const a of args) sum += stringCost(a);
      return sum;
    }
  }
}

/** The largest value an expression can give, as far as cost goes. */
interface Shape {
  /** Longest string (UTF-16 units). */
  len: number;
  /** Most list elements or map entries. */
  items: number;
  /** Most map keys (what listing them costs). */
  keys: number;
  /** Cost units of traversing it fully (what `==` on it can charge). */
  deep: number;
  /** An element (or map value), when known; else bounded by the container. */
  elem?: Shape;
}

const SCALAR: Shape = { len: 0, items: 0, keys: 0, deep: 0 };

function inputShape(bytes: number): Shape {
  // A JSON document of n bytes holds a string of at most n characters, a list of at most
  // n/2 elements, a map of at most n/5 keys (`"":0,`), and so at most about 16n units of
  // elements, keys and characters to compare.
  const shape: Shape = {
    len: bytes,
    items: bytes / 2,
    keys: bytes / 5,
    deep: 16 * bytes,
  };
  shape.elem = shape;
  return shape;
}

/** The smallest element of a list or map of the entity: a digit, an empty list. */
const TINY: Shape = { len: 2, items: 1, keys: 1, deep: 2 };
TINY.elem = TINY;

function elemOf(s: Shape): Shape {
  // An element is never larger than its container.
  return (
    s.elem ?? {
      len: 2 * s.deep + 2,
      items: s.deep,
      keys: s.deep,
      deep: s.deep,
    }
  );
}

function union(
  a: Shape,
  b: Shape,
  seen = new Map<Shape, Map<Shape, Shape>>(),
): Shape {
  if (a === b) return a;
  // Shapes of the entity's values contain themselves: unite each pair once.
  const done = seen.get(a)?.get(b);
  if (done) return done;
  const s: Shape = {
    len: Math.max(a.len, b.len),
    items: Math.max(a.items, b.items),
    keys: Math.max(a.keys, b.keys),
    deep: Math.max(a.deep, b.deep),
  };
  if (!seen.has(a)) seen.set(a, new Map());
  seen.get(a)!.set(b, s);
  if (a.elem && b.elem) s.elem = union(a.elem, b.elem, seen);
  else if (a.items === 0 && b.elem) s.elem = b.elem;
  else if (b.items === 0 && a.elem) s.elem = a.elem;
  return s;
}

function stringShape(len: number): Shape {
  return { len, items: 0, keys: 0, deep: stringCost(len) };
}

interface Binding {
  shape: Shape;
  /** A map/filter accumulator: `@result + [e]` appends in place. */
  ownedList?: boolean;
}

interface Estimate {
  cost: number;
  shape: Shape;
}

const ROOT_VARS = new Set(['entity', 'spec', 'metadata']);

class Estimator {
  readonly input: Shape;

  constructor(inputBytes: number) {
    this.input = inputShape(inputBytes);
  }

  estimate(e: CelExpr | undefined, scope: Map<string, Binding>): Estimate {
    if (!e) return { cost: 0, shape: SCALAR };
    const base = nodeCost(e);
    const k = e.exprKind;
    switch (k.case) {
      case 'constExpr': {
        const c = k.value.constantKind;
        if (c.case === 'stringValue' || c.case === 'bytesValue') {
          return { cost: base, shape: stringShape(c.value.length) };
        }
        return { cost: base, shape: SCALAR };
      }
      case 'identExpr': {
        const bound = scope.get(k.value.name);
        if (bound) return { cost: base, shape: bound.shape };
        if (ROOT_VARS.has(k.value.name))
          return { cost: base, shape: this.input };
        return { cost: base, shape: SCALAR };
      }
      case 'selectExpr': {
        const operand = this.estimate(k.value.operand, scope);
        return {
          cost: base + operand.cost,
          shape: k.value.testOnly ? SCALAR : elemOf(operand.shape),
        };
      }
      case 'listExpr': {
        let cost = base;
        let deep = 0;
        let elem: Shape | undefined;
        for (const el of k.value.elements) {
          const x = this.estimate(el, scope);
          cost += x.cost;
          deep += ELEMENT_COST + x.shape.deep;
          elem = elem ? union(elem, x.shape) : x.shape;
        }
        const n = k.value.elements.length;
        return {
          cost,
          shape: { len: n, items: n, keys: 0, deep, elem: elem ?? SCALAR },
        };
      }
      case 'structExpr': {
        let cost = base;
        let deep = 0;
        let elem: Shape | undefined;
        for (const entry of k.value.entries) {
          const key =
            entry.keyKind.case === 'mapKey'
              ? this.estimate(entry.keyKind.value, scope)
              : { cost: 0, shape: SCALAR };
          const value = this.estimate(entry.value, scope);
          cost += key.cost + value.cost;
          deep += 2 * KEY_COST + key.shape.deep + value.shape.deep;
          elem = elem ? union(elem, value.shape) : value.shape;
        }
        const n = k.value.entries.length;
        return {
          cost,
          shape: { len: n, items: n, keys: n, deep, elem: elem ?? SCALAR },
        };
      }
      case 'comprehensionExpr':
        return this.comprehension(k.value, scope, base);
      case 'callExpr':
        return this.call(k.value, scope, base);
      default:
        return { cost: base, shape: SCALAR };
    }
  }

  comprehension(
    c: Comprehension,
    scope: Map<string, Binding>,
    base: number,
  ): Estimate {
    const range = this.estimate(c.iterRange, scope);
    const init = this.estimate(c.accuInit, scope);
    const once = base + range.cost + init.cost;
    if (range.shape !== this.input) {
      const loop = this.loop(
        c,
        scope,
        init.shape,
        range.shape.items,
        elemOf(range.shape),
        range.shape.keys,
      );
      return { cost: once + loop.cost, shape: loop.shape };
    }
    // Over a list or map of the entity, the elements share the entity's size: many tiny
    // elements or one as large as the entity. Work linear (or polynomial) in an element's
    // size is largest at one of those two ends.
    const many = this.loop(
      c,
      scope,
      init.shape,
      range.shape.items,
      TINY,
      range.shape.keys,
    );
    const one = this.loop(c, scope, init.shape, 1, this.input, 1);
    return {
      cost: once + Math.max(many.cost, one.cost),
      shape: union(many.shape, one.shape),
    };
  }

  /** `n` iterations of a macro's body over elements like `item`, and its result. */
  loop(
    c: Comprehension,
    scope: Map<string, Binding>,
    initShape: Shape,
    n: number,
    item: Shape,
    rangeKeys: number,
  ): Estimate {
    const iter: Binding = { shape: item };
    const ownedList = c.accuInit?.exprKind.case === 'listExpr';
    const withAccu = (accu: Shape) => {
      const inner = new Map(scope);
      inner.set(c.accuVar, { shape: accu, ownedList });
      const body = new Map(inner);
      body.set(c.iterVar, iter);
      if (c.iterVar2) body.set(c.iterVar2, iter);
      return { inner, body };
    };
    // The accumulator grows by what one step adds, once per iteration.
    const first = withAccu(initShape);
    const step1 = this.estimate(c.loopStep, first.body).shape;
    const grow = (a: number, b: number) => a + n * Math.max(0, b - a);
    const accu: Shape = {
      len: grow(initShape.len, step1.len),
      items: grow(initShape.items, step1.items),
      keys: grow(initShape.keys, step1.keys),
      deep: grow(initShape.deep, step1.deep),
    };
    if (step1.elem || initShape.elem) {
      accu.elem =
        step1.elem && initShape.elem
          ? union(step1.elem, initShape.elem)
          : step1.elem ?? initShape.elem;
    }
    const final = withAccu(accu);
    const cond = this.estimate(c.loopCondition, final.body);
    const step = this.estimate(c.loopStep, final.body);
    const result = this.estimate(c.result, final.inner);
    return {
      // Each iteration, and the interpreter's copy of the range.
      cost:
        n * (1 + cond.cost + step.cost) +
        ELEMENT_COST * n +
        KEY_COST * Math.min(n, rangeKeys) +
        result.cost,
      shape: result.shape,
    };
  }

  call(
    c: Extract<CelExpr['exprKind'], { case: 'callExpr' }>['value'],
    scope: Map<string, Binding>,
    base: number,
  ): Estimate {
    const fn = c.function;
    // `@result + [e]` on a map/filter accumulator appends in place.
    if (
      fn === '_+_' &&
      !c.target &&
      c.args.length === 2 &&
      c.args[0].exprKind.case === 'identExpr' &&
      c.args[1].exprKind.case === 'listExpr' &&
      scope.get(c.args[0].exprKind.value.name)?.ownedList
    ) {
      const acc = scope.get(c.args[0].exprKind.value.name)!.shape;
      const add = this.estimate(c.args[1], scope);
      return {
        cost: base + 1 + add.cost,
        shape: {
          len: acc.len + add.shape.len,
          items: acc.items + add.shape.items,
          keys: acc.keys,
          deep: acc.deep + add.shape.deep,
          elem: acc.elem ? union(acc.elem, elemOf(add.shape)) : add.shape.elem,
        },
      };
    }
    const target = c.target ? this.estimate(c.target, scope) : undefined;
    const args = c.args.map(a => this.estimate(a, scope));
    let cost = base + (target?.cost ?? 0);
    for (const a of args) cost += a.cost;
    const [a, b] = args.map(x => x.shape);
    switch (fn) {
      case '_&&_':
      case '_||_':
      case '!_':
      case '-_':
      case '@not_strictly_false':
      case '__not_strictly_false__':
      case '_-_':
      case '_*_':
      case '_/_':
      case '_%_':
        return { cost, shape: SCALAR };
      case '_?_:_':
        // Only one branch runs.
        return {
          cost:
            base +
            args[0].cost +
            Math.max(args[1]?.cost ?? 0, args[2]?.cost ?? 0),
          shape: union(b ?? SCALAR, args[2]?.shape ?? SCALAR),
        };
      case '_==_':
      case '_!=_':
        return { cost: cost + Math.min(a.deep, b.deep), shape: SCALAR };
      case '_<_':
      case '_<=_':
      case '_>_':
      case '_>=_':
        return {
          cost: cost + stringCost(Math.min(a.len, b.len)),
          shape: SCALAR,
        };
      case '@in':
        return {
          // Each element compared costs at most its own size, so all of them at most the
          // list's.
          cost:
            cost +
            ELEMENT_COST * b.items +
            Math.min(b.items * Math.min(a.deep, elemOf(b).deep), b.deep),
          shape: SCALAR,
        };
      case '_[_]':
      case '_[?_]':
        return { cost, shape: elemOf(a) };
      case '_+_':
        return {
          cost:
            cost +
            Math.max(
              stringCost(a.len + b.len),
              ELEMENT_COST * (a.items + b.items),
            ),
          shape: {
            len: a.len + b.len,
            items: a.items + b.items,
            keys: 0,
            deep: a.deep + b.deep,
            elem: a.elem && b.elem ? union(a.elem, b.elem) : a.elem ?? b.elem,
          },
        };
      case 'size': {
        const s = target?.shape ?? a;
        return {
          cost: cost + Math.max(stringCost(s.len), KEY_COST * s.keys),
          shape: SCALAR,
        };
      }
      default:
        return this.interpretedCall(c, target?.shape, args, cost);
    }
  }

  /** Functions outside the compiled subset, charged as the interpreter charges them. */
  interpretedCall(
    c: Extract<CelExpr['exprKind'], { case: 'callExpr' }>['value'],
    target: Shape | undefined,
    args: Estimate[],
    cost: number,
  ): Estimate {
    const fn = c.function;
    const sizes = args.map(x => Math.max(x.shape.len, x.shape.items));
    const t = target ? Math.max(target.len, target.items) : undefined;
    const charged = cost + callCost(fn, t, sizes);
    const argDeep = args.reduce((s, x) => s + x.shape.deep, 0);
    switch (fn) {
      case 'replace': {
        // Scans the string, then builds a result at most this long.
        const n = t ?? 0;
        const out = n + (n + 1) * (args[1]?.shape.len ?? 0);
        return {
          cost: charged + stringCost(n) + stringCost(out),
          shape: stringShape(out),
        };
      }
      case 'split': {
        const n = t ?? 0;
        return {
          cost: charged,
          shape: {
            len: n + 1,
            items: n + 1,
            keys: 0,
            deep: ELEMENT_COST * (n + 1) + stringCost(n),
            elem: stringShape(n),
          },
        };
      }
      case 'join': {
        const list = target ?? SCALAR;
        const elem = elemOf(list);
        const out =
          list.items * (elem.len + (args[0]?.shape.len ?? 0)) + elem.len;
        return {
          cost: charged + stringCost(out),
          shape: stringShape(out),
        };
      }
      case 'format': {
        // Reads its arguments fully; what it writes is their text.
        const out = (target?.len ?? 0) + 8 * (argDeep + 1) * 4;
        return {
          cost: charged + argDeep + stringCost(out),
          shape: stringShape(out),
        };
      }
      case 'lowerAscii':
      case 'upperAscii':
      case 'trim':
      case 'substring':
      case 'charAt':
        return { cost: charged, shape: stringShape(target?.len ?? 0) };
      case 'strings.quote':
        return {
          cost: charged,
          shape: stringShape(2 * (args[0]?.shape.len ?? 0) + 2),
        };
      case 'string':
      case 'bytes':
        return {
          cost: charged,
          shape: stringShape(Math.max(args[0]?.shape.len ?? 0, 32)),
        };
      case 'dyn':
        return { cost: charged, shape: args[0]?.shape ?? SCALAR };
      default:
        return { cost: charged, shape: SCALAR };
    }
  }
}

/**
 * The static worst-case cost of evaluating an expression once over an entity of up to
 * `inputBytes` bytes of JSON: what Kubernetes calls the estimated cost, compared with a
 * limit when the rule is loaded.
 */
export function estimateCost(
  expr: CelExpr,
  inputBytes: number = ESTIMATE_INPUT_BYTES,
): number {
  return new Estimator(inputBytes).estimate(expr, new Map()).cost;
}
