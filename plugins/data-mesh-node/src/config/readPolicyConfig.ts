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

import { readDurationFromConfig, type Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, type JsonValue } from '@backstage/types';
import {
  DEFAULT_POLICY_RULE_LIMITS,
  type PolicyRuleLimits,
} from '../policy/cel/compileRule';
import type { BuiltinPolicyOptions } from '../policy/builtinPolicies';

/**
 * What the catalog does with a DataProduct that fails a required policy: `warn` keeps it
 * (the compliance views show the failure), `block` refuses it with an entity error listing
 * each violation, so the last good version stays.
 *
 * @public
 */
export type PolicyEnforcementMode = 'warn' | 'block';

/**
 * The governance settings read from app-config by {@link readPolicyConfig}.
 *
 * @public
 */
export interface PolicyConfig {
  /** Built-in policies switched on or off, by id (absent: on). */
  builtinEnabled: Record<string, boolean>;
  /** Parameters of the built-in pack. */
  builtinOptions: BuiltinPolicyOptions;
  /** Global policies, as written; checked and compiled by the engine (errors reported). */
  global: JsonValue[];
  /** The catalog's enforcement mode. */
  enforcement: PolicyEnforcementMode;
  /** Bounds on policy expressions. */
  limits: PolicyRuleLimits;
}

const DAY_MS = 86_400_000;

/**
 * A positive duration in `unitMs` units, from a duration key (`'30d'`, ISO 8601 or
 * `{ days: 30 }`) or, when that is absent, the deprecated number key in those units.
 */
function readDuration(
  config: Config,
  key: string,
  deprecatedKey: string,
  unitMs: number,
): number | undefined {
  if (config.has(key)) {
    // readDurationFromConfig names the key and what is wrong with the value.
    const value =
      durationToMilliseconds(readDurationFromConfig(config, { key })) / unitMs;
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new InputError(`${key} must be a positive duration`);
    }
    return value;
  }
  const value = config.getOptionalNumber(deprecatedKey);
  if (value !== undefined && (!(value > 0) || !Number.isFinite(value))) {
    throw new InputError(`${deprecatedKey} must be a positive number`);
  }
  return value;
}

/**
 * Reads the governance settings.
 *
 * Keys (all optional):
 *
 * ```yaml
 * dataMesh:
 *   policies:
 *     builtin:
 *       audit-logging:            # any built-in policy id
 *         enabled: false          # default true
 *       retention-policy:
 *         maxPiiRetention: 5y     # a duration ('5y', P5Y, { years: 5 }); default 3650 days
 *     global:                     # platform-wide policies (PolicyDefinition)
 *       - id: tags-present
 *         title: Tags present
 *         severity: recommended   # required | recommended | optional
 *         appliesTo: { spec.lifecycle: production }   # filter predicate (optional)
 *         rule: has(entity.metadata.tags) && size(entity.metadata.tags) > 0
 *         message: The product has no tags.
 *         remediation: Add metadata.tags so people can find it.
 *     limits:                     # PolicyRuleLimits
 *       maxExpressionLength: 4096
 *       maxAstNodes: 2000
 *       maxComprehensionDepth: 3
 *       maxIterations: 100000
 *       timeBudget: 50ms          # a duration ('50ms', PT0.05S, { milliseconds: 50 })
 *   catalog:
 *     enforcement: warn           # warn | block
 * ```
 *
 * The former number keys `maxPiiRetentionDays` and `limits.timeBudgetMs` still work
 * (deprecated); the duration keys win when both are set.
 *
 * An invalid global policy does not make this throw: the engine reports it with its id.
 * Invalid settings (an unknown enforcement mode, a negative limit) do throw, naming the key.
 *
 * @public
 */
export function readPolicyConfig(config: Config): PolicyConfig {
  const builtinEnabled: Record<string, boolean> = {};
  const builtin = config.getOptionalConfig('dataMesh.policies.builtin');
  for (const id of builtin?.keys() ?? []) {
    const enabled = builtin!.getOptionalBoolean(`${id}.enabled`);
    if (enabled !== undefined) builtinEnabled[id] = enabled;
  }
  const builtinOptions: BuiltinPolicyOptions = {};
  // spec.retentionDays counts days, so the bound is kept in days.
  const maxPii = readDuration(
    config,
    'dataMesh.policies.builtin.retention-policy.maxPiiRetention',
    'dataMesh.policies.builtin.retention-policy.maxPiiRetentionDays',
    DAY_MS,
  );
  if (maxPii !== undefined) {
    builtinOptions.maxPiiRetentionDays = maxPii;
  }

  const global =
    config
      .getOptionalConfigArray('dataMesh.policies.global')
      ?.map(c => c.get()) ?? [];

  const enforcement =
    config.getOptionalString('dataMesh.catalog.enforcement') ?? 'warn';
  if (enforcement !== 'warn' && enforcement !== 'block') {
    throw new InputError(
      `dataMesh.catalog.enforcement must be 'warn' or 'block', got '${enforcement}'`,
    );
  }

  const limits: PolicyRuleLimits = { ...DEFAULT_POLICY_RULE_LIMITS };
  const timeBudgetMs = readDuration(
    config,
    'dataMesh.policies.limits.timeBudget',
    'dataMesh.policies.limits.timeBudgetMs',
    1,
  );
  if (timeBudgetMs !== undefined) limits.timeBudgetMs = timeBudgetMs;
  for (const key of Object.keys(limits) as Array<keyof PolicyRuleLimits>) {
    if (key === 'timeBudgetMs') continue;
    const value = config.getOptionalNumber(`dataMesh.policies.limits.${key}`);
    if (value !== undefined) {
      if (!(value > 0) || !Number.isFinite(value)) {
        throw new InputError(
          `dataMesh.policies.limits.${key} must be a positive number`,
        );
      }
      limits[key] = value;
    }
  }

  return { builtinEnabled, builtinOptions, global, enforcement, limits };
}
