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

/*
 * A small mesh for the observed operations' tests: orders writes s3://lake/sales/orders
 * with its annotated job, c360 reads it and writes its own location; runs of both jobs.
 */

import { parseRunEvents } from '../../observed/openlineage';
import { readProductMapping } from '../../observed/productMapping';
import { product, runEvent } from '../../__testUtils__/backendTestUtils';

export const H = 3_600_000;
export const t0 = Date.UTC(2025, 5, 1, 12);
export const events = (list: Array<Parameters<typeof runEvent>[0]>) =>
  parseRunEvents(list.map(runEvent), { maxBatch: 100 }).events;

export const orders = readProductMapping(
  product(
    'orders',
    {
      outputPorts: [
        { name: 'o', type: 'table', location: 's3://lake/sales/orders' },
      ],
    },
    {
      'meshwork.dev/openlineage-namespace': 'shop',
      'meshwork.dev/openlineage-job': 'orders.ingest',
    },
  ),
);
export const c360 = readProductMapping(
  product('c360', {
    inputPorts: [{ dataProduct: 'orders' }],
    outputPorts: [
      { name: 'p', type: 'table', location: 's3://lake/customer/c360' },
    ],
  }),
);
export const ordersRun = (run: string, at: number, type = 'COMPLETE') => ({
  type,
  run,
  job: ['shop', 'orders.ingest'] as [string, string],
  at,
  outputs: [['s3://lake', 'sales/orders']] as Array<[string, string]>,
});
export const c360Run = (run: string, at: number) => ({
  type: 'COMPLETE',
  run,
  job: ['shop', 'c360.build'] as [string, string],
  at,
  inputs: [['s3://lake', 'sales/orders']] as Array<[string, string]>,
  outputs: [['s3://lake', 'customer/c360']] as Array<[string, string]>,
});
