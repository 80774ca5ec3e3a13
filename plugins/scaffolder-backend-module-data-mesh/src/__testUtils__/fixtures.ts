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
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { stringify } from 'yaml';
import type { ScaffolderDataMeshConfig } from '../lib/config';

/** A small mesh: the customer domain (with a policy of its own), its team, sources. */
export const meshEntities: Entity[] = [
  domainEntity('customer', {
    policies: [
      {
        id: 'customer-description',
        title: 'Customer products describe themselves',
        severity: 'required',
        rule: 'has(entity.metadata.description) && size(entity.metadata.description) > 10',
        message: 'The product has no useful description',
        remediation: 'Write a description of at least a sentence',
      },
    ],
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'customer-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'crm-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'customer-team' },
  },
  dataProductEntity({
    name: 'orders',
    spec: {
      type: 'source-aligned',
      inputPorts: [{ source: 'component:crm-service' }],
    },
  }),
];

/** A rendered product, as the template writes it: compliant unless overridden. */
export function productEntity(
  overrides: {
    name?: string;
    description?: string;
    spec?: Record<string, unknown>;
  } = {},
): Entity {
  // The shared fixture with every field the template writes set as the template does.
  return dataProductEntity({
    name: overrides.name ?? 'customer-orders',
    metadata: {
      title: 'Customer Orders',
      description:
        overrides.description ?? 'Orders per customer, every six hours',
      tags: undefined,
    },
    spec: {
      type: 'aggregate',
      lifecycle: 'experimental',
      domain: 'domain:default/customer',
      owner: 'group:default/customer-team',
      version: '0.1.0',
      classification: 'internal',
      containsPii: false,
      retentionDays: 365,
      inputPorts: [
        { dataProduct: 'dataproduct:default/orders' },
        { source: 'component:default/crm-service' },
      ],
      outputPorts: [
        {
          name: 'main',
          type: 'table',
          format: 'delta',
          api: 'customer-orders-api',
        },
      ],
      slos: [{ indicator: 'freshness', objective: '6h' }],
      quality: {
        framework: 'soda',
        checks: [{ name: 'row_count', threshold: '>= 1' }],
      },
      infrastructure: {
        security: {
          encryptionAtRest: true,
          accessControl: 'rbac',
          auditLogging: true,
        },
      },
      team: undefined,
      ...overrides.spec,
    },
  });
}

/** The API entity of the product's output port. */
export function apiEntity(name = 'customer-orders-api'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name },
    spec: {
      type: 'openapi',
      lifecycle: 'experimental',
      owner: 'group:default/customer-team',
      definition:
        'openapi: 3.0.3\ninfo: { title: x, version: 0.1.0 }\npaths: {}\n',
    },
  };
}

/** A catalog file of several entities. */
export function catalogFile(...entities: Entity[]): string {
  return entities.map(e => stringify(e)).join('---\n');
}

/** Settings as read from config, for the actions. */
export function testConfig(
  overrides: Partial<ScaffolderDataMeshConfig> = {},
): ScaffolderDataMeshConfig {
  return {
    publishTarget: 'local',
    waitForEntitySeconds: 0,
    portalBaseUrl: 'https://portal.example.com',
    gitAuthor: { name: 'Scaffolder', email: 'scaffolder@example.com' },
    ...overrides,
  };
}
