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

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the whole workspace as a local git repository and register its catalog-info.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'meshwork:publish:local',
          name: 'Publish the repository',
          input: { name: 'customer-orders' },
        },
      ],
    }),
  },
  {
    description:
      'Publish a sub-folder of the workspace with its own commit message, without waiting for the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'meshwork:publish:local',
          name: 'Publish the repository',
          input: {
            name: 'customer-orders',
            sourcePath: './repository',
            catalogInfoPath: 'catalog-info.yaml',
            commitMessage: 'Customer orders, first version',
            waitForEntitySeconds: 0,
          },
        },
      ],
    }),
  },
];
