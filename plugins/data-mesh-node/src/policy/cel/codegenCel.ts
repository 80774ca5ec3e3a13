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

import { iterationCost } from './celCost';
import {
  arith,
  celAdd,
  celAppend,
  celEquals,
  celIn,
  celIndex,
  celNegate,
  celNot,
  celRelation,
  celSize,
  CelErrorValue,
  constantOf,
  constantStringSet,
  COST_EXCEEDED,
  isMap,
  ITERATIONS_EXCEEDED,
  KEY_COST,
  noOverload,
  PROTOTYPE_KEYS,
  stringMethod,
  typeName,
  UnsupportedExpression,
  type CelExpr,
  type EvalFrame,
} from './celRuntime';

/*
 * The compiled path: one JavaScript function generated per rule, over the entity's plain
 * JSON, with the semantics of celRuntime.ts (which follow @bufbuild/cel; the differential
 * tests compare the two). The engine then inlines and specialises it like hand-written code:
 * tens of nanoseconds per rule instead of microseconds in the interpreter.
 *
 * Safety: the generated source never contains text from the expression. Field names,
 * string, number and integer literals, and preallocated errors live in a constants array
 * `K` and are referred to by index (`K[3]`); the source is made only of this file's
 * templates, generated variable names and integers this file computed (slot indices and
 * cost charges).
 *
 * Bounds: every macro iteration spends one unit of the iteration budget and its cost
 * (celCost.ts) from the cost counter, and the runtime helpers charge the counter for what
 * they touch; a spent counter ends the evaluation with an error whatever `||` or `&&`
 * around it would make of it.
 */

/** Runtime helpers the generated code calls, passed in as `H`. */
const HELPERS = {
  E: CelErrorValue,
  ITERATIONS: ITERATIONS_EXCEEDED,
  COST: COST_EXCEEDED,
  isMap,
  hasOwn: Object.hasOwn,
  celEquals,
  celIn,
  celIndex,
  celSize,
  celAdd,
  celAppend,
  celRelation,
  stringMethod,
  arith,
  not: celNot,
  negate: celNegate,
  notEquals(f: EvalFrame, a: unknown, b: unknown): unknown {
    const r = celEquals(f, a, b);
    return typeof r === 'boolean' ? !r : r;
  },
  logicError(a: unknown, b: unknown): CelErrorValue {
    if (a instanceof CelErrorValue) return a;
    if (typeof a !== 'boolean') {
      return new CelErrorValue(
        `type mismatch: expected bool, got ${typeName(a)}`,
      );
    }
    if (b instanceof CelErrorValue) return b;
    return new CelErrorValue(
      `type mismatch: expected bool, got ${typeName(b)}`,
    );
  },
  conditionError(c: unknown): CelErrorValue {
    return c instanceof CelErrorValue
      ? c
      : new CelErrorValue(
          `found no matching overload for _?_:_ applied to '(${typeName(c)})'`,
        );
  },
  iterationError(r: unknown): CelErrorValue {
    return new CelErrorValue(`type mismatch: iterable vs ${typeName(r)}`);
  },
  noOverload,
};

interface Scope {
  name: string;
  variable: string;
  parent: Scope | undefined;
  /** An accumulator that starts as a fresh list literal, so appending to it in place is safe. */
  ownedList?: boolean;
}

const ROOT_ACCESS: Record<string, string> = {
  spec: 'f.vars.spec',
  metadata: 'f.vars.metadata',
  entity: 'f.vars.entity',
};

const RELATIONS: Record<string, string> = {
  '_<_': '<',
  '_<=_': '<=',
  '_>_': '>',
  '_>=_': '>=',
};

class CodeGen {
  readonly constants: unknown[] = [];
  readonly #constantIndex = new Map<unknown, number>();
  #temps = 0;
  #locals = 0;
  #labels = 0;
  out: string[] = [];

  constructor(private readonly rootVars: ReadonlySet<string>) {}

  /** A reference to a constant: `K[n]`, never the value's text. */
  k(value: unknown): string {
    // A Map keys -0 and 0 alike (SameValueZero): -0 gets a slot of its own.
    const shared = !Object.is(value, -0);
    let i = shared ? this.#constantIndex.get(value) : undefined;
    if (i === undefined) {
      i = this.constants.length;
      this.constants.push(value);
      // Objects (errors, sets) are unique by identity; primitives dedupe.
      if (shared) this.#constantIndex.set(value, i);
    }
    return `K[${i}]`;
  }

  temp(): string {
    return `t${this.#temps++}`;
  }

  local(): string {
    return `v${this.#locals++}`;
  }

  label(): string {
    return `L${this.#labels++}`;
  }

  declarations(): string {
    const names = [
      ...Array.from({ length: this.#temps }, (_, i) => `t${i}`),
      ...Array.from({ length: this.#locals }, (_, i) => `v${i}`),
    ];
    return names.length ? `let ${names.join(', ')};` : '';
  }

  /** Emits `code` into a separate buffer (for code inside a branch or a loop). */
  nested(fn: () => string): { code: string; value: string } {
    const saved = this.out;
    this.out = [];
    const value = fn();
    const code = this.out.join('\n');
    this.out = saved;
    return { code, value };
  }

  emit(e: CelExpr, scope: Scope | undefined): string {
    const kind = e.exprKind;
    switch (kind.case) {
      case 'constExpr': {
        const c = kind.value.constantKind;
        switch (c.case) {
          case 'boolValue':
            return c.value ? 'true' : 'false';
          case 'nullValue':
            return 'null';
          case 'stringValue':
          case 'doubleValue':
            return this.k(c.value);
          case 'int64Value':
            return this.k(BigInt(c.value));
          default:
            throw new UnsupportedExpression(`${c.case ?? 'empty'} constant`);
        }
      }
      case 'identExpr':
        return this.ident(kind.value.name, scope);
      case 'selectExpr':
        return this.select(kind.value, scope);
      case 'listExpr': {
        if (kind.value.optionalIndices.length > 0) {
          throw new UnsupportedExpression('optional list elements');
        }
        const items = kind.value.elements.map(x => this.emit(x, scope));
        const t = this.temp();
        const checks = items.map(v => `${v} instanceof E ? ${v} : `).join('');
        this.out.push(`${t} = ${checks}[${items.join(', ')}];`);
        return t;
      }
      case 'callExpr':
        return this.call(kind.value, scope);
      case 'comprehensionExpr':
        return this.comprehension(kind.value, scope);
      default:
        throw new UnsupportedExpression(kind.case ?? 'empty expression');
    }
  }

  ident(name: string, scope: Scope | undefined): string {
    for (let s = scope; s; s = s.parent) {
      if (s.name === name) return s.variable;
    }
    if (!this.rootVars.has(name) || !ROOT_ACCESS[name]) {
      throw new UnsupportedExpression(`identifier ${name}`);
    }
    const t = this.temp();
    const unbound = this.k(new CelErrorValue(`unbound variable ${name}`));
    this.out.push(`${t} = ${ROOT_ACCESS[name]} ?? ${unbound};`);
    return t;
  }

  select(
    s: Extract<CelExpr['exprKind'], { case: 'selectExpr' }>['value'],
    scope: Scope | undefined,
  ): string {
    const fields: string[] = [];
    let base: CelExpr | undefined = s.operand;
    while (
      base?.exprKind.case === 'selectExpr' &&
      !base.exprKind.value.testOnly
    ) {
      fields.unshift(base.exprKind.value.field);
      base = base.exprKind.value.operand;
    }
    if (!base) throw new UnsupportedExpression('select without operand');
    const root = this.emit(base, scope);
    const t = this.temp();
    const o = this.temp();
    const label = this.label();
    const walk = s.testOnly ? fields : [...fields, s.field];
    const lines = [`${label}: {`, `${o} = ${root};`];
    lines.push(`if (${o} instanceof E) { ${t} = ${o}; break ${label}; }`);
    for (const field of walk) {
      const error = this.k(new CelErrorValue(`field not found: ${field}`));
      const key = this.k(field);
      lines.push(
        `if (typeof ${o} !== 'object' || ${o} === null || Array.isArray(${o})) { ${t} = ${error}; break ${label}; }`,
      );
      const own = PROTOTYPE_KEYS(field) ? ` || !hasOwn(${o}, ${key})` : '';
      lines.push(
        `if (${o}[${key}] === undefined${own}) { ${t} = ${error}; break ${label}; }`,
      );
      lines.push(`${o} = ${o}[${key}];`);
    }
    if (s.testOnly) {
      // As in @bufbuild/cel: has() on a non-map is false, a null value counts as absent.
      const key = this.k(s.field);
      const own = PROTOTYPE_KEYS(s.field) ? ` && hasOwn(${o}, ${key})` : '';
      lines.push(
        `${t} = typeof ${o} === 'object' && ${o} !== null && !Array.isArray(${o}) && ${o}[${key}] !== undefined && ${o}[${key}] !== null${own};`,
      );
    } else {
      lines.push(`${t} = ${o};`);
    }
    lines.push('}');
    this.out.push(lines.join('\n'));
    return t;
  }

  comprehension(
    c: Extract<CelExpr['exprKind'], { case: 'comprehensionExpr' }>['value'],
    scope: Scope | undefined,
  ): string {
    if (c.iterVar2)
      throw new UnsupportedExpression('two-variable comprehension');
    if (
      !c.iterRange ||
      !c.accuInit ||
      !c.loopCondition ||
      !c.loopStep ||
      !c.result
    ) {
      throw new UnsupportedExpression('incomplete comprehension');
    }
    const t = this.temp();
    const label = this.label();
    const init = this.nested(() => this.emit(c.accuInit!, scope));
    const range = this.nested(() => this.emit(c.iterRange!, scope));
    const accu = this.local();
    const item = this.local();
    const items = this.temp();
    const index = this.local();
    const accuScope: Scope = {
      name: c.accuVar,
      variable: accu,
      parent: scope,
      ownedList: c.accuInit.exprKind.case === 'listExpr',
    };
    const iterScope: Scope = {
      name: c.iterVar,
      variable: item,
      parent: accuScope,
    };
    const cond = this.nested(() => this.emit(c.loopCondition!, iterScope));
    const step = this.nested(() => this.emit(c.loopStep!, iterScope));
    const result = this.nested(() => this.emit(c.result!, accuScope));
    // An integer this file computed from the syntax tree, never text of the rule.
    const perIteration = Math.trunc(iterationCost(c));
    this.out.push(
      [
        `${label}: {`,
        init.code,
        `if (${init.value} instanceof E) { ${t} = ${init.value}; break ${label}; }`,
        range.code,
        `if (${range.value} instanceof E) { ${t} = ${range.value}; break ${label}; }`,
        `if (Array.isArray(${range.value})) ${items} = ${range.value};`,
        `else if (isMap(${range.value})) {`,
        `${items} = Object.keys(${range.value});`,
        `if ((f.cost -= ${KEY_COST} * ${items}.length) < 0) { ${t} = COST; break ${label}; }`,
        `} else { ${t} = H.iterationError(${range.value}); break ${label}; }`,
        `${accu} = ${init.value};`,
        `for (${index} = 0; ${index} < ${items}.length; ${index}++) {`,
        `if (--f.budget < 0) { ${t} = ITERATIONS; break ${label}; }`,
        `if ((f.cost -= ${perIteration}) < 0) { ${t} = COST; break ${label}; }`,
        `${item} = ${items}[${index}];`,
        cond.code,
        `if (${cond.value} instanceof E) { ${t} = ${cond.value}; break ${label}; }`,
        `if (${cond.value} !== true) break;`,
        step.code,
        `${accu} = ${step.value};`,
        `}`,
        result.code,
        `${t} = ${result.value};`,
        `}`,
      ].join('\n'),
    );
    return t;
  }

  call(
    c: Extract<CelExpr['exprKind'], { case: 'callExpr' }>['value'],
    scope: Scope | undefined,
  ): string {
    const fn = c.function;
    const t = this.temp();

    if (c.target) {
      if (c.args.length === 0 && fn === 'size') {
        const v = this.emit(c.target, scope);
        this.out.push(`${t} = ${v} instanceof E ? ${v} : celSize(f, ${v});`);
        return t;
      }
      if (
        c.args.length === 1 &&
        (fn === 'startsWith' || fn === 'endsWith' || fn === 'contains')
      ) {
        const v = this.emit(c.target, scope);
        const a = this.emit(c.args[0], scope);
        this.out.push(`${t} = stringMethod(f, ${this.k(fn)}, ${v}, ${a});`);
        return t;
      }
      throw new UnsupportedExpression(`method ${fn}`);
    }

    switch (fn) {
      case '_&&_':
      case '_||_':
        return this.logical(c.args, fn === '_||_', scope);
      case '_?_:_': {
        if (c.args.length !== 3) throw new UnsupportedExpression('arity');
        const cond = this.emit(c.args[0], scope);
        const yes = this.nested(() => this.emit(c.args[1], scope));
        const no = this.nested(() => this.emit(c.args[2], scope));
        this.out.push(
          [
            `if (${cond} === true) {`,
            yes.code,
            `${t} = ${yes.value};`,
            `} else if (${cond} === false) {`,
            no.code,
            `${t} = ${no.value};`,
            `} else ${t} = H.conditionError(${cond});`,
          ].join('\n'),
        );
        return t;
      }
      case '@not_strictly_false': {
        const a = this.emit(c.args[0], scope);
        this.out.push(`${t} = ${a} !== false;`);
        return t;
      }
      case '!_': {
        const a = this.emit(c.args[0], scope);
        this.out.push(
          `${t} = typeof ${a} === 'boolean' ? !${a} : H.not(${a});`,
        );
        return t;
      }
      case '-_': {
        const a = this.emit(c.args[0], scope);
        this.out.push(`${t} = H.negate(${a});`);
        return t;
      }
      case 'size': {
        if (c.args.length !== 1) break;
        const a = this.emit(c.args[0], scope);
        this.out.push(`${t} = ${a} instanceof E ? ${a} : celSize(f, ${a});`);
        return t;
      }
      case '_==_':
      case '_!=_':
        return this.equality(c.args, fn === '_!=_', scope, t);
      case '_<_':
      case '_<=_':
      case '_>_':
      case '_>=_':
        return this.comparison(fn, c.args, scope, t);
      case '_+_': {
        if (c.args.length !== 2) throw new UnsupportedExpression('arity');
        const [left, right] = c.args;
        if (
          left.exprKind.case === 'identExpr' &&
          right.exprKind.case === 'listExpr'
        ) {
          const name = left.exprKind.value.name;
          let target: Scope | undefined;
          for (let s = scope; s; s = s.parent) {
            if (s.name === name) {
              target = s;
              break;
            }
          }
          if (target?.ownedList) {
            const add = this.emit(right, scope);
            this.out.push(`${t} = H.celAppend(${target.variable}, ${add});`);
            return t;
          }
        }
        const a = this.emit(left, scope);
        const b = this.emit(right, scope);
        this.out.push(`${t} = H.celAdd(f, ${a}, ${b});`);
        return t;
      }
      case '_-_':
      case '_*_':
      case '_/_':
      case '_%_':
        return this.binary(
          c.args,
          scope,
          t,
          (a, b) => `arith(${this.k(fn)}, ${a}, ${b})`,
        );
      case '@in': {
        const set = constantStringSet(c.args[1]);
        if (set) {
          const a = this.emit(c.args[0], scope);
          this.out.push(
            `${t} = typeof ${a} === 'string' ? ${this.k(
              set,
            )}.has(${a}) : celIn(f, ${a}, ${this.k([...set])});`,
          );
          return t;
        }
        if (c.args.length !== 2) throw new UnsupportedExpression('arity');
        const a = this.emit(c.args[0], scope);
        const b = this.emit(c.args[1], scope);
        this.out.push(`${t} = celIn(f, ${a}, ${b});`);
        return t;
      }
      case '_[_]': {
        if (c.args.length !== 2) throw new UnsupportedExpression('arity');
        const a = this.emit(c.args[0], scope);
        const b = this.emit(c.args[1], scope);
        this.out.push(`${t} = celIndex(${a}, ${b});`);
        return t;
      }
      default:
        break;
    }
    throw new UnsupportedExpression(`function ${fn}`);
  }

  binary(
    args: CelExpr[],
    scope: Scope | undefined,
    t: string,
    op: (a: string, b: string) => string,
  ): string {
    if (args.length !== 2) throw new UnsupportedExpression('arity');
    const a = this.emit(args[0], scope);
    const b = this.emit(args[1], scope);
    this.out.push(
      `${t} = ${a} instanceof E ? ${a} : ${b} instanceof E ? ${b} : ${op(
        a,
        b,
      )};`,
    );
    return t;
  }

  equality(
    args: CelExpr[],
    negate: boolean,
    scope: Scope | undefined,
    t: string,
  ): string {
    if (args.length !== 2) throw new UnsupportedExpression('arity');
    const eq = (a: string, b: string) =>
      negate ? `H.notEquals(f, ${a}, ${b})` : `celEquals(f, ${a}, ${b})`;
    const right = constantOf(args[1]);
    const left = right ? undefined : constantOf(args[0]);
    const constant = right ?? left;
    if (constant) {
      const v = this.emit(right ? args[0] : args[1], scope);
      const k = this.k(constant.value);
      const same = negate ? 'false' : 'true';
      this.out.push(
        `${t} = ${v} === ${k} ? ${same} : ${v} instanceof E ? ${v} : ${eq(
          v,
          k,
        )};`,
      );
      return t;
    }
    return this.binary(args, scope, t, eq);
  }

  comparison(
    fn: string,
    args: CelExpr[],
    scope: Scope | undefined,
    t: string,
  ): string {
    if (args.length !== 2) throw new UnsupportedExpression('arity');
    const right = constantOf(args[1]);
    const value = right?.value;
    const op = RELATIONS[fn];
    if (typeof value === 'number' && Number.isFinite(value)) {
      // A double constant: an int operand is converted to double, as CEL does.
      const v = this.emit(args[0], scope);
      const k = this.k(value);
      this.out.push(
        `${t} = typeof ${v} === 'number' ? ${v} ${op} ${k} : typeof ${v} === 'bigint' ? Number(${v}) ${op} ${k} : H.celRelation(f, ${this.k(
          fn,
        )}, ${v}, ${k});`,
      );
      return t;
    }
    if (
      typeof value === 'bigint' &&
      value <= BigInt(Number.MAX_SAFE_INTEGER) &&
      value >= BigInt(Number.MIN_SAFE_INTEGER)
    ) {
      // An int constant that a double represents exactly: compared as a double with a
      // double operand, exactly with an int one.
      const v = this.emit(args[0], scope);
      const asNumber = this.k(Number(value));
      const k = this.k(value);
      this.out.push(
        `${t} = typeof ${v} === 'number' ? ${v} ${op} ${asNumber} : typeof ${v} === 'bigint' ? ${v} ${op} ${k} : H.celRelation(f, ${this.k(
          fn,
        )}, ${v}, ${k});`,
      );
      return t;
    }
    const a = this.emit(args[0], scope);
    const b = this.emit(args[1], scope);
    this.out.push(`${t} = H.celRelation(f, ${this.k(fn)}, ${a}, ${b});`);
    return t;
  }

  /** CEL's commutative `&&` / `||`, nested pairwise (the parser gives pairs anyway). */
  logical(args: CelExpr[], isOr: boolean, scope: Scope | undefined): string {
    if (args.length < 2) throw new UnsupportedExpression('arity');
    const decisive = isOr ? 'true' : 'false';
    const other = isOr ? 'false' : 'true';
    let acc = this.emit(args[0], scope);
    for (let i = 1; i < args.length; i++) {
      const t = this.temp();
      const b = this.nested(() => this.emit(args[i], scope));
      this.out.push(
        [
          `if (${acc} === ${decisive}) ${t} = ${decisive};`,
          `else {`,
          b.code,
          `if (${b.value} === ${decisive}) ${t} = ${decisive};`,
          `else if (${acc} === ${other} && ${b.value} === ${other}) ${t} = ${other};`,
          `else ${t} = H.logicError(${acc}, ${b.value});`,
          `}`,
        ].join('\n'),
      );
      acc = t;
    }
    return acc;
  }
}

/** Thrown when the runtime does not allow compiling generated code. */
export class CodeGenerationDisabled extends Error {
  constructor() {
    super(
      'code generation from strings is disabled in this runtime (--disallow-code-generation-from-strings)',
    );
    this.name = 'CodeGenerationDisabled';
  }
}

/** Whether this runtime allows compiling generated code (it may be disabled by a flag). */
let codegenAvailable: boolean | undefined;
export function canGenerateCode(): boolean {
  if (codegenAvailable === undefined) {
    try {
      // eslint-disable-next-line no-new-func
      codegenAvailable = new Function('return true')() === true;
    } catch {
      codegenAvailable = false;
    }
  }
  return codegenAvailable;
}

/**
 * What a generated rule needs to be a complete evaluator: it then prepares its frame, sets
 * its counters and maps its result itself, so that each rule's code is specialised end to
 * end (a shared wrapper would call every rule from one megamorphic call site).
 */
export interface GeneratedWrapper<I, O> {
  frameOf(input: I): EvalFrame;
  maxIterations: number;
  /** The cost limit less the rule's fixed cost (its nodes outside macro bodies). */
  initialCost: number;
  outcome(value: unknown): O;
  iterationsExceeded: O;
  costExceeded: O;
  thrown(error: unknown): O;
}

/**
 * Compiles a parsed CEL expression to a generated evaluator of inputs (see
 * {@link GeneratedWrapper}), and gives its source (for tests that check what it contains).
 *
 * @throws UnsupportedExpression when the expression is outside the compiled subset
 * @throws CodeGenerationDisabled when the runtime does not allow generated code
 */
export function generateEvaluator<I, O>(
  expr: CelExpr,
  rootVars: ReadonlySet<string>,
  wrapper: GeneratedWrapper<I, O>,
): { evaluate: (input: I) => O; source: string } {
  const gen = new CodeGen(rootVars);
  const value = gen.emit(expr, undefined);
  if (!canGenerateCode()) throw new CodeGenerationDisabled();
  const body = gen.out.join('\n');
  const source = [
    "'use strict';",
    'const { E, ITERATIONS, COST, isMap, hasOwn, celEquals, celIn, celIndex, celSize, stringMethod, arith } = H;',
    'const { frameOf, maxIterations, initialCost, outcome, iterationsExceeded, costExceeded, thrown } = W;',
    'return function evaluate(input) {',
    'const f = frameOf(input);',
    'f.budget = maxIterations;',
    'f.cost = initialCost;',
    gen.declarations(),
    'try {',
    body,
    '} catch (e) { return thrown(e); }',
    'if (f.budget < 0) return iterationsExceeded;',
    'if (f.cost < 0) return costExceeded;',
    `return ${value} === true || ${value} === false ? ${value} : outcome(${value});`,
    '};',
  ].join('\n');
  // eslint-disable-next-line no-new-func
  const evaluate = new Function('K', 'H', 'W', source)(
    gen.constants,
    HELPERS,
    wrapper,
  );
  return { evaluate, source };
}
