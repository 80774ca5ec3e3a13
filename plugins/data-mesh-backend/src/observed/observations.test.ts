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

import { parseObservations } from './observations';

const now = Date.UTC(2025, 5, 1, 12);
const ok = {
  entityRef: 'customer-360',
  indicator: 'Completeness',
  value: 0.99,
};

describe('parseObservations', () => {
  it('reads one observation or a batch, with defaults', () => {
    expect(parseObservations(ok, { maxBatch: 10, now })).toEqual([
      {
        where: 'body',
        subject: 'dataproduct:default/customer-360',
        indicator: 'completeness',
        value: 0.99,
        observedAt: now,
      },
    ]);
    const [item] = parseObservations(
      [{ ...ok, observedAt: '2025-06-01T10:00:00Z' }],
      { maxBatch: 10, now },
    );
    expect(item).toMatchObject({
      where: '[0]',
      observedAt: Date.UTC(2025, 5, 1, 10),
    });
  });

  it('names the bad field, with the index in a batch', () => {
    const parse = (body: unknown) => () =>
      parseObservations(body, { maxBatch: 2, now });
    expect(parse([ok, { ...ok, value: 'high' }])).toThrow(
      '[1].value: must be a number',
    );
    expect(parse({ ...ok, entityRef: 'component:crm' })).toThrow(
      /^body\.entityRef: must be a reference to a DataProduct, but found kind component/,
    );
    expect(parse({ ...ok, observedAt: '2025-02-31T00:00:00Z' })).toThrow(
      /^body\.observedAt: must be a date-time/,
    );
    expect(parse({ ...ok, observedAt: '2025-06-01T14:00:00Z' })).toThrow(
      'body.observedAt: must not be in the future',
    );
    expect(parse({ ...ok, indicator: 'no spaces' })).toThrow(
      /^body\.indicator: must be a name/,
    );
    expect(parse([])).toThrow('The batch is empty');
    expect(parse([ok, ok, ok])).toThrow(
      'The batch holds 3 observations, more than the 2 allowed; split it',
    );
  });
});
