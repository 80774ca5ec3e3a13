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
  celList,
  celMap,
  isCelError,
  parse,
  type CelInput,
  type CelValue,
} from '@bufbuild/cel';
import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ESTIMATE_INPUT_BYTES, estimateCost, staticCost } from './celCost';
import {
  baseEnv,
  INTERPRETER_COST_FACTOR,
  planInterpreted,
} from './celInterpreter';
import {
  CelErrorValue,
  UnsupportedExpression,
  type CelExpr,
  type EvalFrame,
} from './celRuntime';
import { CodeGenerationDisabled, generateEvaluator } from './codegenCel';

/**
 * Bounds on policy expressions: checked when a policy is loaded (size, nodes, nesting, the
 * estimated worst-case cost) and while it runs (iterations, cost).
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
   * Macro iterations (and list elements concatenated) one evaluation may spend before it is
   * stopped with an error. Default 50000.
   */
  maxIterations: number;
  /**
   * Cost units one evaluation may spend before it is stopped with an error: every node
   * evaluated costs 1, and operations in proportion to what they touch (see the package
   * README). Default 1000000, a few milliseconds of CPU.
   */
  maxCost: number;
  /**
   * Highest estimated worst-case cost (the cost of one evaluation over the largest entity,
   * 256 KiB of JSON) a rule may have; a rule above it is refused at load and reported as an
   * error result on every product it applies to. Default 100000000: a macro over a list of
   * the entity passes, two nested ones over its lists do not.
   */
  maxEstimatedCost: number;
  /**
   * A backstop checked after an evaluation on the interpreter: a run longer than this, in
   * milliseconds, is reported as an error result. The bound is `maxCost`, which holds while
   * the rule runs. Default 50.
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
  maxIterations: 50_000,
  maxCost: 1_000_000,
  maxEstimatedCost: 100_000_000,
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
   * `generated`: compiled to JavaScript over the entity's JSON (fast);
   * `interpreted`: run by the CEL interpreter (for what the code generator does not cover).
   * Both are metered the same way.
   */
  readonly engine: 'generated' | 'interpreted';
  /** The estimated worst-case cost of one evaluation, in cost units. */
  readonly estimatedCost: number;
  /**
   * Set when the rule was refused at load because its estimated cost is over the limit:
   * every evaluation then gives this as its error, without running the rule.
   */
  readonly refused?: string;
  /** Why the code generator did not compile a rule it should have, when it failed. */
  readonly generatorFailure?: string;
  /** Evaluates the rule for a prepared entity. Never throws. */
  evaluate(input: RuleInput): RuleOutcome;
}

/**
 * Options of {@link compileRule}.
 *
 * @public
 */
export interface CompileRuleOptions {
  /** Where a failure of the code generator is reported (the rule then runs interpreted). */
  logger?: LoggerService;
}

/** Internal per-entity state behind a RuleInput. */
class PreparedInput implements RuleInput {
  readonly frame: EvalFrame;
  private cel: Record<string, CelInput> | undefined;

  constructor(readonly entity: Entity) {
    this.frame = {
      vars: {
        entity,
        spec: entity.spec ?? {},
        metadata: entity.metadata ?? {},
      },
      budget: 0,
      cost: 0,
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
        if (!SPECIAL_FUNCTIONS.has(fn) && !baseEnv.funcs.find(fn)) {
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
        if (c.iterVar2) inner.push(c.iterVar2);
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
  if (v instanceof CelErrorValue) return { error: v.message };
  if (isCelError(v)) return { error: v.message };
  let type: string = typeof v;
  if (v === null) type = 'null';
  else if (typeof v === 'bigint') type = 'int';
  else if (typeof v === 'number') type = 'double';
  else if (typeof v === 'object') type = 'a list or map';
  return { error: `rule must give a bool, it gave ${type}` };
}

/** A rule parsed and checked against the load-time limits. */
interface LoadedRule {
  expression: string;
  expr: CelExpr;
}

function load(expression: string, limits: PolicyRuleLimits): LoadedRule {
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
  inspect(parsed.expr, limits);
  return { expression, expr: parsed.expr };
}

function formatCost(n: number): string {
  if (!Number.isFinite(n) || n >= 1e15) return 'more than 10^15';
  return Math.round(n).toLocaleString('en-US');
}

/** The error of a rule whose estimated cost is over the limit, naming both. */
function refusal(estimated: number, limits: PolicyRuleLimits): string {
  return `rule refused: its estimated worst-case cost is ${formatCost(
    estimated,
  )} units, over the limit of ${formatCost(
    limits.maxEstimatedCost,
  )} (dataMesh.policies.limits.maxEstimatedCost); iterate over fewer or smaller values, or nest fewer macros`;
}

function costOutcome(limits: PolicyRuleLimits): RuleOutcome {
  return Object.freeze({
    error: `evaluation exceeded its cost limit of ${formatCost(
      limits.maxCost,
    )} units (dataMesh.policies.limits.maxCost)`,
  });
}

const ITERATIONS_OUTCOME: RuleOutcome = Object.freeze({
  error: 'evaluation exceeded its iteration budget',
});

function refusedRule(
  rule: LoadedRule,
  engine: CompiledRule['engine'],
  estimatedCost: number,
  message: string,
): CompiledRule {
  const outcome: RuleOutcome = Object.freeze({ error: message });
  return {
    expression: rule.expression,
    engine,
    estimatedCost,
    refused: message,
    evaluate: () => outcome,
  };
}

function generatedRule(
  rule: LoadedRule,
  limits: PolicyRuleLimits,
): CompiledRule {
  const estimatedCost = estimateCost(rule.expr, ESTIMATE_INPUT_BYTES);
  // Thrown when the expression is outside the compiled subset.
  const { evaluate } = generateEvaluator<RuleInput, RuleOutcome>(
    rule.expr,
    ROOT_VARS,
    {
      frameOf: input => asPrepared(input).frame,
      maxIterations: limits.maxIterations,
      initialCost: limits.maxCost - staticCost(rule.expr),
      outcome: outcomeOf,
      iterationsExceeded: ITERATIONS_OUTCOME,
      costExceeded: costOutcome(limits),
      thrown: e => ({
        error: `rule failed: ${(e as Error)?.message ?? String(e)}`,
      }),
    },
  );
  if (estimatedCost > limits.maxEstimatedCost) {
    return refusedRule(
      rule,
      'generated',
      estimatedCost,
      refusal(estimatedCost, limits),
    );
  }
  return {
    expression: rule.expression,
    engine: 'generated',
    estimatedCost,
    evaluate,
  };
}

function interpretedRule(
  rule: LoadedRule,
  limits: PolicyRuleLimits,
  generatorFailure?: string,
): CompiledRule {
  // The interpreter's operations cost more; so does its estimate.
  const estimatedCost =
    estimateCost(rule.expr, ESTIMATE_INPUT_BYTES) * INTERPRETER_COST_FACTOR;
  if (estimatedCost > limits.maxEstimatedCost) {
    return {
      ...refusedRule(
        rule,
        'interpreted',
        estimatedCost,
        refusal(estimatedCost, limits),
      ),
      ...(generatorFailure ? { generatorFailure } : {}),
    };
  }
  let program: ReturnType<typeof planInterpreted>;
  try {
    program = planInterpreted(rule.expr);
  } catch (e) {
    throw new PolicyRuleError(`could not plan: ${(e as Error).message}`);
  }
  const costExceeded = costOutcome(limits);
  const counters = {
    maxCost: limits.maxCost,
    maxIterations: limits.maxIterations,
  };
  const compiled: CompiledRule = {
    expression: rule.expression,
    engine: 'interpreted',
    estimatedCost,
    evaluate(input: RuleInput): RuleOutcome {
      const prepared = asPrepared(input);
      const start = performance.now();
      let run: ReturnType<typeof program.run>;
      try {
        run = program.run(prepared.celBindings(), counters);
      } catch (e) {
        return { error: `rule failed: ${(e as Error).message}` };
      }
      if (run.end === 'iterations') return ITERATIONS_OUTCOME;
      if (run.end === 'cost') return costExceeded;
      const took = performance.now() - start;
      if (took > limits.timeBudgetMs) {
        return {
          error: `evaluation took ${Math.round(took)} ms, over its ${
            limits.timeBudgetMs
          } ms budget`,
        };
      }
      return outcomeOf(run.value);
    },
  };
  return generatorFailure ? { ...compiled, generatorFailure } : compiled;
}

// The loggers already told that this runtime forbids generated code.
const toldDisabled = new WeakSet<LoggerService>();

/**
 * Loads a CEL rule: parses it, checks it against the limits, estimates its worst-case cost,
 * and compiles it: to generated JavaScript when the expression is inside the compiled subset,
 * else to the metered CEL interpreter. A rule whose estimated cost is over
 * `maxEstimatedCost` is returned refused: it evaluates to an error naming the estimate and
 * the limit.
 *
 * @throws PolicyRuleError with the reason when the rule cannot be loaded
 * @public
 */
export function compileRule(
  expression: string,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
  options: CompileRuleOptions = {},
): CompiledRule {
  const rule = load(expression, limits);
  try {
    return generatedRule(rule, limits);
  } catch (e) {
    if (e instanceof UnsupportedExpression)
      return interpretedRule(rule, limits);
    // The generator should have compiled this rule: say so, and run it interpreted.
    const failure = `code generator failed: ${(e as Error)?.message ?? e}`;
    const logger = options.logger;
    if (e instanceof CodeGenerationDisabled) {
      // The same for every rule: once per logger.
      if (logger && !toldDisabled.has(logger)) {
        toldDisabled.add(logger);
        logger.warn(
          `Policy rules run on the CEL interpreter (slower, equally bounded): ${failure}`,
        );
      }
    } else {
      logger?.warn(`Policy rule runs on the CEL interpreter, ${failure}`, {
        rule: expression,
      });
    }
    return interpretedRule(rule, limits, failure);
  }
}

/**
 * Compiles a rule with one given evaluator, for tests and benchmarks that compare them:
 * `generated` (JavaScript generated per rule) or `interpreted` (the metered interpreter of
 * `\@bufbuild/cel`). It runs the same load-time checks as the engine's own compilation,
 * which picks the evaluator itself.
 *
 * @throws PolicyRuleError when the rule cannot be loaded, or `generated` is asked for an
 *   expression outside the compiled subset
 * @public
 */
export function compileRuleWith(
  evaluator: 'generated' | 'interpreted',
  expression: string,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
): CompiledRule {
  const rule = load(expression, limits);
  if (evaluator === 'interpreted') return interpretedRule(rule, limits);
  try {
    return generatedRule(rule, limits);
  } catch (e) {
    throw new PolicyRuleError(
      `could not generate code: ${(e as Error)?.message ?? e}`,
    );
  }
}
