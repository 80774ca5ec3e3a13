import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';

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

const MAX_DOMAIN_DEPTH = 5;
const MAX_DOMAINS = 200;

/** The domain a product belongs to: its `partOf` domain, else `spec.domain`. */
export function productDomainRef(product: Entity): string | undefined {
  const relation = product.relations?.find(
    r =>
      r.type === RELATION_PART_OF &&
      r.targetRef.toLocaleLowerCase('en-US').startsWith('domain:'),
  );
  if (relation) return relation.targetRef.toLocaleLowerCase('en-US');
  const domain = (product.spec as { domain?: unknown } | undefined)?.domain;
  if (typeof domain !== 'string') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(domain, {
        defaultKind: 'domain',
        defaultNamespace: product.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** A normalised ref, for comparing refs from the catalog and the backend. */
export function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * A domain and its subdomains (through the `partOf` relations Backstage emits
 * from `spec.subdomainOf`), breadth-first, at most 5 levels and 200 domains;
 * cycles are cut.
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
