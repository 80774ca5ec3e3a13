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
  domainEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';
import { getDomainRef, getParentDomainRef } from './domains';

describe('getDomainRef', () => {
  it('reads spec.domain as a full ref, relative to the product namespace', () => {
    expect(getDomainRef(productWith({ domain: 'customer' }))).toBe(
      'domain:default/customer',
    );
    expect(getDomainRef(productWith({ domain: ' domain:sales/orders ' }))).toBe(
      'domain:sales/orders',
    );
    const inSales = productWith({ domain: 'orders' });
    inSales.metadata.namespace = 'sales';
    expect(getDomainRef(inSales)).toBe('domain:sales/orders');
  });

  it('is undefined for a missing, blank or broken ref', () => {
    for (const domain of [
      undefined,
      '',
      '  ',
      42,
      'domain:',
      'domain:sales/',
    ]) {
      expect(getDomainRef(productWith({ domain }))).toBeUndefined();
    }
  });
});

describe('getParentDomainRef', () => {
  it('reads spec.subdomainOf as a full ref, relative to the domain namespace', () => {
    expect(
      getParentDomainRef(domainEntity('orders', { parent: 'sales' })),
    ).toBe('domain:default/sales');
    expect(
      getParentDomainRef(
        domainEntity('orders', { parent: 'sales', namespace: 'retail' }),
      ),
    ).toBe('domain:retail/sales');
    expect(getParentDomainRef(domainEntity('sales'))).toBeUndefined();
  });
});
