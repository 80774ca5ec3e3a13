import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type {
  ComplianceListItem,
  DomainComplianceSummary,
  MeshComplianceSummary,
} from '@meshwork/plugin-data-mesh-common';
import useAsync from 'react-use/esm/useAsync';
import { DataMeshApi, dataMeshApiRef } from '../../api/DataMeshApi';
import {
  DOMAIN_FIELDS,
  normalizeRef,
  PRODUCT_FIELDS,
  productDomainRef,
} from '../../lib/catalog';
import { mapBounded } from '../../lib/mapBounded';
import { SloSummary, summarizeSlos } from '../shared';

/** Products read from the catalog at most; the page says when there are more. */
export const MAX_PRODUCTS = 2000;
/** Products whose SLO status is read for the mesh figures at most. */
export const MAX_SLO_PRODUCTS = 100;
const COMPLIANCE_PAGE = 500;
const SLO_CONCURRENCY = 4;

export interface MeshProduct {
  ref: string;
  entity: Entity;
  title: string;
  domainRef?: string;
  declaresSlos: boolean;
}

export interface MeshCatalog {
  domains: Entity[];
  products: MeshProduct[];
  /** All products in the catalog (may exceed `products.length`). */
  totalProducts: number;
}

export interface MeshCompliance {
  mesh: MeshComplianceSummary;
  byDomain: Map<string, DomainComplianceSummary>;
  byProduct: Map<string, ComplianceListItem>;
}

export interface MeshSlos {
  byProduct: Map<string, SloSummary>;
  /** Products with SLOs whose status was read. */
  sampled: number;
  /** Products that declare SLOs. */
  declaring: number;
  /** Reads that failed, and the first failure's message. */
  failed: number;
  firstError?: string;
}

async function listAllCompliance(api: DataMeshApi, max: number) {
  const items: ComplianceListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listCompliance({ limit: COMPLIANCE_PAGE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** What the mesh page shows, loaded in three independent parts. */
export function useMeshData() {
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(dataMeshApiRef);

  const catalog = useAsync(async (): Promise<MeshCatalog> => {
    const [domains, products] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Domain' },
        fields: DOMAIN_FIELDS,
        order: { field: 'metadata.name', order: 'asc' },
      }),
      catalogApi.queryEntities({
        filter: { kind: 'DataProduct' },
        fields: PRODUCT_FIELDS,
        orderFields: { field: 'metadata.name', order: 'asc' },
        limit: MAX_PRODUCTS,
      }),
    ]);
    return {
      domains: domains.items,
      totalProducts: products.totalItems,
      products: products.items.map(entity => ({
        ref: normalizeRef(stringifyEntityRef(entity)),
        entity,
        title: entity.metadata.title ?? entity.metadata.name,
        domainRef: productDomainRef(entity),
        declaresSlos:
          Array.isArray(entity.spec?.slos) &&
          (entity.spec!.slos as unknown[]).length > 0,
      })),
    };
  }, [catalogApi]);

  const compliance = useAsync(async (): Promise<MeshCompliance> => {
    const [mesh, domains, list] = await Promise.all([
      api.getMeshCompliance(),
      api.getDomainCompliance({ includeSubdomains: false }),
      listAllCompliance(api, MAX_PRODUCTS),
    ]);
    return {
      mesh,
      byDomain: new Map(
        domains.items
          .filter(d => d.domainRef !== null)
          .map(d => [normalizeRef(d.domainRef!), d]),
      ),
      byProduct: new Map(list.map(i => [normalizeRef(i.entityRef), i])),
    };
  }, [api]);

  const products = catalog.value?.products;
  const slos = useAsync(async (): Promise<MeshSlos | undefined> => {
    if (!products) return undefined;
    const declaring = products.filter(p => p.declaresSlos);
    const sample = declaring.slice(0, MAX_SLO_PRODUCTS);
    const results = await mapBounded(sample, SLO_CONCURRENCY, p =>
      api.getSloStatus(getCompoundEntityRef(p.entity)),
    );
    const byProduct = new Map<string, SloSummary>();
    for (const r of results) {
      if (r.value) byProduct.set(r.item.ref, summarizeSlos(r.value.slos));
    }
    for (const p of products) {
      if (!p.declaresSlos) byProduct.set(p.ref, { kind: 'none' });
    }
    const failures = results.filter(r => r.error);
    return {
      byProduct,
      sampled: sample.length,
      declaring: declaring.length,
      failed: failures.length,
      firstError: failures[0]?.error?.message,
    };
  }, [api, products]);

  return { catalog, compliance, slos };
}
