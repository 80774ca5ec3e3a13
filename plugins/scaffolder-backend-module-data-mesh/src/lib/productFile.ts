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
import {
  apiEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  type Entity,
  type KindValidator,
} from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import {
  DATA_PRODUCT_KIND,
  dataProductEntityV1alpha1Validator,
  MESHWORK_API_VERSION,
} from '@meshwork/plugin-data-mesh-common';
import { parseAllDocuments } from 'yaml';

/** The largest catalog file read. */
export const MAX_CATALOG_FILE_BYTES = 1024 * 1024;
/** The most entities one catalog file may hold. */
const MAX_DOCUMENTS = 20;

// The checks the catalog applies to every entity: envelope schema, default namespace, no
// foreign root fields, name and label formats.
const envelopePolicies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

// The kind validators applied beyond the envelope, by lowercase kind.
const kindValidators: Record<string, KindValidator> = {
  dataproduct: dataProductEntityV1alpha1Validator,
  api: apiEntityV1alpha1Validator,
};

/** A product repository's catalog file, read and checked. */
export interface ProductFile {
  /** The absolute path of the file. */
  path: string;
  /** Every entity in the file, with defaults applied (namespace). */
  entities: Entity[];
  /** The DataProduct entity. */
  product: Entity;
  /** Its entity ref, e.g. `dataproduct:default/customer-orders`. */
  entityRef: string;
}

function message(e: unknown): string {
  return isError(e) ? e.message : String(e);
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
 * Parses and checks a catalog file holding one DataProduct (and possibly other entities, such
 * as the API entity of its output port), the way the catalog would: each entity's envelope,
 * then the kind validators. Every problem names the entity and the field.
 *
 * @throws InputError naming the entity and the field
 */
export async function parseProductFile(
  text: string,
  displayPath: string,
): Promise<Omit<ProductFile, 'path'>> {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an empty stream (not an array) for empty input.
  const list = Array.isArray(documents) ? documents : [];
  if (list.length > MAX_DOCUMENTS) {
    throw new InputError(
      `${displayPath} holds ${list.length} documents; at most ${MAX_DOCUMENTS} are accepted`,
    );
  }
  const entities: Entity[] = [];
  for (const [i, doc] of list.entries()) {
    const where = `${displayPath}, document ${i + 1}`;
    if (doc.errors.length > 0) {
      throw new InputError(
        `${where} is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    let raw: unknown;
    try {
      // maxAliasCount bounds alias expansion ("billion laughs").
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`${where}: ${message(e)}`);
    }
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new InputError(`${where} must be an entity (a YAML mapping)`);
    }
    let entity: Entity;
    try {
      entity = (await envelopePolicies.enforce(raw as Entity))!;
    } catch (e) {
      throw new InputError(`${where}: ${message(e)}`);
    }
    const validator = kindValidators[entity.kind.toLocaleLowerCase('en-US')];
    if (validator) {
      try {
        const known = await validator.check(entity);
        if (!known && entity.kind === DATA_PRODUCT_KIND) {
          throw new TypeError(
            `apiVersion must be ${MESHWORK_API_VERSION} for kind DataProduct, but found ${JSON.stringify(
              entity.apiVersion,
            )}`,
          );
        }
      } catch (e) {
        throw new InputError(
          `${displayPath}: ${stringifyEntityRef(entity)}: ${message(e)}`,
        );
      }
    }
    entities.push(entity);
  }

  const products = entities.filter(
    e => e.kind.toLocaleLowerCase('en-US') === 'dataproduct',
  );
  if (products.length !== 1) {
    throw new InputError(
      `${displayPath} must hold exactly one DataProduct entity, but holds ${products.length}`,
    );
  }
  const refs = new Set<string>();
  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    if (refs.has(ref)) {
      throw new InputError(`${displayPath} holds ${ref} twice`);
    }
    refs.add(ref);
  }
  const product = products[0];
  return { entities, product, entityRef: stringifyEntityRef(product) };
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
  const parsed = await parseProductFile(text, relativePath);
  return { path: file, ...parsed };
}
