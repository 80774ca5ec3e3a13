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
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { readAllEntities } from './catalogPager';

describe('readAllEntities', () => {
  it('reads every page of what matches', async () => {
    const products = Array.from({ length: 1203 }, (_, i) =>
      dataProductEntity({ name: `p${String(i).padStart(4, '0')}` }),
    );
    const catalog = catalogServiceMock({
      entities: [...products, domainEntity('customer')],
    });
    const read = await readAllEntities(
      catalog,
      { filter: { kind: 'DataProduct' }, fields: ['kind', 'metadata.name'] },
      mockCredentials.service(),
    );
    expect(read).toHaveLength(1203);
    expect(new Set(read.map(e => e.metadata.name)).size).toBe(1203);
    expect(read[0]).toEqual({
      kind: 'DataProduct',
      metadata: { name: expect.any(String) },
    });
  });

  it("passes the caller's credentials to every page", async () => {
    const catalog = catalogServiceMock({
      entities: [domainEntity('customer')],
    });
    const seen: unknown[] = [];
    const spy = {
      ...catalog,
      streamEntities: (request: any, options: any) => {
        seen.push(options.credentials);
        return catalog.streamEntities(request, options);
      },
    } as typeof catalog;
    const credentials = mockCredentials.user('user:default/someone');
    expect(
      await readAllEntities(spy, { filter: { kind: 'Domain' } }, credentials),
    ).toHaveLength(1);
    expect(seen).toEqual([credentials]);
  });
});
