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

import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { parse } from '@bufbuild/cel';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { generateEvaluator } from './codegenCel';
import {
  compileRule,
  compileRuleWith,
  DEFAULT_POLICY_RULE_LIMITS,
  PolicyRuleError,
  prepareRuleInput,
} from './compileRule';
import { celReference, normalise } from './__testUtils__/celReference';

const product = (spec: JsonObject): Entity => ({
  apiVersion: 'meshwork.dev/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'p', tags: ['customer', 'profile'], annotations: {} },
  spec,
});

const entities: Entity[] = [
  product({
    type: 'aggregate',
    classification: 'confidential',
    containsPii: true,
    retentionDays: 730,
    owner: 'group:customer-team',
    domain: 'customer',
    inputPorts: [
      { dataProduct: 'orders', port: 'orders-daily' },
      { source: 'component:crm' },
    ],
    slos: [
      { indicator: 'freshness', objective: '15m' },
      { indicator: 'availability', objective: '99.95%', window: '30d' },
    ],
    quality: {
      framework: 'great-expectations',
      checks: [{ name: 'row_count' }],
    },
    infrastructure: {
      storage: { type: 'data-lake', encryption: 'AES-256' },
      security: { encryptionAtRest: true, auditLogging: true },
    },
    weights: [1, 2.5, -3],
    nothing: null,
    emptyMap: {},
    nullish: { a: null, b: [null] },
  }),
  product({
    type: 'source-aligned',
    classification: 'public',
    retentionDays: 'forever',
    slos: [],
    inputPorts: 'not-a-list',
    infrastructure: { security: null },
  }),
  product({}),
  { apiVersion: 'v1', kind: 'DataProduct', metadata: { name: 'x' } } as Entity,
];

// Expressions the compiled evaluator handles; each must agree with the CEL interpreter on
// every entity above (same value, or both an error).
const expressions = [
  'true',
  'false',
  '1 == 1.0',
  "spec.classification == 'confidential'",
  "spec.classification in ['confidential', 'restricted']",
  'has(spec.infrastructure) && has(spec.infrastructure.security) && spec.infrastructure.security.encryptionAtRest == true',
  'spec.infrastructure.security.encryptionAtRest',
  'has(spec.infrastructure.security.encryptionAtRest)',
  'has(spec.nothing.x)',
  'spec.nothing == null',
  'spec.retentionDays <= 1095',
  'spec.retentionDays > 0 && spec.retentionDays < 1000.5',
  "spec.retentionDays < 'a'",
  'size(spec.slos) > 0',
  'spec.slos.size() >= 2',
  'size(spec.inputPorts) > 0',
  'size(spec.classification) == 12',
  'size(spec)',
  'size(spec.retentionDays)',
  'spec.inputPorts.all(p, has(p.dataProduct) || has(p.source))',
  'spec.inputPorts.exists(p, has(p.dataProduct))',
  'spec.inputPorts.exists_one(p, has(p.source))',
  'spec.inputPorts.map(p, has(p.port)).size() == 2',
  'spec.inputPorts.filter(p, has(p.port)).size() == 1',
  'spec.slos.all(s, s.indicator != "")',
  'spec.slos.all(s, s.window == "30d")',
  'spec.slos.exists(s, s.window == "30d")',
  '[1, 2].all(i, i)',
  '[].all(i, i)',
  'spec.weights.all(w, w > -5)',
  'spec.weights.map(w, w * 2.0)[1] == 5.0',
  'spec.weights[0] + 1.0 == 2.0',
  'spec.weights[0] + 1',
  '1 + 2 * 3 - 4 / 2 == 5',
  '7 % 3 == 1',
  '5 / 0 == 1',
  '9223372036854775807 + 1 > 0',
  '-spec.retentionDays < 0',
  '!spec.containsPii',
  '!(has(spec.containsPii) && spec.containsPii)',
  "spec.owner.startsWith('group:')",
  "spec.owner.endsWith('team')",
  "spec.owner.contains('customer')",
  'spec.owner.contains(1)',
  "'customer' in metadata.tags",
  "'name' in metadata",
  'metadata.tags == ["customer", "profile"]',
  "entity.kind == 'DataProduct' && entity.metadata.name == 'p'",
  'spec.missing || true',
  'spec.missing && false',
  'false || spec.missing',
  '1 && false',
  '1 || true',
  'spec.missing || spec.other',
  "spec.containsPii ? spec.classification != 'public' : true",
  'spec.retentionDays ? 1 : 2',
  'spec.inputPorts[0].port',
  'spec.inputPorts[5]',
  "spec.quality['framework'] == 'great-expectations'",
  "spec.quality['missing']",
  'spec.slos.map(s, s.indicator).exists(i, i == "freshness")',
  'spec.slos.all(s, spec.inputPorts.exists(p, has(p.dataProduct) || s.indicator == "x"))',
  '[spec.missing, 1].exists(i, i == 1)',
  'spec.inputPorts + [1] == [1]',
  "'a' + 'b' == 'ab'",
  'spec.retentionDays',
  'spec',
  'null',
  'spec.containsPii == true && spec.classification in ["confidential", "restricted"] || has(spec.infrastructure.security.piiMasking)',
  'spec.keys.all(k, k != "")',
  'has(spec.nullish.a)',
  "'a' in spec.nullish",
  'spec.nullish.a == null',
  'spec.nullish.b[0] == null',
  'size(spec.nullish) == 2',
  'spec.nullish.all(k, k != "")',
  'size(spec.emptyMap) == 0',
  'has(spec.emptyMap.x)',
  'spec.all(k, k != "")',
  'true && true && true && false',
  'spec.missing || spec.missing2 || true || spec.missing3',
];

describe('compileRule', () => {
  it.each(expressions)(
    'compiles %s, and the generated code, the metered interpreter and @bufbuild/cel agree',
    expr => {
      expect(compileRule(expr).engine).toBe('generated');
      // Agreement is about what the rules mean; the estimate's refusals are tested apart.
      const unrefused = {
        ...DEFAULT_POLICY_RULE_LIMITS,
        maxEstimatedCost: Infinity,
      };
      const generated = compileRuleWith('generated', expr, unrefused);
      const interpreted = compileRuleWith('interpreted', expr, unrefused);
      const reference = celReference(expr);
      for (const entity of entities) {
        const input = prepareRuleInput(entity);
        const expected = normalise(reference(entity));
        expect({
          expr,
          entity: entity.spec,
          generated: normalise(generated.evaluate(input)),
          interpreted: normalise(interpreted.evaluate(input)),
        }).toEqual({
          expr,
          entity: entity.spec,
          generated: expected,
          interpreted: expected,
        });
      }
    },
  );

  it('never puts text of the expression into generated code', () => {
    const hostile = `spec.owner == "'); globalThis.pwned = 1; ('" && spec["\\u0027]; x"] == 1`;
    const parsed = parse(hostile);
    const { source } = generateEvaluator(parsed.expr, new Set(['spec']), {
      frameOf: () => {
        throw new Error('not evaluated');
      },
      maxIterations: 1,
      initialCost: 1,
      outcome: v => v,
      iterationsExceeded: undefined,
      costExceeded: undefined,
      thrown: e => e,
    });
    expect(source).not.toMatch(/pwned|owner|u0027/);
    expect(compileRule(hostile).evaluate(prepareRuleInput(entities[0]))).toBe(
      false,
    );
    expect((globalThis as any).pwned).toBeUndefined();
  });

  it('falls back to the interpreter for constructs outside the compiled subset', () => {
    for (const expr of [
      "spec.owner.matches('^group:')",
      'int(spec.retentionDays) == 730',
      "spec.owner.lowerAscii() == 'group:customer-team'",
      "{'a': 1}.a == 1",
      'metadata.annotations == {}',
      'type(spec.retentionDays) == double',
    ]) {
      const rule = compileRule(expr);
      expect(rule.engine).toBe('interpreted');
      expect(rule.evaluate(prepareRuleInput(entities[0]))).toBe(true);
    }
  });

  it('reports syntax errors, unknown variables and unknown functions at load', () => {
    expect(() => compileRule('spec.owner ==')).toThrow(/syntax error/);
    expect(() => compileRule('')).toThrow(/empty/);
    expect(() => compileRule('product.owner != ""')).toThrow(
      /unknown variable 'product'/,
    );
    expect(() => compileRule('launchMissiles(spec)')).toThrow(
      /unknown function 'launchMissiles'/,
    );
    expect(() => compileRule('spec.x.y.z()')).toThrow(/unknown function 'z'/);
  });

  it('rejects huge expressions at load', () => {
    const long = Array.from({ length: 2000 }, () => 'true').join(' && ');
    expect(() => compileRule(long)).toThrow(PolicyRuleError);
    expect(() => compileRule(long)).toThrow(/characters long; at most 4096/);
    const deep = `${'('.repeat(3000)}true${')'.repeat(3000)}`;
    expect(() =>
      compileRule(deep, {
        ...DEFAULT_POLICY_RULE_LIMITS,
        maxExpressionLength: 10_000,
      }),
    ).toThrow(PolicyRuleError);
    const wide = Array.from({ length: 600 }, (_, i) => `spec.a${i} == 1`).join(
      ' || ',
    );
    expect(() =>
      compileRule(wide, {
        ...DEFAULT_POLICY_RULE_LIMITS,
        maxExpressionLength: 100_000,
      }),
    ).toThrow(/too complex/);
  });

  it('rejects comprehensions nested deeper than the limit', () => {
    const expr =
      'spec.slos.all(a, spec.slos.all(b, spec.slos.all(c, spec.slos.all(d, true))))';
    expect(() => compileRule(expr)).toThrow(
      /nests comprehension macros 4 deep/,
    );
  });

  it('stops a runaway evaluation with an error result', () => {
    const list = `[${Array.from({ length: 60 }, (_, i) => i).join(',')}]`;
    const expr = `${list}.all(a, ${list}.all(b, ${list}.all(c, a + b + c >= 0)))`;
    const rule = compileRuleWith('generated', expr);
    expect(rule.evaluate(prepareRuleInput(entities[0]))).toEqual({
      error: 'evaluation exceeded its iteration budget',
    });
    // The interpreter charges more per operation: its cost counter stops it first.
    expect(
      compileRuleWith('interpreted', expr).evaluate(
        prepareRuleInput(entities[0]),
      ),
    ).toEqual({
      error:
        'evaluation exceeded its cost limit of 1,000,000 units (dataMesh.policies.limits.maxCost)',
    });

    // An error absorbed by `||` still counts as a runaway.
    const absorbed = compileRule(`${expr} || true`);
    expect(absorbed.evaluate(prepareRuleInput(entities[0]))).toEqual({
      error: 'evaluation exceeded its iteration budget',
    });
  });

  it('meters repeated list concatenation', () => {
    // The estimate refuses this rule at load (see the cost tests); here, the runtime bound.
    const rule = compileRule(
      'spec.big.map(a, spec.big + spec.big).size() > 0',
      {
        ...DEFAULT_POLICY_RULE_LIMITS,
        maxEstimatedCost: Infinity,
      },
    );
    const big = Array.from({ length: 1000 }, (_, i) => i);
    expect(rule.evaluate(prepareRuleInput(product({ big })))).toEqual({
      error: 'evaluation exceeded its iteration budget',
    });
  });

  it('builds lists in linear time inside map and filter', () => {
    const rule = compileRule('spec.big.map(a, a).size() == 50000');
    const big = Array.from({ length: 50_000 }, (_, i) => i);
    const start = performance.now();
    expect(rule.evaluate(prepareRuleInput(product({ big })))).toBe(true);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('gives an error result when a rule touches a missing field or gives a non-bool', () => {
    const input = prepareRuleInput(entities[2]);
    expect(
      compileRule('spec.infrastructure.security.encryptionAtRest').evaluate(
        input,
      ),
    ).toEqual({
      error: 'field not found: infrastructure',
    });
    expect(compileRule('size(spec.retentionDays) > 0').evaluate(input)).toEqual(
      {
        error: 'field not found: retentionDays',
      },
    );
    expect(
      compileRule('size(metadata.name) > 0 && size(spec) > 0').evaluate(input),
    ).toBe(false);
    expect(compileRule('1 + 1').evaluate(input)).toEqual({
      error: 'rule must give a bool, it gave int',
    });
    expect(compileRule("spec.owner.matches('x')").evaluate(input)).toEqual({
      error: expect.any(String),
    });
  });

  it('does not read inherited properties of plain objects', () => {
    const input = prepareRuleInput(entities[2]);
    expect(compileRule('has(spec.constructor)').evaluate(input)).toBe(false);
    expect(compileRule("'toString' in spec").evaluate(input)).toBe(false);
    expect(compileRule('spec.__proto__ == null').evaluate(input)).toEqual({
      error: 'field not found: __proto__',
    });
  });
});

describe('the answers CEL gives', () => {
  const input = (spec: JsonObject) => prepareRuleInput(product(spec));

  it('keeps -0.0 and 0.0 apart in the generated code', () => {
    // The constants of a rule once shared a slot when equal under SameValueZero.
    const rule = compileRule('spec.x == 0.0 && spec.y / -0.0 < 0.0');
    expect(rule.engine).toBe('generated');
    expect(rule.evaluate(input({ x: 0, y: 1 }))).toBe(true);
    expect(
      compileRule('1.0 / -0.0 < 0.0 && 1.0 / 0.0 > 0.0').evaluate(input({})),
    ).toBe(true);
  });

  it('converts an int to double to compare it with a double', () => {
    expect(
      compileRule('9007199254740993 > 9007199254740992.0').evaluate(input({})),
    ).toBe(false);
    expect(
      compileRule('spec.n < 9007199254740993').evaluate(input({ n: 2 ** 53 })),
    ).toBe(false);
    // Exact between two ints, as CEL is.
    expect(
      compileRule('9007199254740993 > 9007199254740992').evaluate(input({})),
    ).toBe(true);
  });

  it('gives an error, not false, for `in` on a map with a value that cannot be a key', () => {
    for (const expr of [
      '[] in spec',
      '{} in spec',
      'null in spec',
      'spec in spec',
    ]) {
      const rule = compileRuleWith('generated', expr.replace('{}', 'spec.m'));
      expect({ expr, outcome: rule.evaluate(input({ m: {} })) }).toEqual({
        expr,
        outcome: {
          error: expect.stringMatching(/no matching overload for '@in'/),
        },
      });
    }
    expect(compileRule("'m' in spec").evaluate(input({ m: {} }))).toBe(true);
    expect(compileRule('1 in spec').evaluate(input({ m: {} }))).toBe(false);
  });

  it('takes list indexes of the types CEL defines, in both engines', () => {
    for (const evaluator of ['generated', 'interpreted'] as const) {
      const at = (i: string) =>
        compileRuleWith(evaluator, `spec.l[${i}] == 2`).evaluate(
          input({ l: [1, 2] }),
        );
      expect(at('1')).toBe(true);
      expect(at('1.0')).toBe(true);
      for (const i of ['true', '"1"', 'null', '1.5']) {
        expect(at(i)).toEqual({ error: expect.any(String) });
      }
    }
  });
});

describe('the cost model', () => {
  it('refuses a rule over the estimated cost limit, naming the estimate and the limit', () => {
    const nested =
      'spec.slos.all(s, spec.inputPorts.exists(p, has(p.port) && p.port == s.indicator))';
    const rule = compileRule(nested);
    expect(rule.estimatedCost).toBeGreaterThan(
      DEFAULT_POLICY_RULE_LIMITS.maxEstimatedCost,
    );
    expect(rule.refused).toMatch(
      /^rule refused: its estimated worst-case cost is [\d,]+ units, over the limit of 100,000,000 \(dataMesh\.policies\.limits\.maxEstimatedCost\)/,
    );
    expect(rule.evaluate(prepareRuleInput(entities[0]))).toEqual({
      error: rule.refused,
    });
    // A single macro over a list of the entity is within the default.
    const single = compileRule(
      'spec.inputPorts.all(p, has(p.port) || has(p.source))',
    );
    expect(single.refused).toBeUndefined();
    expect(single.estimatedCost).toBeLessThan(
      DEFAULT_POLICY_RULE_LIMITS.maxEstimatedCost,
    );
    // A higher limit admits the nested rule; the runtime counter still bounds it.
    const admitted = compileRule(nested, {
      ...DEFAULT_POLICY_RULE_LIMITS,
      maxEstimatedCost: rule.estimatedCost,
    });
    expect(admitted.refused).toBeUndefined();
    expect(admitted.evaluate(prepareRuleInput(entities[0]))).toBe(false);
  });

  it('estimates the interpreter at the cost of its operations', () => {
    const rule = 'spec.slos.exists(s, s.indicator == "freshness")';
    expect(compileRuleWith('interpreted', rule).estimatedCost).toBe(
      20 * compileRuleWith('generated', rule).estimatedCost,
    );
  });

  it('stops an evaluation at its cost limit, from config', () => {
    const limits = { ...DEFAULT_POLICY_RULE_LIMITS, maxCost: 2000 };
    const expr = 'spec.slos.all(s, s.indicator != "")';
    const slos = (n: number) =>
      prepareRuleInput(
        product({
          slos: Array.from({ length: n }, () => ({ indicator: 'x' })),
        }),
      );
    for (const evaluator of ['generated', 'interpreted'] as const) {
      const rule = compileRuleWith(evaluator, expr, limits);
      expect(rule.evaluate(slos(1))).toBe(true);
      expect(rule.evaluate(slos(1000))).toEqual({
        error:
          'evaluation exceeded its cost limit of 2,000 units (dataMesh.policies.limits.maxCost)',
      });
    }
  });

  it('runs the same load-time checks in compileRuleWith as in compileRule', () => {
    for (const evaluator of ['generated', 'interpreted'] as const) {
      expect(() => compileRuleWith(evaluator, 'product.owner != ""')).toThrow(
        /unknown variable 'product'/,
      );
      expect(() => compileRuleWith(evaluator, 'spec.owner ==')).toThrow(
        /syntax error/,
      );
      expect(() =>
        compileRuleWith(
          evaluator,
          'spec.slos.all(a, spec.slos.all(b, spec.slos.all(c, spec.slos.all(d, true))))',
        ),
      ).toThrow(/nests comprehension macros 4 deep/);
      expect(
        compileRuleWith(
          evaluator,
          'spec.slos.all(s, spec.inputPorts.exists(p, p.port == s.indicator))',
        ).refused,
      ).toMatch(/^rule refused/);
    }
  });
});

describe('a failure of the code generator', () => {
  it('is logged, and the rule runs on the interpreter, equally bounded', async () => {
    // A real runtime that forbids code generation, in a child process.
    const root = resolve(__dirname, '../../../../..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        '--require',
        resolve(
          root,
          'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
        ),
        resolve(__dirname, '__testUtils__/codegenDisabled.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, PRODUCT: JSON.stringify(dataProductEntity()) },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      engines: ['interpreted'],
      failures: [
        'code generator failed: code generation from strings is disabled in this runtime (--disallow-code-generation-from-strings)',
      ],
      // Once, not once per rule.
      warnings: [
        'Policy rules run on the CEL interpreter (slower, equally bounded): code generator failed: code generation from strings is disabled in this runtime (--disallow-code-generation-from-strings)',
      ],
      outcomes: [true],
    });
  });

  it('is not reported for rules the generator does not cover', () => {
    const logger = mockServices.logger.mock();
    const rule = compileRule("spec.owner.matches('^group:')", undefined, {
      logger,
    });
    expect(rule.engine).toBe('interpreted');
    expect(rule.generatorFailure).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
