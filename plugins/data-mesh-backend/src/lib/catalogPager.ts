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

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { EntityOrderQuery } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

const PAGE_SIZE = 500;

/** What {@link readAllEntities} reads. */
export interface ReadAllEntitiesRequest {
  /** Which entities, e.g. `{ kind: 'DataProduct' }`. */
  filter: Record<string, string>;
  /** Only these fields of each entity. */
  fields?: string[];
  orderFields?: EntityOrderQuery;
}

/** Reads every entity matching the request through the catalog, a page at a time. */
export async function readAllEntities(
  catalog: CatalogService,
  request: ReadAllEntitiesRequest,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const fields = request.fields ? { fields: request.fields } : {};
  const entities: Entity[] = [];
  let response = await catalog.queryEntities(
    {
      filter: request.filter,
      limit: PAGE_SIZE,
      ...fields,
      ...(request.orderFields ? { orderFields: request.orderFields } : {}),
    },
    { credentials },
  );
  entities.push(...response.items);
  while (response.pageInfo.nextCursor) {
    // A cursor carries the filter and order of the first page.
    response = await catalog.queryEntities(
      { cursor: response.pageInfo.nextCursor, limit: PAGE_SIZE, ...fields },
      { credentials },
    );
    entities.push(...response.items);
  }
  return entities;
}
