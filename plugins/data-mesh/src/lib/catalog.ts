import {
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  getDomainRef,
  MAX_DOMAIN_DEPTH,
} from '@meshwork/plugin-data-mesh-common';

/** The fields of a data product the domain and mesh views read. */
export const PRODUCT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'spec.lifecycle',
  'spec.domain',
  'spec.owner',
  'spec.classification',
  'spec.slos',
  'relations',
];

/** The fields of a domain the views read. */
export const DOMAIN_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.owner',
  'spec.subdomainOf',
  'relations',
];

const MAX_DOMAINS = 200;

/** The domain a product belongs to: its `partOf` domain, else `spec.domain`. */
export function productDomainRef(product: Entity): string | undefined {
  const relation = product.relations?.find(
    r =>
      r.type === RELATION_PART_OF &&
      r.targetRef.toLocaleLowerCase('en-US').startsWith('domain:'),
  );
  if (relation) return relation.targetRef.toLocaleLowerCase('en-US');
  return getDomainRef(product)?.toLocaleLowerCase('en-US');
}

/** A normalised ref, for comparing refs from the catalog and the backend. */
export function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * A domain and its subdomains (through the `partOf` relations Backstage emits
 * from `spec.subdomainOf`), breadth-first, cycles cut. As deep as the backend
 * rolls compliance up (`MAX_DOMAIN_DEPTH`), so the products listed are the ones
 * the domain's figures count; at most 200 domains, one request per level.
 */
export async function fetchDomainTree(
  catalogApi: CatalogApi,
  domainRef: string,
): Promise<string[]> {
  const refs = [normalizeRef(domainRef)];
  const seen = new Set(refs);
  let level = refs;
  for (let depth = 0; depth < MAX_DOMAIN_DEPTH && level.length; depth++) {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Domain', 'relations.partOf': level },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    const next: string[] = [];
    for (const item of items) {
      const ref = normalizeRef(stringifyEntityRef(item));
      if (!seen.has(ref) && seen.size < MAX_DOMAINS) {
        seen.add(ref);
        next.push(ref);
        refs.push(ref);
      }
    }
    level = next;
  }
  return refs;
}
