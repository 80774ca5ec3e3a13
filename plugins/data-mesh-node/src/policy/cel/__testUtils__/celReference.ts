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

import type { Entity } from '@backstage/catalog-model';
import {
  celEnv,
  isCelError,
  parse,
  plan,
  type CelInput,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

// @bufbuild/cel as it ships, with nothing of ours in between: the reference.
const env = celEnv({ funcs: strings });

/**
 * The reference evaluator: @bufbuild/cel's own planner over the entity's JSON (which it
 * converts itself), giving `true`, `false` or `{ error }` like a compiled rule.
 */
export function celReference(
  expression: string,
): (entity: Entity) => boolean | { error: string } {
  const planned = plan(env, parse(expression));
  return entity => {
    let v: unknown;
    try {
      v = planned({
        entity,
        spec: entity.spec ?? {},
        metadata: entity.metadata ?? {},
      } as unknown as Record<string, CelInput>);
    } catch (e) {
      return { error: `threw: ${(e as Error).message}` };
    }
    if (v === true || v === false) return v;
    if (isCelError(v)) return { error: v.message };
    return { error: `not a bool: ${typeof v}` };
  };
}

/** Error results compare equal whatever their message: the engines word them differently. */
export function normalise(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && 'error' in v) return 'ERROR';
  return v;
}
