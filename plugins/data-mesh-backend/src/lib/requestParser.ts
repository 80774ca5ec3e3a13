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
import type { z } from 'zod';

/**
 * Validates a part of a request with a zod schema.
 *
 * @param where - How messages name the part: `query`, `path`, `body`, or `[2]` for an item
 *   of a batch
 * @throws InputError naming the first bad field, e.g. `query.limit: ...`
 */
export function parseRequest<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new InputError(`${where}${path}: ${issue.message}`);
  }
  return result.data;
}
