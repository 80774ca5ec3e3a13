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

import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  getDomainRef,
  isDataProductEntity,
} from '@meshwork/plugin-data-mesh-common';
import type {
  PolicyConfig,
  PolicyEnforcementMode,
} from '../config/readPolicyConfig';
import { builtinPolicyDefinitions } from './builtinPolicies';
import {
  DEFAULT_POLICY_RULE_LIMITS,
  prepareRuleInput,
  type PolicyRuleLimits,
  type RuleOutcome,
} from './cel/compileRule';
import {
  compilePolicies,
  compilePolicy,
  describeZodError,
  domainPolicyEntrySchema,
  policyIdOf,
  refusalOf,
} from './compilePolicy';
import { resolveDomainChain, type DomainChain } from './domains';
import { countResults, scoreResults, statusOfResults } from './score';
import type {
  CompiledPolicy,
  PolicyLoadError,
  PolicyResult,
  PolicySource,
  ProductEvaluation,
} from './types';
import type { PolicySeverity } from '@meshwork/plugin-data-mesh-common';
import { parseWaivers } from './waivers';

/**
 * The policies in force for the products of one domain chain.
 *
 * @public
 */
export interface EffectivePolicies {
  /** Built-in, global and domain policies after federation, in a stable order. */
  policies: CompiledPolicy[];
  /**
   * Notes attached to policies by id, shown on every product's result row for that policy:
   * a domain's refused attempt to weaken, drop or redefine it.
   */
  notes: ReadonlyMap<string, string[]>;
  /** Domain policies that could not be loaded or were refused. */
  errors: PolicyLoadError[];
}

/**
 * Options of {@link PolicyEngine.evaluate}.
 *
 * @public
 */
export interface EvaluateOptions {
  /**
   * The product's domain chain, nearest first (its domain, then the parent domain, ...), as
   * resolved by {@link resolveDomainChain} or {@link DomainIndex.chainFor}. Omitted: only
   * built-in and global policies apply.
   */
  domains?: readonly Entity[];
  /** Notes from resolving the chain, added to the evaluation's notes. */
  domainNotes?: readonly string[];
  /** The time waivers are checked against. Default: now. */
  now?: Date;
}

/**
 * The policy engine: the built-in and global policies compiled once, federated with domain
 * policies, and evaluated per product.
 *
 * @public
 */
export interface PolicyEngine {
  /** Built-in and global policies in force (before any domain's additions). */
  readonly policies: readonly CompiledPolicy[];
  /** Built-in and global policies that could not be loaded. */
  readonly loadErrors: readonly PolicyLoadError[];
  /** The catalog's enforcement mode from config. */
  readonly enforcement: PolicyEnforcementMode;
  /** The policies in force for a domain chain (nearest domain first); cached. */
  effectivePolicies(domains?: readonly Entity[]): EffectivePolicies;
  /**
   * Evaluates one DataProduct.
   *
   * @throws InputError when the entity is not a DataProduct
   */
  evaluate(entity: Entity, options?: EvaluateOptions): ProductEvaluation;
  /**
   * Resolves the product's domain chain through `getDomain` and evaluates it.
   *
   * @throws InputError when the entity is not a DataProduct
   */
  evaluateWithDomainLookup(
    entity: Entity,
    getDomain: (
      ref: string,
    ) => Entity | undefined | Promise<Entity | undefined>,
    options?: { now?: Date },
  ): Promise<ProductEvaluation>;
}

/**
 * Options of {@link createPolicyEngine}.
 *
 * @public
 */
export interface PolicyEngineOptions {
  /** Settings from {@link readPolicyConfig}; omitted: the built-in pack with defaults. */
  config?: Partial<PolicyConfig>;
  /** Extra policies, e.g. from a module, with their source (default `global`). */
  additionalPolicies?: ReadonlyArray<{
    definition: unknown;
    source?: PolicySource;
  }>;
  /**
   * Where problems compiling rules are reported: a code generator failure (the rule then
   * runs on the interpreter).
   */
  logger?: LoggerService;
}

const SEVERITY_RANK: Record<PolicySeverity, number> = {
  required: 0,
  recommended: 1,
  optional: 2,
};

const MAX_CACHE_ENTRIES = 2000;

/**
 * Evaluates the rules of the given policies over one entity: the hot loop, exposed for
 * benchmarks and for callers that want raw outcomes. The entity is prepared once and shared
 * by every policy. Returns one entry per policy: `undefined` when it does not apply, else its
 * {@link RuleOutcome}.
 *
 * @public
 */
export function evaluatePolicyRules(
  policies: readonly CompiledPolicy[],
  entity: Entity,
): Array<RuleOutcome | undefined> {
  const input = prepareRuleInput(entity);
  const out = new Array<RuleOutcome | undefined>(policies.length);
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    out[i] = p.appliesToEntity(entity)
      ? p.compiledRule.evaluate(input)
      : undefined;
  }
  return out;
}

class DefaultPolicyEngine implements PolicyEngine {
  readonly policies: readonly CompiledPolicy[];
  readonly loadErrors: readonly PolicyLoadError[];
  readonly enforcement: PolicyEnforcementMode;
  readonly #limits: PolicyRuleLimits;
  readonly #compileOptions: { logger?: LoggerService };
  readonly #base: ReadonlyMap<string, CompiledPolicy>;
  readonly #domainEntryCache = new Map<string, CompiledPolicy | Error>();
  readonly #effectiveCache = new Map<string, EffectivePolicies>();
  readonly #noDomains: EffectivePolicies;
  readonly #entityKeys = new WeakMap<Entity, string>();

  constructor(options: PolicyEngineOptions) {
    const config = options.config ?? {};
    this.#limits = { ...DEFAULT_POLICY_RULE_LIMITS, ...config.limits };
    this.#compileOptions = { logger: options.logger };
    this.enforcement = config.enforcement ?? 'warn';
    const errors: PolicyLoadError[] = [];
    const enabled = config.builtinEnabled ?? {};
    const builtinDefs = builtinPolicyDefinitions(config.builtinOptions);
    const knownBuiltin = new Set<string>(builtinDefs.map(d => d.id));
    for (const id of Object.keys(enabled)) {
      if (!knownBuiltin.has(id)) {
        errors.push({
          policyId: id,
          source: 'builtin',
          message: `dataMesh.policies.builtin.${id}: there is no built-in policy '${id}'`,
        });
      }
    }
    const builtin = compilePolicies(
      builtinDefs.filter(d => enabled[d.id] !== false),
      'builtin',
      this.#limits,
      this.#compileOptions,
    );
    errors.push(...builtin.errors);
    const global = compilePolicies(
      config.global ?? [],
      'global',
      this.#limits,
      this.#compileOptions,
    );
    errors.push(...global.errors);

    // A global policy with a built-in's id replaces it: the platform owns both.
    const base = new Map<string, CompiledPolicy>();
    for (const p of builtin.policies) base.set(p.id, p);
    for (const p of global.policies) base.set(p.id, p);
    (options.additionalPolicies ?? []).forEach(({ definition, source }, i) => {
      const src = source ?? 'global';
      try {
        const p = compilePolicy(
          definition,
          src,
          this.#limits,
          this.#compileOptions,
        );
        if (base.has(p.id)) {
          errors.push({
            policyId: p.id,
            source: src,
            message: `policy id '${p.id}' is already defined by ${
              base.get(p.id)!.source
            }`,
          });
        } else {
          base.set(p.id, p);
          const refused = refusalOf(p);
          if (refused) errors.push(refused);
        }
      } catch (e) {
        errors.push({
          policyId: policyIdOf(definition, i),
          source: src,
          message: (e as Error).message,
        });
      }
    });
    this.#base = base;
    this.policies = [...base.values()];
    this.loadErrors = errors;
    this.#noDomains = {
      policies: [...this.policies],
      notes: new Map(),
      errors: [],
    };
  }

  effectivePolicies(domains: readonly Entity[] = []): EffectivePolicies {
    if (domains.length === 0) return this.#noDomains;
    const key = domains.map(d => this.#entityKey(d)).join('\n');
    const cached = this.#effectiveCache.get(key);
    if (cached) return cached;
    const result = this.#federate(domains);
    if (this.#effectiveCache.size >= MAX_CACHE_ENTRIES)
      this.#effectiveCache.clear();
    this.#effectiveCache.set(key, result);
    return result;
  }

  #entityKey(domain: Entity): string {
    let key = this.#entityKeys.get(domain);
    if (key === undefined) {
      key = `${stringifyEntityRef(domain)}=${JSON.stringify(
        (domain.spec as Record<string, unknown> | undefined)?.policies ?? null,
      )}`;
      this.#entityKeys.set(domain, key);
    }
    return key;
  }

  /** Applies each domain's policies, from the root of the chain down to the product's own. */
  #federate(domains: readonly Entity[]): EffectivePolicies {
    const effective = new Map(this.#base);
    const notes = new Map<string, string[]>();
    const errors: PolicyLoadError[] = [];
    const note = (id: string, text: string) => {
      const list = notes.get(id);
      if (list) list.push(text);
      else notes.set(id, [text]);
    };

    for (let level = domains.length - 1; level >= 0; level--) {
      const domain = domains[level];
      const ref = stringifyEntityRef(domain);
      // A domain's ref is `domain:<namespace>/<name>`, which is the source's form.
      const source = ref as PolicySource;
      const raw = (domain.spec as Record<string, unknown> | undefined)
        ?.policies;
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw)) {
        errors.push({
          policyId: '(all)',
          source,
          message: 'spec.policies must be a list of policies',
        });
        continue;
      }
      const seen = new Set<string>();
      raw.forEach((entry, index) => {
        const policyId = policyIdOf(entry, index);
        const parsed = domainPolicyEntrySchema.safeParse(entry);
        if (!parsed.success) {
          errors.push({
            policyId,
            source,
            message: `spec.policies[${index}]: ${describeZodError(
              parsed.error,
            )}`,
          });
          return;
        }
        const e = parsed.data;
        if (seen.has(e.id)) {
          errors.push({
            policyId: e.id,
            source,
            message: `spec.policies[${index}]: duplicate policy id '${e.id}' in this domain; only the first is used`,
          });
          return;
        }
        seen.add(e.id);
        const inherited = effective.get(e.id);
        if (!inherited) {
          if (e.enabled === false) return;
          const compiled = this.#compileDomainPolicy(entry, source);
          if (compiled instanceof Error) {
            errors.push({
              policyId: e.id,
              source,
              message: `spec.policies[${index}]: ${compiled.message}`,
            });
          } else {
            effective.set(e.id, compiled);
            const refused = refusalOf(compiled);
            if (refused) {
              errors.push({
                ...refused,
                message: `spec.policies[${index}].${refused.message}`,
              });
            }
          }
          return;
        }

        const refuse = (why: string) => {
          const text = `${ref} ${why} A domain can add policies and make inherited ones stricter, but cannot weaken or drop a policy set by ${describeSource(
            inherited.tightenedBy ?? inherited.source,
          )}; the ${inherited.severity} policy still applies.`;
          note(e.id, text);
          errors.push({ policyId: e.id, source, message: text });
        };
        if (e.enabled === false) {
          refuse(`asks to turn off '${e.id}'.`);
          return;
        }
        const redefines =
          (e.rule !== undefined && e.rule !== inherited.rule) ||
          (e.appliesTo !== undefined &&
            JSON.stringify(e.appliesTo) !==
              JSON.stringify(inherited.appliesTo));
        if (redefines) {
          refuse(
            `redefines the rule or scope of '${e.id}'; to add a stricter rule, give it a new id.`,
          );
          return;
        }
        if (e.severity === undefined || e.severity === inherited.severity)
          return;
        if (SEVERITY_RANK[e.severity] > SEVERITY_RANK[inherited.severity]) {
          refuse(
            `declares '${e.id}' as ${e.severity}, weaker than ${inherited.severity}.`,
          );
          return;
        }
        effective.set(e.id, {
          ...inherited,
          severity: e.severity,
          tightenedBy: source,
        });
      });
    }
    return { policies: [...effective.values()], notes, errors };
  }

  #compileDomainPolicy(
    entry: unknown,
    source: PolicySource,
  ): CompiledPolicy | Error {
    const key = `${source}\n${JSON.stringify(entry)}`;
    const cached = this.#domainEntryCache.get(key);
    if (cached) return cached;
    let result: CompiledPolicy | Error;
    try {
      result = compilePolicy(entry, source, this.#limits, this.#compileOptions);
    } catch (e) {
      result = e as Error;
    }
    if (this.#domainEntryCache.size >= MAX_CACHE_ENTRIES)
      this.#domainEntryCache.clear();
    this.#domainEntryCache.set(key, result);
    return result;
  }

  evaluate(entity: Entity, options: EvaluateOptions = {}): ProductEvaluation {
    // The same guard as the catalog's: kind DataProduct under Meshwork's apiVersion.
    if (!entity || typeof entity !== 'object' || !isDataProductEntity(entity)) {
      throw new InputError(
        `only DataProduct entities (apiVersion meshwork.dev/v1alpha1) are evaluated, got kind '${String(
          entity?.kind,
        )}' of '${String(entity?.apiVersion)}'`,
      );
    }
    const now = options.now ?? new Date();
    const effective = this.effectivePolicies(options.domains ?? []);
    const { waivers, notes } = parseWaivers(
      (entity.spec as Record<string, unknown> | undefined)?.waivers,
      now,
    );
    const input = prepareRuleInput(entity);
    const results: PolicyResult[] = [];
    const usedWaivers = new Set<string>();

    for (const policy of effective.policies) {
      if (!policy.appliesToEntity(entity)) continue;
      const outcome = policy.compiledRule.evaluate(input);
      const row: PolicyResult = {
        policyId: policy.id,
        title: policy.title,
        severity: policy.severity,
        status: statusOfOutcome(outcome),
        message: '',
        source: policy.source,
      };
      if (policy.remediation !== undefined)
        row.remediation = policy.remediation;
      if (policy.tightenedBy) row.tightenedBy = policy.tightenedBy;
      if (typeof outcome === 'object') row.error = outcome.error;
      const rowNotes = [...(effective.notes.get(policy.id) ?? [])];

      const waiver = waivers.get(policy.id);
      if (waiver) {
        usedWaivers.add(policy.id);
        row.waiver = {
          policy: waiver.policy,
          reason: waiver.reason,
          approver: waiver.approver,
          expires: waiver.expires,
          expired: waiver.expired,
        };
        if (row.status === 'passed') {
          rowNotes.push(
            'A waiver exists for this policy but is not needed: the product passes.',
          );
        } else if (!waiver.expired) {
          row.status = 'waived';
          rowNotes.push(
            `Waived until ${waiver.expires}, approved by ${waiver.approver}: ${waiver.reason}`,
          );
        } else {
          rowNotes.push(
            `The waiver for this policy expired on ${waiver.expires} (approved by ${waiver.approver}); the policy counts again.`,
          );
        }
      }

      if (row.status === 'passed') {
        row.message = policy.description ?? policy.title;
      } else if (row.status === 'error') {
        row.message = `The rule could not be evaluated: ${row.error}`;
      } else {
        row.message = policy.message;
      }
      if (rowNotes.length > 0) row.notes = rowNotes;
      results.push(row);
    }

    for (const id of waivers.keys()) {
      if (!usedWaivers.has(id)) {
        notes.push(
          effective.policies.some(p => p.id === id)
            ? `The waiver for '${id}' is not needed: the policy does not apply to this product.`
            : `The waiver names '${id}', which is not a policy in force; ignored.`,
        );
      }
    }
    notes.push(...(options.domainNotes ?? []));

    const status = statusOfResults(results);
    const evaluation: ProductEvaluation = {
      entityRef: stringifyEntityRef(entity),
      evaluatedAt: now.toISOString(),
      status,
      passed: status !== 'failing',
      score: scoreResults(results),
      counts: countResults(results),
      results,
      notes,
    };
    const domainRef = getDomainRef(entity);
    if (domainRef) evaluation.domainRef = domainRef;
    return evaluation;
  }

  async evaluateWithDomainLookup(
    entity: Entity,
    getDomain: (
      ref: string,
    ) => Entity | undefined | Promise<Entity | undefined>,
    options: { now?: Date } = {},
  ): Promise<ProductEvaluation> {
    const chain: DomainChain = await resolveDomainChain(entity, getDomain);
    return this.evaluate(entity, {
      domains: chain.domains,
      domainNotes: chain.notes,
      now: options.now,
    });
  }
}

function statusOfOutcome(outcome: RuleOutcome): PolicyResult['status'] {
  if (outcome === true) return 'passed';
  if (outcome === false) return 'failed';
  return 'error';
}

function describeSource(source: PolicySource): string {
  if (source === 'builtin') return 'the built-in pack';
  if (source === 'global') return 'the platform (global policies)';
  return `the parent domain ${source}`;
}

/**
 * Creates a policy engine: compiles the built-in pack (minus disabled policies) and the
 * global policies once; invalid ones are reported in `loadErrors` with their id.
 *
 * @public
 */
export function createPolicyEngine(
  options: PolicyEngineOptions = {},
): PolicyEngine {
  return new DefaultPolicyEngine(options);
}

/**
 * One line per violation (failed or errored required policy), for entity errors in the
 * catalog's block mode, the scaffolder gate and CI output.
 *
 * @public
 */
export function formatViolations(
  evaluation: ProductEvaluation,
  options: { includeWarnings?: boolean } = {},
): string {
  const lines = evaluation.results
    .filter(
      r =>
        (r.status === 'failed' || r.status === 'error') &&
        (options.includeWarnings || r.severity === 'required'),
    )
    .map(
      r =>
        `- [${r.severity}] ${r.policyId} (${r.source}): ${r.message}${
          r.remediation ? ` Fix: ${r.remediation}` : ''
        }`,
    );
  return lines.join('\n');
}
