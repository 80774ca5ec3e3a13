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

import { datasetId, datasetMatchKeys, jobId, locationMatchKey } from './naming';

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

describe('jobId', () => {
  it('is the namespace and name, trimmed', () => {
    expect(jobId(' shop ', 'orders.ingest ')).toBe('shop/orders.ingest');
  });
});
