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

import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { DataProductEntityV1alpha1 } from '@meshwork/plugin-data-mesh-common';
import { parseDataProductDocuments } from '@meshwork/plugin-data-mesh-node';

/** The largest catalog file read. */
export const MAX_CATALOG_FILE_BYTES = 1024 * 1024;

/** A product repository's catalog file, read and checked. */
export interface ProductFile {
  /** The absolute path of the file. */
  path: string;
  /** Every entity in the file, with defaults applied (namespace). */
  entities: Entity[];
  /** The DataProduct entity. */
  product: DataProductEntityV1alpha1;
  /** Its entity ref, e.g. `dataproduct:default/customer-orders`. */
  entityRef: string;
}

/**
 * Resolves a path inside a folder, refusing one that leaves it (`..`, absolute paths,
 * symbolic links pointing out) and anything that is not a regular file.
 *
 * @throws InputError naming the input
 */
export async function resolveRegularFile(
  base: string,
  relativePath: string,
  inputName: string,
): Promise<string> {
  let file: string;
  try {
    file = resolveSafeChildPath(base, relativePath);
  } catch {
    throw new InputError(
      `${inputName} must be a path inside the workspace, but ${JSON.stringify(
        relativePath,
      )} points outside it`,
    );
  }
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch {
    throw new InputError(
      `${inputName}: ${JSON.stringify(
        relativePath,
      )} does not exist in the workspace`,
    );
  }
  if (!stat.isFile()) {
    throw new InputError(
      `${inputName}: ${JSON.stringify(relativePath)} must be a regular file${
        stat.isSymbolicLink() ? ', not a symbolic link' : ''
      }`,
    );
  }
  if (stat.size > MAX_CATALOG_FILE_BYTES) {
    throw new InputError(
      `${inputName}: ${JSON.stringify(relativePath)} is larger than ${
        MAX_CATALOG_FILE_BYTES / 1024
      } KiB`,
    );
  }
  return file;
}

/**
 * Reads a product's catalog file from a folder (the task workspace, or a published
 * repository).
 *
 * @throws InputError naming the input, the entity and the field
 */
export async function readProductFile(
  base: string,
  relativePath: string,
  inputName: string,
): Promise<ProductFile> {
  const file = await resolveRegularFile(base, relativePath, inputName);
  const text = await fs.readFile(file, 'utf8');
  // A product repository holds one product, possibly with the API entities of its ports.
  const { entities, products } = await parseDataProductDocuments(
    { yaml: text },
    { source: relativePath, exactlyOneProduct: true },
  );
  const product = products[0];
  return {
    path: file,
    entities,
    product,
    entityRef: stringifyEntityRef(product),
  };
}
