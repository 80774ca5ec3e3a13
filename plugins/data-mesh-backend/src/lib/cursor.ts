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

/*
 * The one cursor format of every paginated route: the key the next page starts after (a
 * tuple of strings and numbers, e.g. `[startedAt, runId]`), as base64url JSON. Callers
 * treat it as opaque.
 */

/** The key of a page boundary. */
export type CursorKey = ReadonlyArray<string | number>;

/** The types of a cursor's key, in order. */
export type CursorShape = ReadonlyArray<'string' | 'number'>;

/** Encodes the key the next page starts after. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} into a key of the given shape.
 *
 * @throws InputError naming `query.cursor` when it is not such a cursor
 */
export function decodeCursor<Key extends CursorKey>(
  cursor: string,
  shape: CursorShape,
): Key {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    !Array.isArray(value) ||
    value.length !== shape.length ||
    value.some((v, i) => typeof v !== shape[i])
  ) {
    throw new InputError(
      'query.cursor: must be a cursor returned by this endpoint',
    );
  }
  return value as unknown as Key;
}
