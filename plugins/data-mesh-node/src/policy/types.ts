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
  PolicySeverity,
  PolicyWaiver,
} from '@meshwork/plugin-data-mesh-common';
import type { Entity } from '@backstage/catalog-model';
import type { CompiledRule } from './cel/compileRule';

/**
 * Where a policy came from: the built-in pack, the platform's app-config, or a Domain entity
 * (its entity ref, `domain:<namespace>/<name>`).
 *
 * @public
 */
export type PolicySource = 'builtin' | 'global' | `domain:${string}`;

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

/**
 * The status of one policy for one product.
 *
 * - `passed`: the rule gave true.
 * - `failed`: the rule gave false (or a waiver for it has expired).
 * - `waived`: the rule did not pass but a valid waiver exempts the product; never counted as
 *   passed.
 * - `error`: the rule could not be evaluated (it threw, exceeded its budget, gave a non-bool).
 *
 * @public
 */
export type PolicyStatus = 'passed' | 'failed' | 'waived' | 'error';

/**
 * The result of one policy for one product.
 *
 * @public
 */
export interface PolicyResult {
  policyId: string;
  title: string;
  severity: PolicySeverity;
  status: PolicyStatus;
  /** The policy's message for failed, waived and error rows; its description otherwise. */
  message: string;
  remediation?: string;
  source: PolicySource;
  /** The domain that raised the severity, when one did. */
  tightenedBy?: PolicySource;
  /** The waiver considered for this policy (valid or expired). */
  waiver?: PolicyWaiver & { expired: boolean };
  /** Why the rule could not be evaluated (status `error`). */
  error?: string;
  /** Notes for the reader: an expired waiver, a domain's refused attempt to weaken it. */
  notes?: string[];
}

/**
 * The overall status of a product: `failing` when a required policy failed or errored,
 * `warning` when only recommended or optional ones did, `passing` otherwise.
 *
 * @public
 */
export type ComplianceStatus = 'passing' | 'warning' | 'failing';

/**
 * Counts of results by status.
 *
 * @public
 */
export interface PolicyStatusCounts {
  passed: number;
  failed: number;
  waived: number;
  error: number;
}

/**
 * The evaluation of one product against every policy that applies to it.
 *
 * @public
 */
export interface ProductEvaluation {
  /** The product's entity ref, e.g. `dataproduct:default/customer-360`. */
  entityRef: string;
  /** The product's domain ref, when it names one. */
  domainRef?: string;
  /** When it was evaluated (ISO 8601). */
  evaluatedAt: string;
  status: ComplianceStatus;
  /** False when any required policy failed or errored: what CI and block mode act on. */
  passed: boolean;
  /** See {@link scoreResults}. 0-100. */
  score: number;
  counts: PolicyStatusCounts;
  /** One row per applicable policy. */
  results: PolicyResult[];
  /** Product-level notes: unknown domain, domain cycle, invalid or unused waivers. */
  notes: string[];
}
