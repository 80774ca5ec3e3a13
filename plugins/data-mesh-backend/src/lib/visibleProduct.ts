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
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DATA_PRODUCT_KIND } from '@meshwork/plugin-data-mesh-common';
import { z } from 'zod';
import { parseRequest } from './requestParser';

const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'must be letters, digits, ., _ or -',
  });

/** The `:namespace/:name` path parameters of every per-product route. */
export const productParams = z.object({
  namespace: nameSchema,
  name: nameSchema,
});

/**
 * The DataProduct a per-product route names, read with the caller's credentials: the
 * catalog's read permission decides, and a product the caller may not see is a 404, the
 * same as one that is not there.
 *
 * @throws InputError for bad path parameters, NotFoundError when not visible
 */
export async function getVisibleProduct(
  catalog: CatalogService,
  params: unknown,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const { namespace, name } = parseRequest(productParams, params, 'path');
  const ref = stringifyEntityRef({ kind: DATA_PRODUCT_KIND, namespace, name });
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) throw new NotFoundError(`No data product ${ref}`);
  return entity;
}
