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
      'Check every answer of the data-product template before anything is written, and that the domain, the owner and the inputs exist',
    example: yaml.stringify({
      steps: [
        {
          id: 'precheck',
          action: 'meshwork:dataproduct:precheck',
          name: 'Check the answers',
          input: {
            name: 'customer-orders',
            domain: 'domain:default/customer',
            owner: 'group:default/customer-team',
            dependencies: [
              'dataproduct:default/orders',
              'component:default/crm-service',
            ],
            values: {
              name: 'customer-orders',
              title: 'Customer Orders',
              description: 'Orders per customer.\nRefreshed every six hours.',
              classification: 'internal',
              retentionDays: 365,
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Only check that a name is well-formed and not yet taken in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'precheck',
          action: 'meshwork:dataproduct:precheck',
          name: 'Check the name',
          input: {
            name: 'customer-orders',
          },
        },
      ],
    }),
  },
];
