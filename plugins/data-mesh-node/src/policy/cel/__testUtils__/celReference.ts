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
  celFunc,
  celList,
  celMap,
  CelScalar,
  isCelError,
  isCelList,
  parse,
  plan,
  type CelInput,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { CelExpr } from '../celRuntime';

/*
 * The reference: @bufbuild/cel as it ships, except in one place where it departs from the
 * CEL spec. It reads a list index through `Number()`, so that `[1, 2][true]`, `[1, 2]["1"]`
 * and `[1, 2][null]` give an element where CEL (and cel-go) give "unsupported index type".
 * Both Meshwork engines follow the spec there, and so does this reference: list indexes go
 * through a function that refuses what is not an int or an integral double, written apart
 * from the engines' own.
 */
const DYN = CelScalar.DYN;
const strictIndex = celFunc('@spec_index', [DYN, DYN], DYN, (l, i) => {
  if (
    isCelList(l) &&
    !(typeof i === 'bigint' || (typeof i === 'number' && Number.isInteger(i)))
  ) {
    throw new Error('unsupported index type');
  }
  return l as CelInput;
});
const env = celEnv({ funcs: [...strings, strictIndex] });

function specIndexes(e: CelExpr): CelExpr {
  // A structural copy in which `a[b]` becomes `@spec_index(a, b)[b]`.
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object' || typeof x === 'bigint') return x;
    const o = x as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) copy[k] = walk(v);
    const kind = copy.exprKind as { case?: string; value?: any } | undefined;
    if (
      kind?.case === 'callExpr' &&
      kind.value.function === '_[_]' &&
      kind.value.args.length === 2
    ) {
      const [list, i] = kind.value.args;
      kind.value.args = [
        {
          ...list,
          exprKind: {
            case: 'callExpr',
            value: {
              $typeName: 'cel.expr.Expr.Call',
              function: '@spec_index',
              args: [list, i],
            },
          },
        },
        i,
      ];
    }
    return copy;
  };
  return walk(e) as CelExpr;
}

/**
 * JSON as CEL values, the way @bufbuild/cel converts plain objects and arrays (a map of the
 * entries, a list of the elements), done here because its own check for plain objects reads
 * `value.constructor.name`, which an entity key named `constructor` defeats.
 */
function toCel(v: unknown): CelValue {
  if (Array.isArray(v)) return celList(v.map(toCel));
  if (v !== null && typeof v === 'object') {
    return celMap(
      new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)] as const)),
    );
  }
  return v as CelValue;
}

/**
 * The reference evaluator: @bufbuild/cel's own planner over the entity's JSON (which it
 * converts itself), giving `true`, `false` or `{ error }` like a compiled rule.
 */
export function celReference(
  expression: string,
): (entity: Entity) => boolean | { error: string } {
  const planned = plan(env, specIndexes(parse(expression).expr));
  return entity => {
    let v: unknown;
    try {
      v = planned({
        entity: toCel(entity),
        spec: toCel(entity.spec ?? {}),
        metadata: toCel(entity.metadata ?? {}),
      } as Record<string, CelInput>);
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
