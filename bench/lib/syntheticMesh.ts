/**
 * A deterministic synthetic data mesh for the benchmarks (sizes of
 * shared/performance.md): domains, data products with ports, SLOs and lineage, and
 * the operational sources they read from.
 */
import type { Entity } from '@backstage/catalog-model';

export type MeshSize = 'S' | 'L';

export const MESH_SIZES: Record<
  MeshSize,
  { products: number; domains: number; datasetsPerProduct: number }
> = {
  S: { products: 1_000, domains: 20, datasetsPerProduct: 10 },
  L: { products: 10_000, domains: 200, datasetsPerProduct: 10 },
};

/** Mulberry32: small, fast and good enough to make the same mesh every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticMesh {
  size: MeshSize;
  domains: Entity[];
  products: Entity[];
  sources: Entity[];
  groups: Entity[];
}

const TYPES = ['source-aligned', 'aggregate', 'consumer-aligned'] as const;
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];

export const domainName = (d: number) => `domain-${d}`;
export const productName = (i: number) => `product-${i}`;

export function generateMesh(size: MeshSize, seed = 42): SyntheticMesh {
  const { products: n, domains: d } = MESH_SIZES[size];
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

  const groups: Entity[] = [];
  const domains: Entity[] = [];
  for (let i = 0; i < d; i++) {
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${i}` },
      spec: { type: 'team', children: [] },
    });
    domains.push({
      apiVersion: 'meshwork.dev/v1alpha1',
      kind: 'Domain',
      metadata: { name: domainName(i), title: `Domain ${i}` },
      spec: {
        owner: `group:team-${i}`,
        // Every tenth domain is a subdomain of the one before it.
        ...(i % 10 === 9 ? { subdomainOf: domainName(i - 1) } : {}),
      },
    });
  }

  const sources: Entity[] = [];
  const sourceCount = Math.max(10, Math.floor(n / 20));
  for (let i = 0; i < sourceCount; i++) {
    sources.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `service-${i}` },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:team-${i % d}`,
      },
    });
  }

  const products: Entity[] = [];
  for (let i = 0; i < n; i++) {
    const domain = i % d;
    // The first products of the mesh read only from sources, so lineage is a DAG.
    const type = i < d * 2 ? 'source-aligned' : pick(TYPES);
    const classification = pick(CLASSIFICATIONS);
    const inputPorts: object[] = [];
    if (type === 'source-aligned') {
      inputPorts.push({ source: `component:service-${i % sourceCount}` });
    } else {
      const k = 1 + Math.floor(rand() * 3);
      for (let j = 0; j < k; j++) {
        inputPorts.push({ dataProduct: productName(Math.floor(rand() * i)) });
      }
    }
    const compliant = rand() > 0.2;
    products.push({
      apiVersion: 'meshwork.dev/v1alpha1',
      kind: 'DataProduct',
      metadata: {
        name: productName(i),
        title: `Product ${i}`,
        description: `Synthetic ${type} data product ${i} of ${domainName(
          domain,
        )}`,
        tags: ['synthetic', type],
      },
      spec: {
        type,
        lifecycle: rand() > 0.05 ? 'production' : 'deprecated',
        domain: domainName(domain),
        owner: `group:team-${domain}`,
        version: '1.0.0',
        classification,
        containsPii:
          classification === 'confidential' || classification === 'restricted',
        ...(compliant ? { retentionDays: 365 } : {}),
        inputPorts,
        outputPorts: [
          {
            name: 'main',
            type: 'table',
            format: 'delta',
            location: `s3://lake/${domainName(domain)}/${productName(i)}/main`,
          },
        ],
        slos: compliant
          ? [
              { indicator: 'freshness', objective: '6h' },
              { indicator: 'availability', objective: '99.5%', window: '30d' },
            ]
          : [],
        quality: compliant
          ? {
              framework: 'great-expectations',
              checks: [{ name: 'row_count', threshold: '> 0' }],
            }
          : undefined,
        infrastructure: {
          storage: {
            type: 'data-lake',
            format: 'delta',
            encryption: compliant ? 'AES-256' : undefined,
          },
          processing: { engine: 'spark' },
          orchestration: { tool: 'airflow', schedule: '0 */6 * * *' },
          security: {
            encryptionAtRest: compliant,
            accessControl: 'rbac',
            auditLogging: compliant,
          },
        },
      },
    });
  }
  // Drop the `undefined` fields, as a YAML file would not have them.
  const clean = <T>(x: T): T => JSON.parse(JSON.stringify(x));
  return {
    size,
    domains: clean(domains),
    products: clean(products),
    sources: clean(sources),
    groups: clean(groups),
  };
}

/**
 * The same products as plain Components (the baseline of scenario 6): same names,
 * metadata and dependencies, processed by Backstage's built-in processor only.
 */
export function asComponents(products: Entity[]): Entity[] {
  return products.map(p => {
    const spec = p.spec as any;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: p.metadata,
      spec: {
        type: 'data-product',
        lifecycle: spec.lifecycle,
        owner: spec.owner,
        dependsOn: (spec.inputPorts as any[]).map(ip =>
          ip.dataProduct ? `component:${ip.dataProduct}` : ip.source,
        ),
      },
    };
  });
}
