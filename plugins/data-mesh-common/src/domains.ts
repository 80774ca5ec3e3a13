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
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/**
 * The deepest domain hierarchy Meshwork follows, in either direction: up from a product's
 * domain to collect the policies it inherits, and down from a domain to roll up its
 * subdomains' products. One bound for both, so that a roll-up covers every domain whose
 * policies a product inherits; deeper chains are cut with a note. 20, as Marquez bounds
 * lineage depth: far beyond real organisations (a few levels), small enough that a
 * walk through the catalog stays a handful of requests.
 *
 * @public
 */
export const MAX_DOMAIN_DEPTH = 20;

function refField(entity: Entity, field: string): string | undefined {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'domain',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The full ref of a product's domain (`spec.domain`, relative to the product's namespace),
 * e.g. `domain:default/customer`; undefined when it is missing or not a valid ref.
 *
 * @public
 */
export function getDomainRef(product: Entity): string | undefined {
  return refField(product, 'domain');
}

/**
 * The full ref of a domain's parent (`spec.subdomainOf`, relative to the domain's
 * namespace); undefined when it has none or it is not a valid ref.
 *
 * @public
 */
export function getParentDomainRef(domain: Entity): string | undefined {
  return refField(domain, 'subdomainOf');
}
