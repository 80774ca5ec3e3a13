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

import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readAllEntities } from '../lib/catalogPager';

type ReadPermission = Parameters<
  PermissionsService['authorizeConditional']
>[0][number]['permission'];

/**
 * The catalog's read permission (`catalogEntityReadPermission` of
 * `@backstage/plugin-catalog-common`), which decides what a caller sees of the catalog.
 */
const CATALOG_ENTITY_READ: ReadPermission = {
  type: 'resource',
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
};

/** Which data products a caller may read. */
export type ProductVisibility =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; refs: Set<string> };

/**
 * Which products a caller may read, decided as the catalog decides it: an unconditional
 * allow (every caller when the permission framework is off) sees every product, so the
 * mesh's stored figures serve it with no catalog read; a deny sees none; a conditional
 * decision is applied by reading the refs the catalog returns to the caller (one paged
 * read of refs, only for such callers).
 */
export async function productVisibility(
  permissions: PermissionsService,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<ProductVisibility> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: CATALOG_ENTITY_READ }],
    { credentials },
  );
  const result = String(decision.result);
  if (result === 'ALLOW') return { kind: 'all' };
  if (result === 'DENY') return { kind: 'none' };
  const entities = await readAllEntities(
    catalog,
    {
      filter: { kind: 'DataProduct' },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    credentials,
  );
  return {
    kind: 'some',
    refs: new Set(entities.map(e => stringifyEntityRef(e))),
  };
}
