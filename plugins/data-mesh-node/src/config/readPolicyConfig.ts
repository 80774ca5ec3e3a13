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

import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
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
 *         maxPiiRetentionDays: 1825  # default 3650
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
 *       timeBudgetMs: 50
 *   catalog:
 *     enforcement: warn           # warn | block
 * ```
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
  const maxPii = config.getOptionalNumber(
    'dataMesh.policies.builtin.retention-policy.maxPiiRetentionDays',
  );
  if (maxPii !== undefined) {
    if (!(maxPii > 0)) {
      throw new InputError(
        'dataMesh.policies.builtin.retention-policy.maxPiiRetentionDays must be a positive number',
      );
    }
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
  for (const key of Object.keys(limits) as Array<keyof PolicyRuleLimits>) {
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
