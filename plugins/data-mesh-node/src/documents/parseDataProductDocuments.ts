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
  isDataProductEntity,
  MESHWORK_API_VERSION,
  type DataProductEntityV1alpha1,
} from '@meshwork/plugin-data-mesh-common';
import { parseAllDocuments } from 'yaml';

/** The most documents one input may hold: a product's catalog file is a handful. */
const MAX_DOCUMENTS = 20;
/** Bounds alias expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

// The checks the catalog applies to every entity: envelope schema, default namespace, no
// foreign root fields, name and label formats.
const envelopePolicies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

// The kind validators applied beyond the envelope, by lowercase kind: the kinds a
// product repository's catalog file holds besides its product (the API of an output port).
const kindValidators: Record<string, KindValidator> = {
  dataproduct: dataProductEntityV1alpha1Validator,
  api: apiEntityV1alpha1Validator,
};

/**
 * The input of {@link parseDataProductDocuments}: YAML text (one or more documents; JSON is
 * YAML too), or one entity that is already parsed (a JSON request body).
 *
 * @public
 */
export type DataProductDocumentsInput = { yaml: string } | { entity: unknown };

/**
 * Options of {@link parseDataProductDocuments}.
 *
 * @public
 */
export interface ParseDataProductDocumentsOptions {
  /**
   * Names the input at the start of every message, e.g. the file's path
   * (`./catalog-info.yaml`) or the request field (`yaml`). Without it messages start with
   * the document, the entity or the field.
   */
  source?: string;
  /**
   * Requires exactly one DataProduct (a product repository's catalog file). By default
   * one or more are accepted.
   */
  exactlyOneProduct?: boolean;
}

/**
 * The entities read by {@link parseDataProductDocuments}.
 *
 * @public
 */
export interface DataProductDocuments {
  /** Every entity, in document order, with the catalog's defaults applied (namespace). */
  entities: Entity[];
  /** The DataProduct entities among them, in document order; never empty. */
  products: DataProductEntityV1alpha1[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProductKind(value: unknown): boolean {
  return (
    isMapping(value) &&
    typeof value.kind === 'string' &&
    value.kind.toLocaleLowerCase('en-US') === 'dataproduct'
  );
}

function message(e: unknown): string {
  return isError(e) ? e.message : String(e);
}

interface Document {
  value: unknown;
  /** How messages name the document: `document 2`, or nothing for a single parsed entity. */
  label?: string;
}

function readYaml(text: string, prefix: string): Document[] {
  const parsed = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an empty stream (not an array) for empty input.
  const list = Array.isArray(parsed) ? parsed : [];
  if (list.length > MAX_DOCUMENTS) {
    throw new InputError(
      `${prefix}at most ${MAX_DOCUMENTS} documents are accepted, got ${list.length}`,
    );
  }
  const documents: Document[] = [];
  for (const [i, doc] of list.entries()) {
    const label = `document ${i + 1}`;
    if (doc.errors.length > 0) {
      throw new InputError(
        `${prefix}${label} is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw new InputError(`${prefix}${label}: ${message(e)}`);
    }
    // An empty document (a trailing `---`) holds nothing, as in the catalog.
    if (value !== null && value !== undefined) {
      documents.push({ value, label });
    }
  }
  return documents;
}

/**
 * Reads DataProduct documents the way the catalog would: a product repository's
 * catalog-info.yaml (with the API entities of its output ports), or a draft sent to the
 * evaluation API. Parses YAML with bounds (at most 20 documents, alias expansion capped),
 * checks every entity's envelope (schema, default namespace, root fields, name formats),
 * then the DataProduct and API kind validators, requires the DataProduct apiVersion, at
 * least one DataProduct (or exactly one, see the options) and no entity twice.
 *
 * Every message names where the problem is: the source, then the document
 * (`document 2`) or, once its envelope is valid, the entity ref, then the field, e.g.
 * `./catalog-info.yaml: dataproduct:default/orders: spec.type must be one of ...`.
 *
 * @public
 * @throws InputError naming the source, the document or entity, and the field
 */
export async function parseDataProductDocuments(
  input: DataProductDocumentsInput,
  options: ParseDataProductDocumentsOptions = {},
): Promise<DataProductDocuments> {
  const { source, exactlyOneProduct = false } = options;
  const prefix = source ? `${source}: ` : '';
  const documents =
    'yaml' in input
      ? readYaml(input.yaml, prefix)
      : [{ value: input.entity, label: undefined }];

  // Counted before the envelope checks, so that input without any product is told so
  // rather than about the first other entity's fields.
  const productCount = documents.filter(d => isProductKind(d.value)).length;
  if (exactlyOneProduct && productCount !== 1) {
    throw new InputError(
      `${
        source ?? 'the input'
      } must hold exactly one DataProduct entity, but holds ${productCount}`,
    );
  }
  if (productCount === 0) {
    const kinds = documents
      .map(d =>
        isMapping(d.value) && typeof d.value.kind === 'string'
          ? d.value.kind
          : '(none)',
      )
      .join(', ');
    throw new InputError(
      `${prefix}kind: no DataProduct entity in the ${
        'yaml' in input ? 'documents' : 'body'
      }${kinds ? ` (found kinds: ${kinds})` : ''}`,
    );
  }

  const entities: Entity[] = [];
  const products: DataProductEntityV1alpha1[] = [];
  const refs = new Set<string>();
  for (const { value, label } of documents) {
    const where = label ? `${prefix}${label}` : source;
    if (!isMapping(value)) {
      throw new InputError(
        `${where ?? 'the input'} must be an entity (a mapping)`,
      );
    }
    let entity: Entity;
    try {
      entity = (await envelopePolicies.enforce(value as unknown as Entity))!;
    } catch (e) {
      throw new InputError(`${where ? `${where}: ` : ''}${message(e)}`);
    }
    const ref = stringifyEntityRef(entity);
    const validator = kindValidators[entity.kind.toLocaleLowerCase('en-US')];
    if (validator) {
      try {
        if (isProductKind(entity) && entity.kind !== DATA_PRODUCT_KIND) {
          throw new TypeError(
            `kind must be ${DATA_PRODUCT_KIND}, but found ${JSON.stringify(
              entity.kind,
            )}`,
          );
        }
        const known = await validator.check(entity);
        if (!known && entity.kind === DATA_PRODUCT_KIND) {
          throw new TypeError(
            `apiVersion must be ${MESHWORK_API_VERSION} for kind DataProduct, but found ${JSON.stringify(
              entity.apiVersion,
            )}`,
          );
        }
      } catch (e) {
        throw new InputError(`${prefix}${ref}: ${message(e)}`);
      }
    }
    // The catalog compares refs case-insensitively.
    const key = ref.toLocaleLowerCase('en-US');
    if (refs.has(key)) {
      throw new InputError(`${source ?? 'the input'} holds ${ref} twice`);
    }
    refs.add(key);
    entities.push(entity);
    if (isDataProductEntity(entity)) products.push(entity);
  }
  return { entities, products };
}
