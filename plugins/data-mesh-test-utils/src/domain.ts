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
import {
  DOMAIN_KIND,
  MESHWORK_API_VERSION,
  type MeshDomainEntityV1alpha1,
} from '@meshwork/plugin-data-mesh-common';

/**
 * What a test sets on a Domain.
 *
 * @public
 */
export interface DomainOverrides {
  /** `metadata.namespace`; default `default`. */
  namespace?: string;
  /** The parent domain ref (`spec.subdomainOf`). */
  parent?: string;
  /** `spec.policies`, passed through as given (tests also send invalid ones). */
  policies?: unknown;
  /** The owner; default `group:<name>-team`. */
  owner?: string;
  /** Merged over the default metadata. */
  metadata?: Partial<EntityMeta>;
  /** Merged over the spec, key by key (a key set to undefined is removed). */
  spec?: Record<string, unknown>;
}

/**
 * A Domain entity under Meshwork's apiVersion, with optional parent and policies.
 *
 * @public
 */
export function domainEntity(
  name: string,
  overrides: DomainOverrides = {},
): MeshDomainEntityV1alpha1 {
  const spec: Record<string, unknown> = {
    owner: overrides.owner ?? `group:${name}-team`,
  };
  if (overrides.parent) spec.subdomainOf = overrides.parent;
  if (overrides.policies !== undefined) spec.policies = overrides.policies;
  for (const [key, value] of Object.entries(overrides.spec ?? {})) {
    if (value === undefined) delete spec[key];
    else spec[key] = value;
  }
  return {
    apiVersion: MESHWORK_API_VERSION,
    kind: DOMAIN_KIND,
    metadata: {
      ...overrides.metadata,
      name,
      namespace: overrides.namespace ?? 'default',
    },
    spec: spec as unknown as MeshDomainEntityV1alpha1['spec'],
  };
}
