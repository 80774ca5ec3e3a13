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

import type { EntityMeta } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  DATA_PRODUCT_KIND,
  MESHWORK_API_VERSION,
  type DataProductEntityV1alpha1,
} from '@meshwork/plugin-data-mesh-common';

/**
 * What a test changes on the default product.
 *
 * @public
 */
export interface DataProductOverrides {
  /** `metadata.name`; default `customer-360`. */
  name?: string;
  /** `metadata.namespace`; default `default`. */
  namespace?: string;
  /** Merged over the default metadata (name and namespace above win). */
  metadata?: Partial<EntityMeta>;
  /** Merged over the default spec, key by key (a key set to undefined is removed). */
  spec?: Record<string, unknown>;
}

/**
 * A DataProduct that passes every built-in policy: the design brief's customer-360, with
 * its ports, SLOs, quality checks, infrastructure and team.
 *
 * @public
 */
export function dataProductEntity(
  overrides: DataProductOverrides = {},
): DataProductEntityV1alpha1 {
  const spec: Record<string, unknown> = {
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
    team: {
      technicalOwner: 'user:jdoe',
      businessOwner: 'user:asmith',
      steward: 'group:customer-stewards',
      onCall: 'customer-oncall',
      channel: '#customer-data',
    },
  };
  for (const [key, value] of Object.entries(overrides.spec ?? {})) {
    if (value === undefined) delete spec[key];
    else spec[key] = value;
  }
  return {
    apiVersion: MESHWORK_API_VERSION,
    kind: DATA_PRODUCT_KIND,
    metadata: {
      title: 'Customer 360',
      description: 'Unified customer profile combining all touchpoints',
      tags: ['customer', 'profile'],
      ...overrides.metadata,
      name: overrides.name ?? overrides.metadata?.name ?? 'customer-360',
      namespace:
        overrides.namespace ?? overrides.metadata?.namespace ?? 'default',
    },
    spec: spec as unknown as DataProductEntityV1alpha1['spec'],
  };
}

/**
 * A product with some spec fields replaced, or removed when set to undefined; by default
 * on the compliant product above.
 *
 * @public
 */
export function productWith(
  changes: Record<string, unknown>,
  base: DataProductEntityV1alpha1 = dataProductEntity(),
): DataProductEntityV1alpha1 {
  const spec: Record<string, unknown> = { ...(base.spec as JsonObject) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete spec[key];
    else spec[key] = value;
  }
  return {
    ...base,
    spec: spec as unknown as DataProductEntityV1alpha1['spec'],
  };
}
