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
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import {
  apiEntity,
  catalogFile,
  productEntity,
  testConfig,
} from '../__testUtils__/fixtures';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

describe('meshwork:publish:local examples', () => {
  const workspace = createMockDirectory();
  const publishDir = createMockDirectory();
  const catalog = catalogServiceMock({ entities: [productEntity()] });
  catalog.addLocation = vi.fn(
    async () => ({ location: {}, entities: [] } as any),
  );
  const action = createPublishLocalAction({
    catalog,
    auth: mockServices.auth(),
    config: testConfig({ localDirectory: publishDir.path }),
  });
  const file = catalogFile(productEntity(), apiEntity());

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      workspace.setContent({
        'catalog-info.yaml': file,
        repository: { 'catalog-info.yaml': file },
      });
      publishDir.clear();
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'dataproduct:default/customer-orders',
      );
      expect(
        fs.existsSync(publishDir.resolve('customer-orders/catalog-info.yaml')),
      ).toBe(true);
    },
  );
});
