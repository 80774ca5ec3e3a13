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

/**
 * Node library of Meshwork, for the backend plugin and modules of the suite: the policy
 * engine (policies as CEL rules over DataProduct entities, the built-in pack, global and
 * domain policies, waivers, scores and roll-ups) and its service ref, shared by the
 * data-mesh backend, the catalog module and the scaffolder gate; the one DataProduct
 * document parser (the evaluation API and the scaffolder); and the location type that the
 * scaffolder's local publisher and the local-publish catalog module share.
 *
 * @packageDocumentation
 */

export { policyEngineServiceRef } from './service/policyEngineServiceRef';

export { parseDataProductDocuments } from './documents/parseDataProductDocuments';
export type {
  DataProductDocuments,
  DataProductDocumentsInput,
  ParseDataProductDocumentsOptions,
} from './documents/parseDataProductDocuments';

export {
  createPolicyEngine,
  evaluatePolicyRules,
  formatViolations,
} from './policy/PolicyEngine';
export type {
  EffectivePolicies,
  EvaluateOptions,
  PolicyEngine,
  PolicyEngineOptions,
} from './policy/PolicyEngine';

export {
  LOCAL_PUBLISH_LOCATION_TYPE,
  readLocalPublishDirectory,
} from './config/localPublish';
export { readPolicyConfig } from './config/readPolicyConfig';
export type {
  PolicyConfig,
  PolicyEnforcementMode,
} from './config/readPolicyConfig';

export { BUILTIN_POLICY_IDS } from './policy/builtinPolicies';
export type { BuiltinPolicyOptions } from './policy/builtinPolicies';

// The rule compiler alone, for benchmarks of the hot loop.
export { compileRuleWith, prepareRuleInput } from './policy/cel/compileRule';
export type {
  CompiledRule,
  PolicyRuleLimits,
  RuleInput,
  RuleOutcome,
} from './policy/cel/compileRule';

export {
  cachedDomainLookup,
  DomainIndex,
  resolveDomainChain,
} from './policy/domains';
// Defined in -common; re-exported until the data-mesh backend imports it from there.
export { getParentDomainRef } from '@meshwork/plugin-data-mesh-common';
export type { DomainChain } from './policy/domains';

export {
  countResults,
  scoreResults,
  statusOfResults,
  summarizeCompliance,
  summarizeComplianceByDomain,
} from './policy/score';
export type { ComplianceRollUpInput, ScoredResult } from './policy/score';

export { toPolicyDefinition } from './policy/compilePolicy';
export type {
  CompiledPolicy,
  PolicyDefinition,
  PolicyLoadError,
} from './policy/types';
// Defined in -common; re-exported until the data-mesh backend imports them from there.
export type {
  ComplianceStatus,
  PolicyStatusCounts,
  ProductEvaluation,
} from '@meshwork/plugin-data-mesh-common';
