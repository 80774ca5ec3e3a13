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

import { findUnsafeValues, productNameProblem } from './inputSafety';

describe('productNameProblem', () => {
  it.each(['customer-orders', 'a', 'orders2', 'x'.repeat(63)])(
    'accepts %s',
    name => expect(productNameProblem(name)).toBeUndefined(),
  );

  it.each([
    ['', 'name is required'],
    ['../etc', 'lowercase letters and digits'],
    ['a/b', 'lowercase letters and digits'],
    ['Customer', 'lowercase letters and digits'],
    ['a--b', 'lowercase letters and digits'],
    ['-a', 'lowercase letters and digits'],
    ['a.b', 'lowercase letters and digits'],
    ['a\nb', 'lowercase letters and digits'],
    ['x'.repeat(64), 'at most 63 characters'],
  ])('refuses %j', (name, problem) => {
    expect(productNameProblem(name)).toContain(problem);
  });
});

describe('findUnsafeValues', () => {
  it('accepts ordinary answers, with line breaks where allowed', () => {
    expect(
      findUnsafeValues({
        name: 'customer-orders',
        title: 'Customer Orders: "daily" & *all* #1',
        description: 'Two lines.\r\nThe second: with a - dash.',
        retentionDays: 365,
        containsPii: false,
        inputProducts: ['dataproduct:default/orders'],
        columns: [{ name: 'id', type: 'string', description: 'The id...' }],
        schedule: '0 */6 * * *',
        outputLocation: 's3://lake/customer/orders',
        nothing: null,
      }),
    ).toEqual([]);
  });

  it('names every unsafe value by its field', () => {
    const problems = findUnsafeValues({
      title: 'Orders ${{ secrets.TOKEN }}',
      owner: 'group:a\nb',
      outputLocation: 's3://lake/../../etc',
      columns: [{ name: 'id', description: '{% include "/etc/passwd" %}' }],
      description: 'bell \u0007 and line separator \u2028',
      channel: '#a\u202Eb',
      tags: ['x'.repeat(5000)],
      'bad key': 'x',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^title contains template syntax/),
      'owner must be a single line, but contains a line break or tab',
      expect.stringMatching(/^outputLocation contains a "\.\." path segment/),
      expect.stringMatching(
        /^columns\[0\]\.description contains template syntax/,
      ),
      'description contains control or invisible formatting characters',
      'channel contains control or invisible formatting characters',
      'tags[0] must be at most 4000 characters, but has 5000',
      expect.stringMatching(/^ has a field named "bad key"/),
    ]);
  });

  it('refuses newlines outside the fields that may hold several lines', () => {
    expect(findUnsafeValues({ description: 'a\nb' }, [])).toEqual([
      'description must be a single line, but contains a line break or tab',
    ]);
  });

  it('bounds deep and large answers', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 12; i++) deep = { a: deep };
    expect(findUnsafeValues(deep)[0]).toMatch(/nested more than 8 levels/);
    expect(
      findUnsafeValues({ list: Array.from({ length: 6000 }, () => 'x') }),
    ).toEqual(['the answers hold more than 5000 values']);
  });
});
