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

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DATA_PRODUCT_KIND } from '@meshwork/plugin-data-mesh-common';
import { z } from 'zod';
import { parseRequest } from '../lib/requestParser';
import { HOUR, parseDateTime } from '../lib/time';
import { entityNode } from './productMapping';

/** An indicator name, as `POST /observations` and the observations list take it. */
export const indicatorSchema = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, {
    message:
      'must be a name such as completeness or row_count (letters, digits, _ . -)',
  });

const observationSchema = z
  .object(
    {
      entityRef: z
        .string({
          required_error: 'is required',
          invalid_type_error: 'must be a string',
        })
        .min(1, { message: 'must not be empty' })
        .max(255),
      indicator: indicatorSchema,
      value: z
        .number({
          required_error: 'is required',
          invalid_type_error: 'must be a number',
        })
        .finite(),
      observedAt: z
        .string({ invalid_type_error: 'must be a date-time string' })
        .refine(v => parseDateTime(v) !== undefined, {
          message: 'must be a date-time such as 2025-06-01T12:00:00Z',
        })
        .optional(),
    },
    { invalid_type_error: 'must be an object' },
  )
  .passthrough();

/** A measured value as read from a request, with where it was in the body. */
export interface ParsedObservation {
  /** How messages name it: `body`, or `[2]` in a batch. */
  where: string;
  /** The product's node id. */
  subject: string;
  indicator: string;
  value: number;
  observedAt: number;
}

/**
 * Reads the body of `POST /observations`: one observation or an array of them.
 *
 * @throws InputError naming the field, with the index in a batch
 */
export function parseObservations(
  body: unknown,
  options: { maxBatch: number; now: number },
): ParsedObservation[] {
  const batch = Array.isArray(body);
  const list: unknown[] = batch ? body : [body];
  if (list.length === 0) throw new InputError('The batch is empty');
  if (list.length > options.maxBatch) {
    throw new InputError(
      `The batch holds ${list.length} observations, more than the ${options.maxBatch} allowed; split it`,
    );
  }
  return list.map((raw, i) => {
    const where = batch ? `[${i}]` : 'body';
    const o = parseRequest(observationSchema, raw, where);
    let ref;
    try {
      ref = parseEntityRef(o.entityRef, {
        defaultKind: DATA_PRODUCT_KIND,
        defaultNamespace: 'default',
      });
    } catch (e) {
      throw new InputError(`${where}.entityRef: ${(e as Error).message}`);
    }
    if (ref.kind.toLocaleLowerCase('en-US') !== 'dataproduct') {
      throw new InputError(
        `${where}.entityRef: must be a reference to a DataProduct, but found kind ${ref.kind}`,
      );
    }
    const observedAt = o.observedAt
      ? parseDateTime(o.observedAt)!
      : options.now;
    if (observedAt > options.now + HOUR) {
      throw new InputError(`${where}.observedAt: must not be in the future`);
    }
    return {
      where,
      subject: entityNode(stringifyEntityRef(ref)),
      indicator: o.indicator.toLocaleLowerCase('en-US'),
      value: o.value,
      observedAt,
    };
  });
}
