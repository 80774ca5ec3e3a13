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

import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  parseEntityYaml,
  type CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { LocalPublishLocationProcessor } from './LocalPublishLocationProcessor';

describe('LocalPublishLocationProcessor', () => {
  const publishDir = createMockDirectory();
  const elsewhere = createMockDirectory();
  const processor = new LocalPublishLocationProcessor({
    directory: publishDir.path,
  });
  const entity =
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: a }\nspec: { type: team, children: [] }\n';

  beforeAll(() => {
    publishDir.setContent({
      product: { 'catalog-info.yaml': entity },
    });
    elsewhere.setContent({ 'secret.yaml': entity });
    fs.symlinkSync(
      elsewhere.resolve('secret.yaml'),
      publishDir.resolve('product/linked.yaml'),
    );
    fs.symlinkSync(elsewhere.path, publishDir.resolve('escape'));
  });

  function describe(r: CatalogProcessorResult): string {
    if (r.type === 'error') return `error: ${r.error.message}`;
    if (r.type === 'entity') {
      return `entity: ${r.entity.metadata.name} from ${r.location.target}`;
    }
    return r.type;
  }

  async function read(target: string, type = 'meshwork-local') {
    const results: CatalogProcessorResult[] = [];
    const handled = await processor.readLocation(
      { type, target },
      false,
      r => results.push(r),
      async function* parser({ data, location }) {
        yield* parseEntityYaml(data, location);
      },
    );
    return {
      handled,
      results: results.map(describe),
    };
  }

  it('reads a catalog file inside the local publish folder', async () => {
    const file = publishDir.resolve('product/catalog-info.yaml');
    expect(await read(file)).toEqual({
      handled: true,
      results: [`entity: a from ${file}`, 'refresh'],
    });
  });

  it('leaves other location types to other processors', async () => {
    expect(await read('/etc/passwd', 'file')).toEqual({
      handled: false,
      results: [],
    });
  });

  it.each([
    ['outside the folder', () => elsewhere.resolve('secret.yaml')],
    ['through ..', () => `${publishDir.path}/product/../../etc/passwd`],
    ['relative', () => 'product/catalog-info.yaml'],
    ['a glob', () => publishDir.resolve('*/catalog-info.yaml')],
    ['through a linked folder', () => publishDir.resolve('escape/secret.yaml')],
    ['the folder itself', () => publishDir.path],
  ])('refuses a target %s', async (_, target) => {
    const { handled, results } = await read(target());
    expect(handled).toBe(true);
    expect(results).toEqual([
      expect.stringMatching(
        /^error: meshwork-local .* must be the absolute path of a file inside the local publish folder/,
      ),
    ]);
  });

  it('refuses a symbolic link and reports a missing file', async () => {
    expect(
      (await read(publishDir.resolve('product/linked.yaml'))).results,
    ).toEqual([
      expect.stringMatching(
        /must be the absolute path of a file inside|must be a regular file/,
      ),
    ]);
    expect(
      (await read(publishDir.resolve('product/missing.yaml'))).results,
    ).toEqual([expect.stringMatching(/^error: .* does not exist$/)]);
  });

  it('needs the folder to be configured', async () => {
    const unconfigured = new LocalPublishLocationProcessor({});
    const results: CatalogProcessorResult[] = [];
    await unconfigured.readLocation(
      { type: 'meshwork-local', target: '/x' },
      false,
      r => results.push(r),
      async function* parser() {},
    );
    expect(results.map(r => r.type === 'error' && r.error.message)).toEqual([
      'meshwork-local locations need dataMesh.scaffolder.localPublish.directory to be set',
    ]);
  });
});
