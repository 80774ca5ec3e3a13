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

/*
 * Mesh product rows as the sweeps write them (meshProductRow over a DataProduct entity),
 * for the tests of the mesh operations.
 */

import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { meshProductRow } from '../../mesh/meshProducts';
import type { MeshProductInput } from '../operations/mesh/upsertMeshProducts';

/** What a test sets of a product; the rest is the compliant fixture's. */
export interface MeshRowOptions {
  title?: string;
  description?: string;
  /** A domain name (default namespace), or null for none. Default `customer`. */
  domain?: string | null;
  type?: string | null;
  lifecycle?: string | null;
  classification?: string | null;
  /** How many SLOs it declares. Default 2. */
  slos?: number;
  etag?: string;
}

const SLOS = [
  { indicator: 'freshness', objective: '15m' },
  { indicator: 'availability', objective: '99.95%', window: '30d' },
  { indicator: 'completeness', objective: '99%' },
];

/** The mesh row of a product named `name`. */
export function meshRow(
  name: string,
  options: MeshRowOptions = {},
  now = new Date('2025-06-01T00:00:00Z'),
): MeshProductInput {
  const orUndefined = (v: string | null | undefined, fallback: string) =>
    v === null ? undefined : v ?? fallback;
  const entity = dataProductEntity({
    name,
    metadata: {
      title: options.title ?? name,
      description: options.description ?? `The ${name} product`,
      etag: options.etag ?? `${name}-1`,
    },
    spec: {
      domain: orUndefined(options.domain, 'customer'),
      type: orUndefined(options.type, 'aggregate'),
      lifecycle: orUndefined(options.lifecycle, 'production'),
      classification: orUndefined(options.classification, 'confidential'),
      slos: SLOS.slice(0, options.slos ?? 2),
    },
  });
  return meshProductRow(entity, now);
}
