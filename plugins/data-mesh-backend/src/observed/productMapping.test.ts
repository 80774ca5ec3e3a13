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

import { product } from '../__testUtils__/backendTestUtils';
import { bindingRows, readProductMapping } from './productMapping';

describe('readProductMapping', () => {
  it('folds location keys when matching is case-insensitive', () => {
    const entity = product('kpis', {
      outputPorts: [
        { name: 'k', type: 'table', location: 'Warehouse.Sales.KPIS' },
      ],
    });
    expect(readProductMapping(entity).locationKeys).toEqual([
      'name:Warehouse.Sales.KPIS',
    ]);
    expect(
      readProductMapping(entity, { caseInsensitive: true }).locationKeys,
    ).toEqual(['ci:name:warehouse.sales.kpis']);
  });

  it('reads port locations, annotated jobs and declared inputs', () => {
    const mapping = readProductMapping(
      product(
        'Customer-360',
        {
          inputPorts: [
            { dataProduct: 'orders' },
            { source: 'component:crm' },
            { dataProduct: 'customer-360' },
            { nonsense: true },
          ],
          outputPorts: [
            { name: 'p', type: 'table', location: 'S3://Lake/customer/c360/' },
            { name: 't', type: 'topic', location: 'kafka://customer.c360' },
            { name: 'x', type: 'table' },
          ],
        },
        {
          'meshwork.dev/openlineage-namespace': 'shop',
          'meshwork.dev/openlineage-job': 'c360.build, c360.publish,',
        },
      ),
    );
    expect(mapping).toEqual({
      ref: 'dataproduct:default/customer-360',
      locationKeys: ['s3://lake/customer/c360', 'kafka://customer.c360'],
      ports: [
        {
          name: 'p',
          location: 'S3://Lake/customer/c360/',
          key: 's3://lake/customer/c360',
        },
        {
          name: 't',
          location: 'kafka://customer.c360',
          key: 'kafka://customer.c360',
        },
      ],
      jobIds: ['shop/c360.build', 'shop/c360.publish'],
      // Itself and the port it cannot read are left out.
      declaredInputs: [
        { node: 'dataproduct:default/orders', kind: 'product' },
        { node: 'component:default/crm', kind: 'source' },
      ],
    });
    expect(bindingRows(mapping)).toEqual([
      {
        match_key: 's3://lake/customer/c360',
        product_ref: mapping.ref,
        kind: 'dataset',
      },
      {
        match_key: 'kafka://customer.c360',
        product_ref: mapping.ref,
        kind: 'dataset',
      },
      {
        match_key: 'job:shop/c360.build',
        product_ref: mapping.ref,
        kind: 'job',
      },
      {
        match_key: 'job:shop/c360.publish',
        product_ref: mapping.ref,
        kind: 'job',
      },
    ]);
  });
});
