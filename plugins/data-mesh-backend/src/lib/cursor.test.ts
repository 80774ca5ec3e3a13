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

import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips a page key of strings and numbers', () => {
    const cursor = encodeCursor([1748764800000, 'run-1']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['number', 'string'])).toEqual([
      1748764800000,
      'run-1',
    ]);
    expect(
      decodeCursor(encodeCursor(['dataproduct:default/a']), ['string']),
    ).toEqual(['dataproduct:default/a']);
  });

  it('refuses anything else, naming query.cursor', () => {
    const message = 'query.cursor: must be a cursor returned by this endpoint';
    expect(() => decodeCursor('garbage!', ['string'])).toThrow(message);
    expect(() => decodeCursor('x', ['number'])).toThrow(message);
    // A cursor of another endpoint: another shape.
    const runs = encodeCursor([1, 'run-1']);
    expect(() => decodeCursor(runs, ['number', 'number'])).toThrow(message);
    expect(() => decodeCursor(runs, ['string'])).toThrow(message);
    expect(() =>
      decodeCursor(Buffer.from('{"after":"a"}').toString('base64url'), [
        'string',
      ]),
    ).toThrow(message);
  });
});
