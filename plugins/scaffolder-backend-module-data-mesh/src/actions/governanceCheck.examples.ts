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
      'Render the product repository, then stop the task if the product breaks a required policy',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'fetch:template',
          name: 'Render the product repository',
          input: { url: './skeleton', values: { name: 'customer-orders' } },
        },
        {
          id: 'gate',
          action: 'meshwork:governance:check',
          name: 'Governance gate',
        },
      ],
    }),
  },
  {
    description:
      'Check a product whose catalog file is in a sub-folder of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'gate',
          action: 'meshwork:governance:check',
          name: 'Governance gate',
          input: { path: './repository/catalog-info.yaml' },
        },
      ],
    }),
  },
];
