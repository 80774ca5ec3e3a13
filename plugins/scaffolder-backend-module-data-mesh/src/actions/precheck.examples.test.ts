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
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { meshEntities, testConfig } from '../__testUtils__/fixtures';
import { createDataProductPrecheckAction } from './precheck';
import { examples } from './precheck.examples';

describe('meshwork:dataproduct:precheck examples', () => {
  // An install that can publish: the local folder is set.
  const publishDir = createMockDirectory();
  const action = createDataProductPrecheckAction({
    catalog: catalogServiceMock({ entities: meshEntities }),
    auth: mockServices.auth(),
    config: testConfig({ localDirectory: publishDir.path }),
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'dataproduct:default/customer-orders',
      );
    },
  );
});
