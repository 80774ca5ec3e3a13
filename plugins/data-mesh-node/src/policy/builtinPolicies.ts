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

import type { PolicyDefinition } from './types';

/**
 * The ids of the built-in policies.
 *
 * @public
 */
export const BUILTIN_POLICY_IDS = [
  'owner-assigned',
  'domain-assigned',
  'encryption-at-rest',
  'pii-masking',
  'data-lineage',
  'quality-slo',
  'quality-checks',
  'retention-policy',
  'audit-logging',
] as const;

/**
 * The id of a built-in policy.
 *
 * @public
 */
export type BuiltinPolicyId = (typeof BUILTIN_POLICY_IDS)[number];

/**
 * Parameters of the built-in pack.
 *
 * @public
 */
export interface BuiltinPolicyOptions {
  /**
   * The longest retention allowed for products that contain PII, in days
   * (`retention-policy`). Default 3650 (ten years, the longest common legal retention of
   * business records).
   */
  maxPiiRetentionDays?: number;
}

const CONFIDENTIAL = ['confidential', 'restricted'];

// `has()` tests only the last field of a path, so nested presence is checked step by step.
const security = (field: string) =>
  `has(spec.infrastructure) && has(spec.infrastructure.security) && ` +
  `has(spec.infrastructure.security.${field}) && ` +
  `spec.infrastructure.security.${field} == true`;

/**
 * The built-in policy pack: the governance rules every data mesh starts with.
 *
 * Field names are those of the DataProduct kind (`meshwork.dev/v1alpha1`):
 * `spec.owner`, `spec.domain`, `spec.classification`, `spec.containsPii`,
 * `spec.retentionDays`, `spec.type`, `spec.inputPorts`, `spec.slos`, `spec.quality.checks`,
 * `spec.infrastructure.security.{encryptionAtRest, piiMasking, auditLogging}`.
 *
 * @public
 */
export function builtinPolicyDefinitions(
  options: BuiltinPolicyOptions = {},
): Array<PolicyDefinition & { id: BuiltinPolicyId }> {
  const maxPii = Math.floor(options.maxPiiRetentionDays ?? 3650);
  return [
    {
      id: 'owner-assigned',
      title: 'Owner assigned',
      description:
        'Every data product has an owning team, accountable for its quality and support.',
      severity: 'required',
      rule: 'has(spec.owner) && size(spec.owner) > 0',
      message: 'The product has no owner.',
      remediation:
        'Set spec.owner to the owning group, e.g. `owner: group:customer-team`.',
    },
    {
      id: 'domain-assigned',
      title: 'Domain assigned',
      description: 'Every data product belongs to exactly one business domain.',
      severity: 'required',
      rule: 'has(spec.domain) && size(spec.domain) > 0',
      message: 'The product does not belong to a domain.',
      remediation:
        'Set spec.domain to the Domain entity the product belongs to, e.g. `domain: customer`.',
    },
    {
      id: 'encryption-at-rest',
      title: 'Encryption at rest',
      description:
        'Confidential and restricted data is encrypted wherever it is stored.',
      severity: 'required',
      appliesTo: { 'spec.classification': { $in: CONFIDENTIAL } },
      rule: security('encryptionAtRest'),
      message:
        'The product holds confidential or restricted data but does not declare encryption at rest.',
      remediation:
        'Enable encryption on the product storage (e.g. AES-256 server-side encryption) and declare it with `spec.infrastructure.security.encryptionAtRest: true`.',
    },
    {
      id: 'pii-masking',
      title: 'PII protected',
      description:
        'Products containing personal data are classified confidential or restricted, or mask the personal fields they expose.',
      severity: 'required',
      appliesTo: { 'spec.containsPii': true },
      rule:
        `(has(spec.classification) && spec.classification in ${JSON.stringify(
          CONFIDENTIAL,
        )}) || ` + `(${security('piiMasking')})`,
      message:
        'The product contains PII but is neither classified confidential/restricted nor declares masking of the PII it exposes.',
      remediation:
        'Set `spec.classification` to confidential or restricted, or mask the personal fields in every output port and declare `spec.infrastructure.security.piiMasking: true`.',
    },
    {
      id: 'data-lineage',
      title: 'Lineage declared',
      description:
        'Aggregate and consumer-aligned products declare the products and sources they are built from.',
      severity: 'required',
      appliesTo: { 'spec.type': { $in: ['aggregate', 'consumer-aligned'] } },
      rule: 'has(spec.inputPorts) && size(spec.inputPorts) > 0',
      message:
        'The product is aggregate or consumer-aligned but declares no input ports, so its lineage is unknown.',
      remediation:
        'List what the product is built from under `spec.inputPorts`: `- dataProduct: orders` (optionally `port: orders-daily`) or `- source: component:crm-service`.',
    },
    {
      id: 'quality-slo',
      title: 'SLOs defined',
      description:
        'A data product states what its consumers can rely on: at least one service level objective.',
      severity: 'required',
      rule: 'has(spec.slos) && size(spec.slos) > 0',
      message: 'The product declares no service level objectives.',
      remediation:
        'Add at least one objective under `spec.slos`, e.g. `- indicator: freshness` with `objective: 15m`, or `- indicator: availability` with `objective: 99.9%`.',
    },
    {
      id: 'quality-checks',
      title: 'Quality checks defined',
      description:
        'A data product runs automated quality checks on the data it serves.',
      severity: 'recommended',
      rule: 'has(spec.quality) && has(spec.quality.checks) && size(spec.quality.checks) > 0',
      message: 'The product declares no automated quality checks.',
      remediation:
        'Declare the checks your pipeline runs under `spec.quality` (e.g. `framework: great-expectations`, `checks: [{ name: row_count, threshold: "> 1000" }]`).',
    },
    {
      id: 'retention-policy',
      title: 'Retention set',
      description: `Every product states how long it keeps data; products with PII keep it at most ${maxPii} days.`,
      severity: 'required',
      rule:
        'has(spec.retentionDays) && spec.retentionDays > 0 && ' +
        `(!(has(spec.containsPii) && spec.containsPii == true) || spec.retentionDays <= ${maxPii})`,
      message: `The product sets no retention period, or keeps PII longer than ${maxPii} days.`,
      remediation: `Set \`spec.retentionDays\` to a positive number of days (at most ${maxPii} when the product contains PII) and enforce it in storage lifecycle rules.`,
    },
    {
      id: 'audit-logging',
      title: 'Audit logging',
      description:
        'Access to confidential, restricted or personal data is audit-logged.',
      severity: 'recommended',
      appliesTo: {
        $any: [
          { 'spec.classification': { $in: CONFIDENTIAL } },
          { 'spec.containsPii': true },
        ],
      },
      rule: security('auditLogging'),
      message:
        'The product holds sensitive data but does not declare audit logging of access.',
      remediation:
        'Turn on access audit logs for the product storage and declare `spec.infrastructure.security.auditLogging: true`.',
    },
  ];
}
