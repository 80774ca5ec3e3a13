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

import type { Entity } from '@backstage/catalog-model';
import fc from 'fast-check';
import {
  compileRuleWith,
  DEFAULT_POLICY_RULE_LIMITS,
  PolicyRuleError,
  prepareRuleInput,
  type CompiledRule,
} from './compileRule';
import { celReference, normalise } from './__testUtils__/celReference';

/*
 * Differential tests: random expressions over random entities, evaluated by the generated
 * code, by the metered interpreter and by @bufbuild/cel as it ships; all three must give
 * the same value (or all an error). The generators lean on the edges where the engines
 * could differ: signed zeros, ints and doubles around 2^53 and 2^63, NaN and infinities,
 * unicode and surrogate pairs, missing fields, wrong types, inherited property names.
 *
 * A failure prints fast-check's seed and path; replay it with CEL_DIFF_SEED=<seed> (and
 * CEL_DIFF_PATH=<path>). CEL_DIFF_RUNS raises the number of runs for a longer search.
 */

// Tuned to a few seconds on a shared 2-core machine; CEL_DIFF_RUNS=5000 for a long search.
const runs = Number(process.env.CEL_DIFF_RUNS ?? 120);
const replay = {
  ...(process.env.CEL_DIFF_SEED
    ? { seed: Number(process.env.CEL_DIFF_SEED) }
    : {}),
  ...(process.env.CEL_DIFF_PATH ? { path: process.env.CEL_DIFF_PATH } : {}),
};

// Comparisons of semantics, not of limits.
const UNLIMITED = {
  ...DEFAULT_POLICY_RULE_LIMITS,
  maxIterations: Infinity,
  maxCost: Infinity,
  maxEstimatedCost: Infinity,
  maxAstNodes: 100_000,
  maxExpressionLength: 100_000,
  timeBudgetMs: Infinity,
};

const INT_LITERALS = [
  '0',
  '1',
  '-1',
  '2',
  '7',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '9223372036854775807',
  '-9223372036854775807',
  '4611686018427387904',
];
const DOUBLE_LITERALS = [
  '0.0',
  '-0.0',
  '1.0',
  '1.5',
  '-2.5',
  '0.1',
  '9007199254740992.0',
  '9007199254740993.0',
  '9223372036854775808.0',
  '-9223372036854775808.0',
  '1e308',
  '(0.0 / 0.0)',
  '(1.0 / 0.0)',
  '(-1.0 / 0.0)',
  '(1.0 / -0.0)',
];
const STRINGS = [
  '',
  'a',
  'ab',
  'B',
  'é',
  'e\u0301',
  '🙂',
  '🙂a',
  '\uffff',
  'ﬀ',
  'group:team',
  'toString',
  'constructor',
];
const KEYS = ['a', 'b', 'x', 'é', '🙂', '', 'toString', 'constructor'];

const celString = (s: string) => JSON.stringify(s);

const stringLiteral = fc
  .oneof(
    fc.constantFrom(...STRINGS),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  )
  .map(celString);

const literal: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INT_LITERALS),
  fc.constantFrom(...DOUBLE_LITERALS),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .map(d => (Number.isInteger(d) ? `${d}.0` : String(d)))
    .filter(s => !s.includes('e')),
  stringLiteral,
  fc.constantFrom('true', 'false', 'null', '[]'),
);

const PATHS = [
  'spec.a',
  'spec.b',
  'spec.n',
  'spec.s',
  'spec.l',
  'spec.m',
  'spec.m.a',
  'spec.m.x',
  'spec.m.toString',
  'spec.missing',
  'spec.l[0]',
  'spec.m["é"]',
  'metadata.name',
  'entity.kind',
  'spec',
];

const METHODS = ['startsWith', 'endsWith', 'contains'];
const BINARY = [
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&&',
  '||',
  'in',
];
const MACROS = ['all', 'exists', 'exists_one', 'map', 'filter'];

const arbitraries = new Map<string, fc.Arbitrary<string>>();

/** An expression of the compiled subset, at most `depth` deep, over the bound `vars`. */
function expression(
  depth: number,
  vars: readonly string[],
): fc.Arbitrary<string> {
  const key = `${depth}:${vars.join(',')}`;
  const cached = arbitraries.get(key);
  if (cached) return cached;
  const leaves: fc.Arbitrary<string>[] = [literal, fc.constantFrom(...PATHS)];
  if (vars.length) {
    leaves.push(fc.constantFrom(...vars));
    leaves.push(
      fc
        .tuple(fc.constantFrom(...vars), fc.constantFrom(...KEYS.slice(0, 3)))
        .map(([v, k]) => `${v}.${k}`),
    );
  }
  const leaf = fc.oneof(...leaves);
  if (depth === 0) {
    arbitraries.set(key, leaf);
    return leaf;
  }
  const sub = expression(depth - 1, vars);
  // Two macros deep at most: the next iteration variable, if any.
  const next = (['x', 'y'] as const)[vars.length];
  const composite: fc.Arbitrary<string>[] = [
    fc
      .tuple(sub, fc.constantFrom(...BINARY), sub)
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    sub.map(a => `!${a}`),
    sub.map(a => `-${a}`),
    fc.tuple(sub, sub, sub).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    sub.map(a => `size(${a})`),
    fc
      .tuple(sub, fc.constantFrom(...METHODS), sub)
      .map(([a, m, b]) => `${a}.${m}(${b})`),
    fc.tuple(sub, sub).map(([a, b]) => `${a}[${b}]`),
    fc.array(sub, { maxLength: 3 }).map(items => `[${items.join(', ')}]`),
    fc
      .tuple(
        fc.constantFrom('spec', 'spec.m', ...vars),
        fc.constantFrom(...KEYS),
      )
      .filter(([, k]) => /^[a-z]+$/i.test(k))
      .map(([o, k]) => `has(${o}.${k})`),
  ];
  if (next) {
    const body = expression(depth - 1, [...vars, next]);
    composite.push(
      fc
        .tuple(sub, fc.constantFrom(...MACROS), body)
        .map(([range, macro, b]) => `${range}.${macro}(${next}, ${b})`),
      fc
        .tuple(sub, body, body)
        .map(([range, c, b]) => `${range}.map(${next}, ${c}, ${b})`),
    );
  }
  const arb = fc.oneof({ depthSize: 'small' }, leaf, ...composite);
  arbitraries.set(key, arb);
  return arb;
}

const scalar = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    1.5,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    -(2 ** 63),
    1e308,
    0.1,
    NaN,
    Infinity,
    -Infinity,
  ),
  fc.integer({ min: -100, max: 100 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

const { value: jsonValue } = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
}));

const entityArb: fc.Arbitrary<Entity> = fc
  .record(
    {
      a: jsonValue,
      b: jsonValue,
      n: scalar,
      s: fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 4 })),
      l: fc.array(jsonValue, { maxLength: 4 }),
      m: fc.dictionary(fc.constantFrom(...KEYS), jsonValue, {
        maxKeys: 4,
        noNullPrototype: true,
      }),
    },
    { requiredKeys: [] },
  )
  .map(spec => ({
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'p' },
    spec: spec as Entity['spec'],
  }));

function compiled(
  evaluator: 'generated' | 'interpreted',
  expr: string,
): CompiledRule | undefined {
  try {
    return compileRuleWith(evaluator, expr, UNLIMITED);
  } catch (e) {
    // A generated expression the parser refuses (e.g. a literal out of range) is skipped.
    if (e instanceof PolicyRuleError && /syntax error|nested/.test(e.message)) {
      return undefined;
    }
    throw e;
  }
}

function agree(expr: string, entities: Entity[]): void {
  const generated = compiled('generated', expr);
  fc.pre(generated !== undefined);
  const interpreted = compiled('interpreted', expr)!;
  const reference = celReference(expr);
  for (const entity of entities) {
    const input = prepareRuleInput(entity);
    const expected = normalise(reference(entity));
    expect({
      expr,
      spec: entity.spec,
      generated: normalise(generated!.evaluate(input)),
      interpreted: normalise(interpreted.evaluate(input)),
    }).toEqual({
      expr,
      spec: entity.spec,
      generated: expected,
      interpreted: expected,
    });
  }
}

// Values of a rule that does not give a bool are compared with another value through `==`,
// so that a divergence in the value itself shows.
const probed = (value: string, probe: string) => `(${value}) == (${probe})`;

describe('the compiled path against @bufbuild/cel', () => {
  // eslint-disable-next-line jest/expect-expect -- agree() asserts
  it('agrees on random expressions over random entities', () => {
    fc.assert(
      fc.property(
        expression(3, []),
        fc.array(entityArb, { minLength: 1, maxLength: 3 }),
        (expr, entities) => agree(expr, entities),
      ),
      {
        numRuns: runs,
        ...replay,
        // Found by these tests or by hand; kept as examples that always run.
        examples: [
          [
            'spec.a == 0.0 && spec.b / -0.0 < 0.0',
            [entityWith({ a: 0, b: 1 })],
          ],
          ['9007199254740993 > 9007199254740992.0', [entityWith({})]],
          ['spec.n > 9007199254740992.0', [entityWith({ n: 2 ** 53 })]],
          ['[] in spec', [entityWith({ a: 1 })]],
          ['[1] in spec.m', [entityWith({ m: {} })]],
          ['null in spec.m', [entityWith({ m: { a: null } })]],
          ['-0.0 == 0.0 && 1.0 / -0.0 < 0.0', [entityWith({})]],
          ['size("🙂a") == 2 && "🙂" < "\uffff"', [entityWith({})]],
          // An error message once String()-ed an entity map whose `toString` key is not
          // a function, which threw past `&&`.
          [
            '(0.0[spec.m][spec.a.all(x, x.a)] && !spec.a.all(x, (x == 0)))',
            [entityWith({ a: {}, m: { toString: {} } })],
          ],
        ],
      },
    );
  });

  // eslint-disable-next-line jest/expect-expect -- agree() asserts
  it('agrees on the values rules compute, probed by equality', () => {
    fc.assert(
      fc.property(
        expression(2, []),
        expression(1, []),
        fc.array(entityArb, { minLength: 1, maxLength: 2 }),
        (value, probe, entities) => agree(probed(value, probe), entities),
      ),
      { numRuns: Math.ceil(runs / 2), ...replay },
    );
  });
});

const INTERPRETED_ONLY = [
  (s: string) => `${s}.lowerAscii()`,
  (s: string) => `${s}.upperAscii()`,
  (s: string) => `${s}.trim()`,
  (s: string) => `${s}.split("a")`,
  (s: string) => `${s}.split("")`,
  (s: string) => `${s}.replace("a", "bb")`,
  (s: string) => `${s}.replace("", "x")`,
  (s: string) => `${s}.replace("a", "", 1)`,
  (s: string) => `${s}.replace("ab", "b", -1)`,
  (s: string) => `${s}.replace(${s}, "z")`,
  (s: string) => `${s}.indexOf("a")`,
  (s: string) => `${s}.matches("^[a-z]+$")`,
  (s: string) => `[${s}, "b"].join("-")`,
  (s: string) => `"%s|%d".format([${s}, 1])`,
  (s: string) => `{"k": ${s}}.k`,
  (s: string) => `{"k": ${s}} == {"k": ${s}}`,
  (s: string) => `[${s}] == [${s}]`,
  (s: string) => `${s} in [${s}, 1]`,
  (s: string) => `string(${s})`,
  (s: string) => `int(${s})`,
  (s: string) => `${s} in {"a": 1, "é": null}`,
  (s: string) => `{} in {"k": ${s}}`,
];

describe('the metered interpreter against @bufbuild/cel', () => {
  it('agrees on what only the interpreter runs', () => {
    const operand = fc.oneof(
      fc.constantFrom('spec.s', 'spec.a', 'spec.missing', 'metadata.name'),
      stringLiteral,
      literal,
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...INTERPRETED_ONLY),
        operand,
        expression(1, []),
        fc.array(entityArb, { minLength: 1, maxLength: 2 }),
        (call, s, probe, entities) => {
          const expr = probed(call(s), probe);
          const interpreted = compiled('interpreted', expr);
          fc.pre(interpreted !== undefined);
          const reference = celReference(expr);
          for (const entity of entities) {
            expect({
              expr,
              spec: entity.spec,
              interpreted: normalise(
                interpreted!.evaluate(prepareRuleInput(entity)),
              ),
            }).toEqual({
              expr,
              spec: entity.spec,
              interpreted: normalise(reference(entity)),
            });
          }
        },
      ),
      { numRuns: runs, ...replay },
    );
  });
});

function entityWith(spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'p' },
    spec: spec as Entity['spec'],
  };
}
