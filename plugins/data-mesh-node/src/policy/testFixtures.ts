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
import type { JsonObject } from '@backstage/types';

/** A product that passes every built-in policy (the design's customer-360). */
export function compliantProduct(
  overrides: { name?: string; namespace?: string; spec?: JsonObject } = {},
): Entity {
  return {
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name: overrides.name ?? 'customer-360',
      namespace: overrides.namespace ?? 'default',
      title: 'Customer 360',
      tags: ['customer', 'profile'],
    },
    spec: {
      type: 'aggregate',
      lifecycle: 'production',
      domain: 'customer',
      owner: 'group:customer-team',
      version: '2.1.0',
      classification: 'confidential',
      containsPii: true,
      retentionDays: 730,
      inputPorts: [
        { dataProduct: 'orders', port: 'orders-daily' },
        { source: 'component:crm-service' },
      ],
      outputPorts: [{ name: 'profiles', type: 'table', format: 'delta' }],
      slos: [
        { indicator: 'freshness', objective: '15m' },
        { indicator: 'availability', objective: '99.95%', window: '30d' },
      ],
      quality: {
        framework: 'great-expectations',
        checks: [{ name: 'row_count', threshold: '> 1000' }],
      },
      infrastructure: {
        storage: { type: 'data-lake', format: 'delta', encryption: 'AES-256' },
        security: {
          encryptionAtRest: true,
          accessControl: 'rbac',
          auditLogging: true,
        },
      },
      ...overrides.spec,
    },
  };
}

/** A product with some spec fields removed (set to undefined) or replaced. */
export function productWith(
  changes: Record<string, unknown>,
  base: Entity = compliantProduct(),
): Entity {
  const spec: Record<string, unknown> = { ...(base.spec as JsonObject) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete spec[k];
    else spec[k] = v;
  }
  return { ...base, spec: spec as JsonObject };
}

/** A Domain entity (Meshwork's apiVersion) with optional policies and parent. */
export function domainEntity(
  name: string,
  options: { parent?: string; policies?: unknown; namespace?: string } = {},
): Entity {
  const spec: Record<string, unknown> = { owner: `group:${name}-team` };
  if (options.parent) spec.subdomainOf = options.parent;
  if (options.policies !== undefined) spec.policies = options.policies;
  return {
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'Domain',
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: spec as JsonObject,
  };
}
