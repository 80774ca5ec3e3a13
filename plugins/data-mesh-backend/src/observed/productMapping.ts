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

import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_JOB,
  ANNOTATION_OPENLINEAGE_NAMESPACE,
  parseInputPortRef,
  type DataProductInputPort,
} from '@meshwork/plugin-data-mesh-common';
import { jobId, jobMatchKey, locationMatchKey } from './naming';

/** How the runs and datasets of OpenLineage are tied to one data product. */
export interface ProductMapping {
  /** The product's node id: its entity ref, lowercased. */
  ref: string;
  /** Keys of its output port locations (see naming.ts). */
  locationKeys: string[];
  /** Its named output ports with a location, and each location's key. */
  ports: Array<{ name: string; location: string; key: string }>;
  /** Ids of the jobs its annotations name. */
  jobIds: string[];
  /** Node ids of what `spec.inputPorts` declares it reads. */
  declaredInputs: Array<{ node: string; kind: 'product' | 'source' }>;
}

/** A node id for an entity ref: the ref, lowercased (refs compare case-insensitively). */
export const entityNode = (ref: string) => ref.toLocaleLowerCase('en-US');

/** How port locations are matched (`dataMesh.observed.matching`). */
export interface MatchingOptions {
  /** Match names without regard to case. Default false. */
  caseInsensitive?: boolean;
}

/** Reads the mapping of a DataProduct entity; fields it cannot read are skipped. */
export function readProductMapping(
  entity: Entity,
  matching: MatchingOptions = {},
): ProductMapping {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const ref = entityNode(stringifyEntityRef(entity));
  const spec = (entity.spec ?? {}) as Record<string, unknown>;

  const locationKeys = new Set<string>();
  const ports: ProductMapping['ports'] = [];
  for (const port of Array.isArray(spec.outputPorts) ? spec.outputPorts : []) {
    const { location, name } = (port ?? {}) as {
      location?: unknown;
      name?: unknown;
    };
    if (typeof location === 'string') {
      const key = locationMatchKey(location, matching);
      if (key) {
        locationKeys.add(key);
        if (typeof name === 'string') ports.push({ name, location, key });
      }
    }
  }

  const jobIds = new Set<string>();
  const annotations = entity.metadata.annotations ?? {};
  const olNamespace = annotations[ANNOTATION_OPENLINEAGE_NAMESPACE]?.trim();
  const olJobs = annotations[ANNOTATION_OPENLINEAGE_JOB];
  if (olNamespace && olJobs) {
    for (const name of olJobs.split(',')) {
      if (name.trim()) jobIds.add(jobId(olNamespace, name));
    }
  }

  const declaredInputs = new Map<string, 'product' | 'source'>();
  for (const port of Array.isArray(spec.inputPorts) ? spec.inputPorts : []) {
    try {
      const target = parseInputPortRef(port as DataProductInputPort, {
        defaultNamespace: namespace,
      });
      declaredInputs.set(
        entityNode(stringifyEntityRef(target)),
        (port as DataProductInputPort).dataProduct !== undefined
          ? 'product'
          : 'source',
      );
    } catch {
      // An invalid port is reported by the catalog processor, not here.
    }
  }
  declaredInputs.delete(ref);

  return {
    ref,
    locationKeys: [...locationKeys],
    ports,
    jobIds: [...jobIds],
    declaredInputs: [...declaredInputs].map(([node, kind]) => ({ node, kind })),
  };
}

/** The binding rows of a product: its location keys and job keys. */
export function bindingRows(mapping: ProductMapping) {
  return [
    ...mapping.locationKeys.map(key => ({
      match_key: key,
      product_ref: mapping.ref,
      kind: 'dataset',
    })),
    ...mapping.jobIds.map(id => ({
      match_key: jobMatchKey(id),
      product_ref: mapping.ref,
      kind: 'job',
    })),
  ];
}
