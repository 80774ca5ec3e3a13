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
  celList,
  celMap,
  isCelError,
  parse,
  plan,
  type CelInput,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { Entity } from '@backstage/catalog-model';
import { compileGeneratedEvaluator } from './codegenCel';
import {
  BUDGET_EXCEEDED,
  compileFast,
  FastCelError,
  UnsupportedExpression,
  type CelExpr,
  type FastFrame,
  type FastFn,
} from './fastCel';

/**
 * Bounds on policy expressions, checked when a policy is loaded (size, nodes, nesting) and
 * when it runs (iterations, time).
 *
 * @public
 */
export interface PolicyRuleLimits {
  /** Longest accepted expression, in characters. Default 4096. */
  maxExpressionLength: number;
  /** Most syntax tree nodes (after macro expansion). Default 2000. */
  maxAstNodes: number;
  /** Deepest nesting of comprehension macros (all, exists, map, ...). Default 3. */
  maxComprehensionDepth: number;
  /**
   * Comprehension iterations (and list elements concatenated) one evaluation may spend
   * before it is stopped with an error. Default 100000.
   */
  maxIterations: number;
  /**
   * Time one evaluation may take, in milliseconds. Evaluations run synchronously and cannot
   * be interrupted, so this bound is enforced on expressions the compiled evaluator cannot
   * meter (those that fall back to the CEL interpreter): a run over the budget is reported
   * as an error result. Default 50.
   */
  timeBudgetMs: number;
}

/**
 * The default {@link PolicyRuleLimits}.
 *
 * @public
 */
export const DEFAULT_POLICY_RULE_LIMITS: PolicyRuleLimits = Object.freeze({
  maxExpressionLength: 4096,
  maxAstNodes: 2000,
  maxComprehensionDepth: 3,
  maxIterations: 100_000,
  timeBudgetMs: 50,
});

/**
 * The variables a policy rule can use.
 *
 * @public
 */
export const POLICY_RULE_VARIABLES = ['entity', 'spec', 'metadata'] as const;

const ROOT_VARS: ReadonlySet<string> = new Set(POLICY_RULE_VARIABLES);

// Type names are identifiers in CEL (`type(x) == string`).
const TYPE_IDENTS = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
]);

// Calls that the planner handles itself rather than through the function registry.
const SPECIAL_FUNCTIONS = new Set([
  '_&&_',
  '_||_',
  '_?_:_',
  '_[_]',
  '_[?_]',
  '_?._',
  '@not_strictly_false',
  '__not_strictly_false__',
]);

const env = celEnv({ funcs: strings });

/**
 * Thrown when a rule cannot be loaded: a syntax error, an expression over a limit, an
 * unknown variable or function.
 *
 * @public
 */
export class PolicyRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyRuleError';
  }
}

/**
 * What one policy rule gave for one entity: `true` (passed), `false` (failed), or the reason
 * it could not be evaluated.
 *
 * @public
 */
export type RuleOutcome = boolean | { error: string };

/**
 * An entity prepared once for evaluating any number of rules over it.
 *
 * @public
 */
export interface RuleInput {
  /** The entity, as plain JSON. */
  readonly entity: Entity;
}

/**
 * A loaded, checked and compiled rule.
 *
 * @public
 */
export interface CompiledRule {
  /** The source expression. */
  readonly expression: string;
  /**
   * `compiled`: evaluated by closures over the entity's JSON (fast, metered);
   * `interpreted`: by the CEL interpreter (for constructs the compiler does not cover).
   */
  readonly engine: 'compiled' | 'interpreted';
  /** Evaluates the rule for a prepared entity. Never throws. */
  evaluate(input: RuleInput): RuleOutcome;
}

/** Internal per-entity state behind a RuleInput. */
class PreparedInput implements RuleInput {
  readonly frame: FastFrame;
  private cel: Record<string, CelInput> | undefined;

  constructor(readonly entity: Entity) {
    this.frame = {
      vars: {
        entity,
        spec: entity.spec ?? {},
        metadata: entity.metadata ?? {},
      },
      locals: [],
      budget: 0,
    };
  }

  /** The entity as CEL values, converted once per entity and only when needed. */
  celBindings(): Record<string, CelInput> {
    if (!this.cel) {
      this.cel = {
        entity: toCelValue(this.entity),
        spec: toCelValue(this.entity.spec ?? {}),
        metadata: toCelValue(this.entity.metadata ?? {}),
      };
    }
    return this.cel;
  }
}

/**
 * Prepares an entity for rule evaluation: done once per entity, shared by every policy.
 *
 * @public
 */
export function prepareRuleInput(entity: Entity): RuleInput {
  return new PreparedInput(entity);
}

function asPrepared(input: RuleInput): PreparedInput {
  return input instanceof PreparedInput
    ? input
    : new PreparedInput(input.entity);
}

/** Deep conversion of JSON to CEL values, so the interpreter does not redo it per access. */
function toCelValue(v: unknown): CelValue {
  if (Array.isArray(v)) return celList(v.map(toCelValue));
  if (v !== null && typeof v === 'object') {
    const m = new Map<string, CelValue>();
    for (const [k, x] of Object.entries(v)) {
      if (x !== undefined) m.set(k, toCelValue(x));
    }
    return celMap(m);
  }
  return v as CelValue;
}

interface Stats {
  nodes: number;
  maxComprehensionDepth: number;
}

/** Walks the syntax tree: counts nodes, checks identifiers and functions. */
function inspect(expr: CelExpr, limits: PolicyRuleLimits): Stats {
  const stats: Stats = { nodes: 0, maxComprehensionDepth: 0 };
  const visit = (e: CelExpr | undefined, bound: string[], depth: number) => {
    if (!e) return;
    stats.nodes++;
    if (stats.nodes > limits.maxAstNodes) {
      throw new PolicyRuleError(
        `expression is too complex: more than ${limits.maxAstNodes} syntax nodes`,
      );
    }
    const k = e.exprKind;
    switch (k.case) {
      case 'identExpr': {
        const name = k.value.name;
        if (
          !bound.includes(name) &&
          !ROOT_VARS.has(name) &&
          !TYPE_IDENTS.has(name)
        ) {
          throw new PolicyRuleError(
            `unknown variable '${name}': rules can use ${POLICY_RULE_VARIABLES.join(
              ', ',
            )}`,
          );
        }
        return;
      }
      case 'selectExpr':
        visit(k.value.operand, bound, depth);
        return;
      case 'callExpr': {
        const fn = k.value.function;
        if (!SPECIAL_FUNCTIONS.has(fn) && !env.funcs.find(fn)) {
          throw new PolicyRuleError(`unknown function '${fn}'`);
        }
        visit(k.value.target, bound, depth);
        for (const a of k.value.args) visit(a, bound, depth);
        return;
      }
      case 'listExpr':
        for (const a of k.value.elements) visit(a, bound, depth);
        return;
      case 'structExpr':
        if (k.value.messageName) {
          throw new PolicyRuleError(
            `message construction '${k.value.messageName}' is not supported`,
          );
        }
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === 'mapKey') {
            visit(entry.keyKind.value, bound, depth);
          }
          visit(entry.value, bound, depth);
        }
        return;
      case 'comprehensionExpr': {
        const c = k.value;
        const d = depth + 1;
        if (d > limits.maxComprehensionDepth) {
          throw new PolicyRuleError(
            `expression nests comprehension macros ${d} deep; at most ${limits.maxComprehensionDepth} allowed`,
          );
        }
        stats.maxComprehensionDepth = Math.max(stats.maxComprehensionDepth, d);
        visit(c.iterRange, bound, depth);
        visit(c.accuInit, bound, depth);
        const inner = [...bound, c.accuVar, c.iterVar];
        visit(c.loopCondition, inner, d);
        visit(c.loopStep, inner, d);
        visit(c.result, [...bound, c.accuVar], d);
        return;
      }
      case 'constExpr':
        return;
      default:
        throw new PolicyRuleError('invalid expression');
    }
  };
  visit(expr, [], 0);
  return stats;
}

function outcomeOf(v: unknown): RuleOutcome {
  if (v === true || v === false) return v;
  if (v instanceof FastCelError) return { error: v.message };
  if (isCelError(v)) return { error: v.message };
  let type: string = typeof v;
  if (v === null) type = 'null';
  else if (typeof v === 'bigint') type = 'int';
  else if (typeof v === 'number') type = 'double';
  else if (typeof v === 'object') type = 'a list or map';
  return { error: `rule must give a bool, it gave ${type}` };
}

/**
 * Loads a CEL rule: parses it, checks it against the limits, and compiles it (to closures
 * when the expression is inside the compiled subset, else to the CEL interpreter's plan).
 *
 * @throws PolicyRuleError with the reason when the rule cannot be loaded
 * @public
 */
export function compileRule(
  expression: string,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
): CompiledRule {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new PolicyRuleError('rule is empty');
  }
  if (expression.length > limits.maxExpressionLength) {
    throw new PolicyRuleError(
      `expression is ${expression.length} characters long; at most ${limits.maxExpressionLength} allowed`,
    );
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    const message =
      e instanceof RangeError
        ? 'expression is nested too deeply'
        : `syntax error: ${(e as Error).message}`;
    throw new PolicyRuleError(message);
  }
  const stats = inspect(parsed.expr, limits);

  // Generated code first (fastest); closures where code generation is disabled (or, should
  // the generator ever fail, as a safe fallback); the CEL interpreter for expressions
  // outside the compiled subset.
  try {
    return generatedRule(expression, parsed.expr, limits);
  } catch {
    // fall through to the closures
  }
  try {
    return fastRule(expression, compileFast(parsed.expr, ROOT_VARS).fn, limits);
  } catch (e) {
    if (!(e instanceof UnsupportedExpression)) {
      throw new PolicyRuleError(`could not compile: ${(e as Error).message}`);
    }
  }

  // The interpreter cannot be metered per iteration; keep its comprehensions shallow.
  if (stats.maxComprehensionDepth > 1) {
    throw new PolicyRuleError(
      'nested comprehension macros are only supported with the compiled subset of CEL ' +
        '(field access, comparisons, logic, size, in, startsWith/endsWith/contains, ' +
        'arithmetic and the list macros)',
    );
  }
  let planned: ReturnType<typeof plan>;
  try {
    planned = plan(env, parsed);
  } catch (e) {
    throw new PolicyRuleError(`could not plan: ${(e as Error).message}`);
  }
  return interpretedRule(expression, planned, limits);
}

const BUDGET_OUTCOME: RuleOutcome = Object.freeze({
  error: BUDGET_EXCEEDED.message,
});

function fastRule(
  expression: string,
  fn: FastFn,
  limits: PolicyRuleLimits,
): CompiledRule {
  const maxIterations = limits.maxIterations;
  return {
    expression,
    engine: 'compiled',
    evaluate(input: RuleInput): RuleOutcome {
      const prepared = asPrepared(input);
      const frame = prepared.frame;
      frame.budget = maxIterations;
      let v: unknown;
      try {
        v = fn(frame);
      } catch (e) {
        // Not expected (errors are values), but a rule must never break an evaluation.
        return { error: `rule failed: ${(e as Error).message}` };
      }
      if (frame.budget < 0) return BUDGET_OUTCOME;
      return outcomeOf(v);
    },
  };
}

function generatedRule(
  expression: string,
  expr: CelExpr,
  limits: PolicyRuleLimits,
): CompiledRule {
  const evaluate = compileGeneratedEvaluator<RuleInput, RuleOutcome>(
    expr,
    ROOT_VARS,
    {
      frameOf: input => asPrepared(input).frame,
      maxIterations: limits.maxIterations,
      outcome: outcomeOf,
      budgetExceeded: BUDGET_OUTCOME,
      thrown: e => ({
        error: `rule failed: ${(e as Error)?.message ?? String(e)}`,
      }),
    },
  );
  return { expression, engine: 'compiled', evaluate };
}

function interpretedRule(
  expression: string,
  planned: ReturnType<typeof plan>,
  limits: PolicyRuleLimits,
): CompiledRule {
  return {
    expression,
    engine: 'interpreted',
    evaluate(input: RuleInput): RuleOutcome {
      const prepared = asPrepared(input);
      const start = performance.now();
      let v: unknown;
      try {
        v = planned(prepared.celBindings());
      } catch (e) {
        return { error: `rule failed: ${(e as Error).message}` };
      }
      const took = performance.now() - start;
      if (took > limits.timeBudgetMs) {
        return {
          error: `evaluation took ${Math.round(took)} ms, over its ${
            limits.timeBudgetMs
          } ms budget`,
        };
      }
      return outcomeOf(v);
    },
  };
}

/**
 * Compiles a rule with one given evaluator, for tests and benchmarks that compare them:
 * `generated` (JavaScript generated per rule), `closures` (a tree of closures, used where
 * code generation is disabled) or `interpreted` (@bufbuild/cel's planner, the "CEL as-is"
 * baseline). {@link compileRule} picks the best one itself.
 *
 * @public
 */
export function compileRuleWith(
  evaluator: 'generated' | 'closures' | 'interpreted',
  expression: string,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
): CompiledRule {
  const parsed = parse(expression);
  if (evaluator === 'interpreted') {
    return interpretedRule(expression, plan(env, parsed), limits);
  }
  if (evaluator === 'generated')
    return generatedRule(expression, parsed.expr, limits);
  return fastRule(expression, compileFast(parsed.expr, ROOT_VARS).fn, limits);
}
