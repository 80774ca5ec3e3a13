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
import { createPolicyEngine } from '@meshwork/plugin-data-mesh-node';
import yaml from 'yaml';
import {
  apiEntity,
  catalogFile,
  meshEntities,
  productEntity,
} from '../__testUtils__/fixtures';
import { createGovernanceCheckAction } from './governanceCheck';
import { examples } from './governanceCheck.examples';

describe('meshwork:governance:check examples', () => {
  const workspace = createMockDirectory();
  const action = createGovernanceCheckAction({
    catalog: catalogServiceMock({ entities: meshEntities }),
    auth: mockServices.auth(),
    engine: createPolicyEngine(),
  });
  const file = catalogFile(productEntity(), apiEntity());

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      // Where the example's earlier steps would have rendered the product.
      workspace.setContent({
        'catalog-info.yaml': file,
        repository: { 'catalog-info.yaml': file },
      });
      const step = yaml
        .parse(example.example)
        .steps.find((s: { action: string }) => s.action === action.id);
      const ctx = createMockActionContext({
        input: step.input ?? {},
        workspacePath: workspace.path,
      });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('passed', true);
    },
  );
});
