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

import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseRequest } from './requestParser';

describe('parseRequest', () => {
  const schema = z.object({
    limit: z.coerce.number().int().min(1).default(10),
    filter: z.object({ kind: z.string() }).optional(),
  });

  it('returns the parsed value with defaults', () => {
    expect(parseRequest(schema, { limit: '5' }, 'query')).toEqual({ limit: 5 });
    expect(parseRequest(schema, {}, 'query')).toEqual({ limit: 10 });
  });

  it('throws an InputError naming where and which field', () => {
    expect(() => parseRequest(schema, { limit: '0' }, 'query')).toThrow(
      new InputError('query.limit: Number must be greater than or equal to 1'),
    );
    expect(() => parseRequest(schema, { filter: { kind: 3 } }, '[2]')).toThrow(
      /^\[2\]\.filter\.kind: Expected string, received number$/,
    );
    expect(() => parseRequest(z.string(), 5, 'body')).toThrow(
      /^body: Expected string/,
    );
  });
});
