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
  datasetId,
  datasetMatchKeys,
  jobId,
  locationMatchKey,
  symlinkIdentifiers,
} from './naming';

describe('dataset naming', () => {
  it('matches output port locations to datasets as documented', () => {
    const keys = (ns: string, name: string) =>
      new Set(datasetMatchKeys(ns, name));
    expect(datasetId('S3://Shopco-Lake/', '/customer//profiles/')).toBe(
      's3://shopco-lake/customer/profiles',
    );
    expect(
      keys('s3://shopco-lake', 'customer/profiles').has(
        locationMatchKey('s3://shopco-lake/customer/profiles')!,
      ),
    ).toBe(true);
    expect(
      keys('kafka://broker-1:9092', 'orders.v3').has(
        locationMatchKey('kafka://orders.v3')!,
      ),
    ).toBe(true);
    expect(
      keys('postgres://warehouse:5432', 'warehouse.sales.kpis_daily').has(
        locationMatchKey('warehouse.sales.kpis_daily')!,
      ),
    ).toBe(true);
    expect(
      keys('s3://shopco-lake', 'customer/profiles').has(
        locationMatchKey('s3://shopco-lake/customer/customer-360')!,
      ),
    ).toBe(false);
    expect(locationMatchKey('  ')).toBeUndefined();
  });
});

describe('symlinks and case', () => {
  it('matches a storage path to the table its symlinks facet names', () => {
    const dataset = {
      namespace: 's3a://warehouse-bucket',
      name: '/user/hive/warehouse/sales.db/orders',
      facets: {
        symlinks: {
          identifiers: [
            {
              namespace: 'hive://metastore:9083',
              name: 'sales.orders',
              type: 'TABLE',
            },
            { namespace: '', name: 'broken' },
            'nonsense',
          ],
        },
      },
    };
    const symlinks = symlinkIdentifiers(dataset);
    expect(symlinks).toEqual([
      {
        namespace: 'hive://metastore:9083',
        name: 'sales.orders',
        type: 'TABLE',
      },
    ]);
    const keys = new Set(
      datasetMatchKeys(dataset.namespace, dataset.name, symlinks),
    );
    expect(keys.has(locationMatchKey('sales.orders')!)).toBe(true);
    expect(
      keys.has(locationMatchKey('hive://metastore:9083/sales.orders')!),
    ).toBe(true);
    expect(symlinkIdentifiers({ facets: { symlinks: {} } })).toEqual([]);
  });

  it('matches without case only when the location key is folded', () => {
    const keys = new Set(
      datasetMatchKeys('snowflake://acme', 'SALES.PUBLIC.KPIS_DAILY'),
    );
    expect(keys.has(locationMatchKey('sales.public.kpis_daily')!)).toBe(false);
    expect(
      keys.has(
        locationMatchKey('sales.public.kpis_daily', { caseInsensitive: true })!,
      ),
    ).toBe(true);
  });
});

describe('jobId', () => {
  it('is the namespace and name, trimmed', () => {
    expect(jobId(' shop ', 'orders.ingest ')).toBe('shop/orders.ingest');
  });
});
