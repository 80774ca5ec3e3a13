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

import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  type Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  dataProductEntityV1alpha1Validator,
  MESHWORK_API_VERSION,
} from '@meshwork/plugin-data-mesh-common';
import { isDataProductEntity } from '@meshwork/plugin-data-mesh-node';
import { parseAllDocuments } from 'yaml';

/** The most YAML documents one request may hold. */
export const MAX_DRAFT_DOCUMENTS = 20;

// The checks the catalog applies to every entity: envelope schema, name formats, root fields.
const catalogPolicies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseYaml(text: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (not an array) for empty input.
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > MAX_DRAFT_DOCUMENTS) {
    throw new InputError(
      `yaml: at most ${MAX_DRAFT_DOCUMENTS} documents are accepted, got ${list.length}`,
    );
  }
  return list.map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new InputError(
        `yaml: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    try {
      // maxAliasCount bounds alias expansion ("billion laughs").
      return doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`yaml: document ${i + 1}: ${(e as Error).message}`);
    }
  });
}

/**
 * Reads the draft entities of a `POST /evaluate` body: an entity as JSON, `{ "entity": ... }`,
 * `{ "yaml": "..." }`, or a YAML text body (several documents allowed, e.g. a whole
 * catalog-info.yaml). Returns the DataProduct entities, each validated (envelope and the
 * DataProduct schema).
 *
 * @throws InputError naming the offending field
 */
export async function parseDraftEntities(body: unknown): Promise<Entity[]> {
  let candidates: unknown[];
  if (typeof body === 'string') {
    candidates = parseYaml(body);
  } else if (isObject(body) && typeof body.yaml === 'string') {
    candidates = parseYaml(body.yaml);
  } else if (isObject(body) && body.entity !== undefined) {
    candidates = [body.entity];
  } else if (
    isObject(body) &&
    (body.kind !== undefined || body.apiVersion !== undefined)
  ) {
    candidates = [body];
  } else {
    throw new InputError(
      'body: send a DataProduct entity as JSON, as { "entity": ... }, as { "yaml": "..." }, ' +
        'or as a YAML body (Content-Type: application/yaml)',
    );
  }

  const products = candidates.filter(
    (c): c is Record<string, unknown> =>
      isObject(c) &&
      typeof c.kind === 'string' &&
      c.kind.toLocaleLowerCase('en-US') === 'dataproduct',
  );
  if (products.length === 0) {
    const kinds = candidates
      .map(c => (isObject(c) && typeof c.kind === 'string' ? c.kind : '(none)'))
      .join(', ');
    throw new InputError(
      `kind: no DataProduct entity in the body${
        kinds ? ` (found kinds: ${kinds})` : ''
      }`,
    );
  }

  const entities: Entity[] = [];
  for (const [i, candidate] of products.entries()) {
    const where = products.length > 1 ? `entity ${i + 1}: ` : '';
    let entity: Entity;
    try {
      entity = (await catalogPolicies.enforce(candidate as unknown as Entity))!;
    } catch (e) {
      throw new InputError(`${where}${(e as Error).message}`);
    }
    if (entity.apiVersion !== MESHWORK_API_VERSION) {
      throw new InputError(
        `${where}apiVersion must be ${MESHWORK_API_VERSION} for kind DataProduct, got '${entity.apiVersion}'`,
      );
    }
    try {
      await dataProductEntityV1alpha1Validator.check(entity);
    } catch (e) {
      throw new InputError(`${where}${(e as Error).message}`);
    }
    if (!isDataProductEntity(entity)) {
      throw new InputError(`${where}kind must be DataProduct`);
    }
    entities.push(entity);
  }
  return entities;
}
