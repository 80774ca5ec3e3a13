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
import type { FilterPredicate } from '@backstage/filter-predicates';
import {
  POLICY_ID_PATTERN,
  POLICY_SEVERITIES,
} from '@meshwork/plugin-data-mesh-common';
import { z } from 'zod';
import {
  compileRule,
  DEFAULT_POLICY_RULE_LIMITS,
  PolicyRuleError,
  type CompileRuleOptions,
  type PolicyRuleLimits,
} from './cel/compileRule';
import { compileFilterPredicate } from './predicate';
import type {
  CompiledPolicy,
  PolicyDefinition,
  PolicyLoadError,
  PolicySource,
} from './types';

/** The fields every policy definition shares, checked before anything is compiled. */
export const policyIdSchema = z
  .string({ message: 'must be a string' })
  .min(1, { message: 'must not be empty' })
  .max(100, { message: 'must be at most 100 characters' })
  .regex(POLICY_ID_PATTERN, {
    message: 'must be lowercase letters and digits joined by - _ or .',
  });

const severitySchema = z.enum(POLICY_SEVERITIES, {
  message: `must be one of ${POLICY_SEVERITIES.map(s => `'${s}'`).join(', ')}`,
});

const text = (max: number) =>
  z
    .string({ message: 'must be a string' })
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` });

/** The schema of a complete policy definition. */
export const policyDefinitionSchema = z.object({
  id: policyIdSchema,
  title: text(200),
  description: text(2000).optional(),
  severity: severitySchema,
  appliesTo: z.unknown().optional(),
  rule: text(100_000),
  message: text(2000),
  remediation: text(4000).optional(),
});

/** The schema of a domain's entry: a full definition, or an id with a severity. */
export const domainPolicyEntrySchema = policyDefinitionSchema.partial().extend({
  id: policyIdSchema,
  enabled: z.boolean({ message: 'must be a boolean' }).optional(),
});

/** Formats the first problems of a zod error as `field: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map(i => `${i.path.length ? i.path.join('.') : '(policy)'}: ${i.message}`)
    .join('; ');
}

function compilePredicate(appliesTo: unknown): {
  predicate?: FilterPredicate;
  fn: (e: Entity) => boolean;
} {
  if (appliesTo === undefined || appliesTo === null) {
    return { fn: () => true };
  }
  if (typeof appliesTo !== 'object' || Array.isArray(appliesTo)) {
    throw new PolicyRuleError(
      'appliesTo: must be a filter predicate object, e.g. { spec.type: aggregate }',
    );
  }
  let compiled: ReturnType<typeof compileFilterPredicate>;
  try {
    compiled = compileFilterPredicate(appliesTo);
  } catch (e) {
    throw new PolicyRuleError(`appliesTo: ${(e as Error).message}`);
  }
  const { predicate, test } = compiled;
  return {
    predicate,
    fn: (entity: Entity) => {
      try {
        return test(entity);
      } catch {
        return false;
      }
    },
  };
}

/**
 * Checks and compiles one policy definition.
 *
 * @throws PolicyRuleError naming the field and the problem
 */
export function compilePolicy(
  definition: unknown,
  source: PolicySource,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
  options: CompileRuleOptions = {},
): CompiledPolicy {
  const parsed = policyDefinitionSchema.safeParse(definition);
  if (!parsed.success) {
    throw new PolicyRuleError(describeZodError(parsed.error));
  }
  const def = parsed.data;
  const { predicate, fn } = compilePredicate(def.appliesTo);
  let compiledRule;
  try {
    compiledRule = compileRule(def.rule, limits, options);
  } catch (e) {
    throw new PolicyRuleError(`rule: ${(e as Error).message}`);
  }
  const policy: CompiledPolicy = {
    id: def.id,
    title: def.title,
    severity: def.severity,
    rule: def.rule,
    message: def.message,
    source,
    compiledRule,
    appliesToEntity: fn,
  };
  if (def.description !== undefined) policy.description = def.description;
  if (def.remediation !== undefined) policy.remediation = def.remediation;
  if (predicate !== undefined) policy.appliesTo = predicate;
  return policy;
}

/** The id of a raw definition for error reports: its id, or its position. */
export function policyIdOf(definition: unknown, index: number): string {
  const id = (definition as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : `#${index}`;
}

/**
 * The load error of a policy whose rule was refused for its estimated cost: the policy stays
 * in force (each product gets an error result for it) and the refusal is reported too.
 */
export function refusalOf(policy: CompiledPolicy): PolicyLoadError | undefined {
  const refused = policy.compiledRule.refused;
  return refused === undefined
    ? undefined
    : {
        policyId: policy.id,
        source: policy.source,
        message: `rule: ${refused}`,
      };
}

/**
 * Compiles a list of definitions from one source; a broken one is reported with its id and
 * does not stop the others. A repeated id is reported and the later one dropped.
 */
export function compilePolicies(
  definitions: readonly unknown[],
  source: PolicySource,
  limits: PolicyRuleLimits = DEFAULT_POLICY_RULE_LIMITS,
  options: CompileRuleOptions = {},
): { policies: CompiledPolicy[]; errors: PolicyLoadError[] } {
  const policies: CompiledPolicy[] = [];
  const errors: PolicyLoadError[] = [];
  const seen = new Set<string>();
  definitions.forEach((definition, index) => {
    const policyId = policyIdOf(definition, index);
    if (seen.has(policyId)) {
      errors.push({
        policyId,
        source,
        message: `duplicate policy id '${policyId}'; only the first is used`,
      });
      return;
    }
    try {
      const policy = compilePolicy(definition, source, limits, options);
      seen.add(policyId);
      policies.push(policy);
      const refused = refusalOf(policy);
      if (refused) errors.push(refused);
    } catch (e) {
      errors.push({ policyId, source, message: (e as Error).message });
    }
  });
  return { policies, errors };
}

/**
 * The definition of a compiled policy, as plain JSON (for APIs).
 *
 * @public
 */
export function toPolicyDefinition(policy: CompiledPolicy): PolicyDefinition {
  const def: PolicyDefinition = {
    id: policy.id,
    title: policy.title,
    severity: policy.severity,
    rule: policy.rule,
    message: policy.message,
  };
  if (policy.description !== undefined) def.description = policy.description;
  if (policy.appliesTo !== undefined) def.appliesTo = policy.appliesTo;
  if (policy.remediation !== undefined) def.remediation = policy.remediation;
  return def;
}
