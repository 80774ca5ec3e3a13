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

import type { FilterPredicate } from '@backstage/filter-predicates';
import type {
  ComplianceStatus,
  PolicyResult,
  PolicySeverity,
  PolicySource,
  PolicyStatus,
  PolicyStatusCounts,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
import type { Entity } from '@backstage/catalog-model';
import type { CompiledRule } from './cel/compileRule';

/**
 * A policy as written: in the built-in pack, in app-config (`dataMesh.policies.global`) or on
 * a Domain entity (`spec.policies`).
 *
 * @public
 */
export interface PolicyDefinition {
  /** Stable identifier, lowercase words joined by dashes, e.g. `encryption-at-rest`. */
  id: string;
  /** Short human title. */
  title: string;
  /** What the policy asks for and why. */
  description?: string;
  /** How much it matters. */
  severity: PolicySeverity;
  /**
   * Which products it applies to, as a Backstage filter predicate over the entity, e.g.
   * `{ 'spec.classification': { $in: ['confidential', 'restricted'] } }`. Omitted: every
   * DataProduct. Policies only ever apply to entities of kind DataProduct.
   */
  appliesTo?: FilterPredicate;
  /**
   * A CEL expression that must give `true` for a compliant product. Variables: `entity`
   * (the whole entity), `spec` and `metadata` (its parts).
   */
  rule: string;
  /** Shown when the policy fails: what is wrong. */
  message: string;
  /** Shown when the policy fails: how to fix it. */
  remediation?: string;
}

/**
 * A policy entry on a Domain entity's `spec.policies`: either a new policy (a full
 * {@link PolicyDefinition} with an id not used above it), or a tightening of an inherited one
 * (its `id` and a stronger `severity`, nothing else).
 *
 * @public
 */
export interface DomainPolicyEntry extends Partial<PolicyDefinition> {
  id: string;
  /** `false` asks to drop an inherited policy, which is refused (domains cannot drop). */
  enabled?: boolean;
}

/**
 * A policy ready to evaluate: its definition, its source, and its compiled predicate and rule.
 *
 * @public
 */
export interface CompiledPolicy extends PolicyDefinition {
  /** Where the policy (as finally in force) came from. */
  source: PolicySource;
  /** The domain that raised its severity, when one did. */
  tightenedBy?: PolicySource;
  /** The compiled rule. */
  compiledRule: CompiledRule;
  /**
   * Whether the entity matches `appliesTo` (always true without one). The evaluators check
   * the kind (DataProduct) once per entity, before this.
   */
  appliesToEntity(entity: Entity): boolean;
}

/**
 * A policy that could not be loaded, with the reason. Reported through the log and the API;
 * it does not stop the other policies.
 *
 * @public
 */
export interface PolicyLoadError {
  /** The policy's id, or `#<index>` when it has none. */
  policyId: string;
  /** Where the policy was declared. */
  source: PolicySource;
  /** Why it was not loaded. */
  message: string;
}

// Result shapes are shared with the backend and the frontend through the common package.
export type {
  ComplianceStatus,
  PolicyResult,
  PolicySource,
  PolicyStatus,
  PolicyStatusCounts,
  ProductEvaluation,
};
