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

import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { getVisibleProduct } from './visibleProduct';

describe('getVisibleProduct', () => {
  const catalog = catalogServiceMock({
    entities: [dataProductEntity({ name: 'orders', namespace: 'sales' })],
  });
  const credentials = mockCredentials.user();

  it('reads the product the path names', async () => {
    const entity = await getVisibleProduct(
      catalog,
      { namespace: 'sales', name: 'orders' },
      credentials,
    );
    expect(entity.metadata).toMatchObject({
      namespace: 'sales',
      name: 'orders',
    });
  });

  it('answers 404 for a product that is not there (or not visible)', async () => {
    await expect(
      getVisibleProduct(
        catalog,
        { namespace: 'sales', name: 'returns' },
        credentials,
      ),
    ).rejects.toThrow(
      new NotFoundError('No data product dataproduct:sales/returns'),
    );
  });

  it('refuses bad path parameters, naming them', async () => {
    await expect(
      getVisibleProduct(
        catalog,
        { namespace: 'sales', name: '-x' },
        credentials,
      ),
    ).rejects.toThrow(InputError);
    await expect(
      getVisibleProduct(
        catalog,
        { namespace: 'sales', name: '-x' },
        credentials,
      ),
    ).rejects.toThrow(/^path\.name: /);
  });
});
