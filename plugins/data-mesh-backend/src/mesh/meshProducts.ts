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

import { createHash } from 'node:crypto';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { getDomainRef } from '@meshwork/plugin-data-mesh-common';
import type { MeshProductInput } from '../database/operations/mesh/upsertMeshProducts';

/** The fields of a product the incremental sweep reads to see what changed. */
export const ETAG_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

const text = (v: unknown, max: number) =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null;

/**
 * A product's etag: the catalog's `metadata.etag` (a hash of the stitched entity, new
 * whenever it changes), or a hash-free stand-in when a catalog gives none.
 */
export function etagOf(entity: Entity): string {
  return entity.metadata.etag ?? `uid:${entity.metadata.uid ?? ''}`;
}

/**
 * What of a domain its products' evaluation depends on (its title and spec: policies,
 * parent), as a hash. Not its etag: that changes whenever a product joins or leaves the
 * domain (its relations), which changes nothing of its products' evaluation.
 */
export function domainSignature(domain: Entity): string {
  return createHash('sha256')
    .update(
      JSON.stringify([domain.metadata.title ?? null, domain.spec ?? null]),
    )
    .digest('hex');
}

/**
 * A product's row in the mesh's list: what the mesh page shows, filters, searches and
 * sorts by, the catalog etag it was read at, and what its SLO status is computed from.
 */
export function meshProductRow(entity: Entity, now: Date): MeshProductInput {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const title = text(entity.metadata.title, 255) ?? entity.metadata.name;
  const description = text(entity.metadata.description, 4000);
  const slos = Array.isArray(spec.slos) ? spec.slos : [];
  return {
    entity_ref: stringifyEntityRef(entity),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title,
    sort_title: title.toLocaleLowerCase('en-US'),
    description,
    search_text: [title, entity.metadata.name, description ?? '']
      .join('\n')
      .toLocaleLowerCase('en-US'),
    domain_ref: getDomainRef(entity) ?? null,
    type: text(spec.type, 64),
    lifecycle: text(spec.lifecycle, 64),
    classification: text(spec.classification, 64),
    slo_declared: slos.length,
    slo_input: slos.length
      ? JSON.stringify({
          apiVersion: entity.apiVersion,
          kind: entity.kind,
          metadata: {
            namespace: entity.metadata.namespace ?? 'default',
            name: entity.metadata.name,
            annotations: entity.metadata.annotations ?? {},
          },
          spec: { outputPorts: spec.outputPorts ?? [], slos },
        })
      : null,
    etag: etagOf(entity),
    updated_at: now.toISOString(),
  };
}
