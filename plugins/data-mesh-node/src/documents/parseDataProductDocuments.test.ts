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

import { InputError } from '@backstage/errors';
import {
  dataProductEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';
import { stringify } from 'yaml';
import { parseDataProductDocuments } from './parseDataProductDocuments';

const apiEntity = (name = 'customer-360-profiles') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name },
  spec: {
    type: 'openapi',
    lifecycle: 'production',
    owner: 'group:customer-team',
    definition: 'openapi: 3.0.0',
  },
});

// A product without a namespace, as users write it.
const written = (name = 'customer-360') => {
  const product = dataProductEntity({ name });
  const { namespace: _namespace, ...metadata } = product.metadata;
  return { ...product, metadata };
};

const file = (...documents: unknown[]) =>
  documents.map(d => stringify(d)).join('---\n');

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    e => e as Error,
  );
  expect(error).toBeInstanceOf(InputError);
  return error!;
}

describe('parseDataProductDocuments', () => {
  it('reads a catalog file with a product and its API, applying the catalog defaults', async () => {
    const { entities, products } = await parseDataProductDocuments(
      { yaml: file(apiEntity(), written(), null) },
      { source: './catalog-info.yaml', exactlyOneProduct: true },
    );
    expect(entities.map(e => `${e.kind}:${e.metadata.namespace}`)).toEqual([
      'API:default',
      'DataProduct:default',
    ]);
    expect(products).toEqual([dataProductEntity()]);
  });

  it('reads one parsed entity, and several products unless one is required', async () => {
    const single = await parseDataProductDocuments({
      entity: dataProductEntity(),
    });
    expect(single.products).toEqual([dataProductEntity()]);

    const yaml = file(written('a'), written('b'));
    const many = await parseDataProductDocuments({ yaml });
    expect(many.products.map(p => p.metadata.name)).toEqual(['a', 'b']);
    expect(
      (
        await failure(
          parseDataProductDocuments(
            { yaml },
            { source: './catalog-info.yaml', exactlyOneProduct: true },
          ),
        )
      ).message,
    ).toBe(
      './catalog-info.yaml must hold exactly one DataProduct entity, but holds 2',
    );
  });

  it('says when there is no product, and which kinds there are', async () => {
    expect(
      (
        await failure(
          parseDataProductDocuments({
            entity: { apiVersion: 'v1', kind: 'Component' },
          }),
        )
      ).message,
    ).toBe('kind: no DataProduct entity in the body (found kinds: Component)');
    expect(
      (
        await failure(
          parseDataProductDocuments(
            { yaml: file(apiEntity(), ['a list']) },
            { source: 'yaml' },
          ),
        )
      ).message,
    ).toBe(
      'yaml: kind: no DataProduct entity in the documents (found kinds: API, (none))',
    );
    expect(
      (await failure(parseDataProductDocuments({ yaml: '' }))).message,
    ).toBe('kind: no DataProduct entity in the documents');
    expect(
      (
        await failure(
          parseDataProductDocuments(
            { yaml: file(apiEntity()) },
            { source: './catalog-info.yaml', exactlyOneProduct: true },
          ),
        )
      ).message,
    ).toBe(
      './catalog-info.yaml must hold exactly one DataProduct entity, but holds 0',
    );
  });

  it('names the document of a YAML problem, and bounds documents and aliases', async () => {
    const broken = await failure(
      parseDataProductDocuments(
        { yaml: `${file(written())}---\nkind: [unclosed` },
        { source: 'yaml' },
      ),
    );
    expect(broken.message).toMatch(/^yaml: document 2 is not valid YAML: /);

    const tooMany = await failure(
      parseDataProductDocuments({
        yaml: file(...Array.from({ length: 21 }, (_, i) => written(`p${i}`))),
      }),
    );
    expect(tooMany.message).toBe('at most 20 documents are accepted, got 21');
    // Twenty is fine.
    const twenty = await parseDataProductDocuments({
      yaml: file(...Array.from({ length: 20 }, (_, i) => written(`p${i}`))),
    });
    expect(twenty.products).toHaveLength(20);

    // Each level refers to the one before ten times: 10^6 nodes if expanded.
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 6; i++) {
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const bomb = await failure(
      parseDataProductDocuments(
        { yaml: `${levels.join('\n')}\nkind: DataProduct\n` },
        { source: 'yaml' },
      ),
    );
    expect(bomb.message).toMatch(/^yaml: document 1: .*alias/i);
  });

  it('names the document of an envelope problem, or nothing but the field for one entity', async () => {
    const bad = { ...written(), metadata: { name: 'Not A Valid Name!' } };
    const inFile = await failure(
      parseDataProductDocuments(
        { yaml: file(apiEntity(), bad) },
        { source: './catalog-info.yaml' },
      ),
    );
    expect(inFile.message).toMatch(
      /^\.\/catalog-info\.yaml: document 2: "metadata\.name" is not valid/,
    );
    const body = await failure(parseDataProductDocuments({ entity: bad }));
    expect(body.message).toMatch(/^"metadata\.name" is not valid/);

    const scalar = await failure(
      parseDataProductDocuments(
        { yaml: file(written(), 'just text') },
        { source: './catalog-info.yaml' },
      ),
    );
    expect(scalar.message).toBe(
      './catalog-info.yaml: document 2 must be an entity (a mapping)',
    );
  });

  it('names the entity and the field of a kind problem', async () => {
    const badField = await failure(
      parseDataProductDocuments(
        { yaml: file(productWith({ classification: 'secret' })) },
        { source: './catalog-info.yaml' },
      ),
    );
    expect(badField.message).toBe(
      './catalog-info.yaml: dataproduct:default/customer-360: spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
    );

    const badApi = await failure(
      parseDataProductDocuments(
        {
          yaml: file(written(), {
            ...apiEntity(),
            spec: { ...apiEntity().spec, definition: undefined },
          }),
        },
        { source: './catalog-info.yaml' },
      ),
    );
    expect(badApi.message).toMatch(
      /^\.\/catalog-info\.yaml: api:default\/customer-360-profiles: .*definition/,
    );

    const oldApiVersion = await failure(
      parseDataProductDocuments({
        entity: { ...dataProductEntity(), apiVersion: 'backstage.io/v1alpha1' },
      }),
    );
    expect(oldApiVersion.message).toBe(
      'dataproduct:default/customer-360: apiVersion must be meshwork.dev/v1alpha1 for kind DataProduct, but found "backstage.io/v1alpha1"',
    );

    const lowercase = await failure(
      parseDataProductDocuments({
        entity: { ...dataProductEntity(), kind: 'dataproduct' },
      }),
    );
    expect(lowercase.message).toBe(
      'dataproduct:default/customer-360: kind must be DataProduct, but found "dataproduct"',
    );
  });

  it('refuses an entity twice, refs compared as the catalog does', async () => {
    const twice = await failure(
      parseDataProductDocuments(
        {
          yaml: file(written(), apiEntity('Profiles'), apiEntity('profiles')),
        },
        { source: './catalog-info.yaml' },
      ),
    );
    expect(twice.message).toBe(
      './catalog-info.yaml holds api:default/profiles twice',
    );
  });
});
