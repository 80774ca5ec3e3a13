/*
 * Test fixtures shaped like the example mesh (examples/mesh) and like the
 * data-mesh backend's responses, field for field. Products and domains are the
 * shared builders of @meshwork/plugin-data-mesh-test-utils; what is here adds
 * what the catalog serves with them (relations) and the backend's answers.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  ComplianceHistoryResponse,
  ComplianceListItem,
  ComplianceStatus,
  ComplianceSummary,
  MeshSummaryResponse,
  LineageGraphResponse,
  ProductCompliance,
  ProductSloStatusResponse,
} from '@meshwork/plugin-data-mesh-common';
import {
  dataProductEntity,
  domainEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';

/**
 * customer-360 as the example mesh has it: the shared compliant product with
 * the example's ports, OpenLineage job and documentation links.
 */
export const customer360: Entity = dataProductEntity({
  metadata: {
    annotations: {
      'meshwork.dev/openlineage-namespace': 'shopco-customer',
      'meshwork.dev/openlineage-job': 'customer_360.build',
    },
    links: [
      {
        url: 'https://dashboards.shopco.example/d/customer-360',
        title: 'Customer 360 dashboard',
      },
      // eslint-disable-next-line no-script-url -- a link that must not be rendered as one
      { url: 'javascript:alert(1)', title: 'Sneaky' },
    ],
  },
  spec: {
    inputPorts: [
      { dataProduct: 'customer-profiles', port: 'profiles' },
      { dataProduct: 'orders', port: 'orders-daily' },
      {
        source: 'component:crm-service',
        description: 'Live consent flags, read at build time',
      },
    ],
    outputPorts: [
      {
        name: 'profiles',
        type: 'table',
        format: 'delta',
        location: 's3://shopco-lake/customer/customer-360',
        api: 'customer-360-profiles-api',
        contract: './contracts/customer-360.odcs.yaml',
      },
      {
        name: 'profile-updates',
        type: 'topic',
        format: 'avro',
        location: 'kafka://customer.customer-360.v2',
      },
    ],
  },
});

/** 30 days of history ending today, one point a day. */
function days(
  count: number,
  value: (i: number) => number | null,
  met: (v: number | null) => boolean | null,
) {
  const today = Date.UTC(2026, 10, 21);
  return Array.from({ length: count }, (_, i) => {
    const v = value(i);
    return {
      date: new Date(today - (count - 1 - i) * 86_400_000)
        .toISOString()
        .slice(0, 10),
      value: v,
      met: met(v),
    };
  });
}

export const customer360Slos: ProductSloStatusResponse = {
  entityRef: 'dataproduct:default/customer-360',
  evaluatedAt: '2026-11-21T10:00:00.000Z',
  slos: [
    {
      indicator: 'freshness',
      objective: '15m',
      window: '30d',
      comparison: 'atMost',
      unit: 'ms',
      target: 900_000,
      source: 'runs',
      current: 420_000,
      met: true,
      windowValue: 0.998,
      errorBudgetRemaining: 0.82,
      burnRate: 0.4,
      samples: 120,
      lastObservedAt: '2026-11-21T09:53:00.000Z',
      history: days(
        30,
        i => 300_000 + (i % 5) * 60_000,
        v => (v === null ? null : v <= 900_000),
      ),
    },
    {
      indicator: 'availability',
      objective: '99.95%',
      window: '30d',
      comparison: 'atLeast',
      unit: 'ratio',
      target: 0.9995,
      source: 'runs',
      current: 0.9871,
      met: false,
      windowValue: 0.9871,
      errorBudgetRemaining: -0.6,
      burnRate: 3.2,
      samples: 118,
      lastObservedAt: '2026-11-21T09:53:00.000Z',
      history: days(
        30,
        i => (i === 3 ? null : 0.98 + (i % 3) * 0.01),
        v => (v === null ? null : v >= 0.9995),
      ),
    },
  ],
};

/** customer-360's SLOs before any pipeline reported: freshness, no data. */
export const noDataSlos: ProductSloStatusResponse = {
  ...customer360Slos,
  slos: [
    {
      ...customer360Slos.slos[0],
      source: 'none',
      current: null,
      met: null,
      windowValue: null,
      errorBudgetRemaining: null,
      burnRate: null,
      samples: 0,
      lastObservedAt: undefined,
      history: days(
        30,
        () => null,
        () => null,
      ),
    },
  ],
};

const R = 'dataproduct:default/customer-360';

/** customer-360's lineage as the backend answers it (depth 1, both ways). */
export const customer360Lineage: LineageGraphResponse = {
  root: R,
  direction: 'both',
  depth: 1,
  partial: false,
  nodes: [
    { id: R, kind: 'product', entityRef: R, title: 'Customer 360', depth: 0 },
    {
      id: 'dataproduct:default/customer-profiles',
      kind: 'product',
      entityRef: 'dataproduct:default/customer-profiles',
      title: 'Customer Profiles',
      depth: -1,
    },
    {
      id: 'dataproduct:default/orders',
      kind: 'product',
      entityRef: 'dataproduct:default/orders',
      title: 'Orders',
      depth: -1,
    },
    {
      id: 'dataproduct:default/campaign-engagement',
      kind: 'product',
      entityRef: 'dataproduct:default/campaign-engagement',
      title: 'Campaign Engagement',
      depth: -1,
    },
    {
      id: 'component:default/crm-service',
      kind: 'source',
      entityRef: 'component:default/crm-service',
      title: 'crm-service',
      depth: -1,
    },
    {
      id: 'ol-dataset:s3://shopco-lake/tmp/web_sessions_raw',
      kind: 'dataset',
      namespace: 's3://shopco-lake',
      name: 'tmp/web_sessions_raw',
      depth: -1,
    },
    {
      id: 'dataproduct:default/customer-churn-scores',
      kind: 'product',
      entityRef: 'dataproduct:default/customer-churn-scores',
      title: 'Customer Churn Scores',
      depth: 1,
    },
  ],
  edges: [
    {
      source: 'dataproduct:default/customer-profiles',
      target: R,
      origin: 'both',
      origins: ['declared', 'observed'],
      lastObservedAt: '2026-11-21T09:00:00.000Z',
    },
    {
      source: 'dataproduct:default/orders',
      target: R,
      origin: 'both',
      origins: ['declared', 'observed'],
    },
    {
      source: 'dataproduct:default/campaign-engagement',
      target: R,
      origin: 'declared',
      origins: ['declared'],
    },
    {
      source: 'component:default/crm-service',
      target: R,
      origin: 'declared',
      origins: ['declared'],
    },
    {
      source: 'ol-dataset:s3://shopco-lake/tmp/web_sessions_raw',
      target: R,
      origin: 'observed',
      origins: ['observed'],
    },
    {
      source: R,
      target: 'dataproduct:default/customer-churn-scores',
      origin: 'observed',
      origins: ['observed'],
    },
  ],
  drift: {
    window: '30d',
    observedRunsInWindow: 42,
    observedUndeclared: [
      {
        node: 'ol-dataset:s3://shopco-lake/tmp/web_sessions_raw',
        kind: 'dataset',
      },
    ],
    declaredUnseen: [
      { node: 'dataproduct:default/campaign-engagement', kind: 'product' },
    ],
  },
};

/**
 * A synthetic lineage of `nodeCount` products and about `edgeCount` edges
 * around a root, in layers upstream and downstream, like the benchmark's.
 */
export function syntheticLineage(
  nodeCount: number,
  edgeCount: number,
): LineageGraphResponse {
  const root = 'dataproduct:default/root';
  const nodes: LineageGraphResponse['nodes'] = [
    { id: root, kind: 'product', entityRef: root, title: 'Root', depth: 0 },
  ];
  const layers = 5;
  for (let i = 1; i < nodeCount; i++) {
    const layer = 1 + (i % layers);
    const depth = i % 2 ? -layer : layer;
    const ref = `dataproduct:default/p${i}`;
    nodes.push({
      id: ref,
      kind: 'product',
      entityRef: ref,
      title: `P ${i}`,
      depth,
    });
  }
  const byDepth = new Map<number, string[]>();
  for (const n of nodes) {
    byDepth.set(n.depth, [...(byDepth.get(n.depth) ?? []), n.id]);
  }
  const edges: LineageGraphResponse['edges'] = [];
  const keys = new Set<string>();
  const add = (source: string, target: string, k: number) => {
    const key = `${source}>${target}`;
    if (source === target || keys.has(key)) return;
    keys.add(key);
    const origin = (['declared', 'observed', 'both'] as const)[k % 3];
    edges.push({
      source,
      target,
      origin,
      origins: origin === 'both' ? ['declared', 'observed'] : [origin],
    });
  };
  // Every node connects to one node one layer closer to the root.
  nodes.forEach((n, k) => {
    if (n.depth === 0) return;
    const closer = n.depth < 0 ? n.depth + 1 : n.depth - 1;
    const candidates = byDepth.get(closer)!;
    const other = candidates[k % candidates.length];
    if (n.depth < 0) add(n.id, other, k);
    else add(other, n.id, k);
  });
  // Then cross edges between adjacent layers until edgeCount (a fixed seed).
  let seed = 42;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let k = 0; edges.length < edgeCount && k < edgeCount * 50; k++) {
    const a = nodes[1 + Math.floor(random() * (nodes.length - 1))];
    const candidates = byDepth.get(a.depth + 1);
    if (candidates && a.depth + 1 !== 0) {
      add(a.id, candidates[Math.floor(random() * candidates.length)], k);
    }
  }
  return {
    root,
    direction: 'both',
    depth: layers,
    nodes,
    edges,
    partial: true,
    partialReasons: ['nodes'],
    drift: {
      window: '30d',
      observedRunsInWindow: 0,
      observedUndeclared: [],
      declaredUnseen: [],
    },
  };
}

/** customer-segments' compliance: encryption at rest failed, its waiver expired. */
export const customerSegmentsCompliance: ProductCompliance = {
  entityRef: 'dataproduct:default/customer-segments',
  domainRef: 'domain:default/marketing',
  evaluatedAt: '2026-11-21T10:00:00.000Z',
  status: 'failing',
  passed: false,
  score: 71,
  counts: { passed: 6, failed: 3, waived: 0, error: 1 },
  results: [
    {
      policyId: 'owner-assigned',
      title: 'Owner assigned',
      severity: 'required',
      status: 'passed',
      message: 'Every product has an owning team.',
      source: 'builtin',
    },
    {
      policyId: 'encryption-at-rest',
      title: 'Encryption at rest',
      severity: 'required',
      status: 'failed',
      message:
        'Confidential or restricted data is stored without encryption at rest.',
      remediation:
        'Set spec.infrastructure.security.encryptionAtRest to true and encrypt the storage.',
      source: 'builtin',
      waiver: {
        policy: 'encryption-at-rest',
        reason:
          'The export bucket moves to the encrypted lake with the Q2 migration',
        approver: 'user:lnguyen',
        expires: '2026-06-30',
        expired: true,
      },
      notes: ['The waiver for this policy expired on 2026-06-30.'],
    },
    {
      policyId: 'audit-logging',
      title: 'Audit logging',
      severity: 'recommended',
      status: 'failed',
      message: 'Access to sensitive data is not audit-logged.',
      remediation: 'Set spec.infrastructure.security.auditLogging to true.',
      source: 'builtin',
    },
    {
      policyId: 'marketing-consent',
      title: 'Consent recorded',
      severity: 'required',
      status: 'failed',
      message: 'Campaign data must carry consent flags.',
      remediation: 'Read consent from customer-360.',
      source: 'domain:default/marketing',
    },
    {
      policyId: 'retention-policy',
      title: 'Retention set',
      severity: 'required',
      status: 'error',
      message: 'The product sets no retention period.',
      source: 'global',
      tightenedBy: 'domain:default/marketing',
      error: 'rule exceeded its cost budget',
    },
  ],
  notes: [],
  stored: true,
};

export const customerSegmentsHistory: ComplianceHistoryResponse = {
  items: [
    {
      id: 3,
      evaluatedAt: '2026-11-21T10:00:00.000Z',
      status: 'failing',
      passed: false,
      score: 71,
      counts: { passed: 6, failed: 3, waived: 0, error: 1 },
      results: [],
    },
    {
      id: 2,
      evaluatedAt: '2026-07-01T10:00:00.000Z',
      status: 'failing',
      passed: false,
      score: 71,
      counts: { passed: 6, failed: 3, waived: 0, error: 1 },
      results: [],
    },
    {
      id: 1,
      evaluatedAt: '2026-06-01T10:00:00.000Z',
      status: 'warning',
      passed: true,
      score: 88,
      counts: { passed: 6, failed: 1, waived: 1, error: 0 },
      results: [],
    },
  ],
};

/** A domain entity as the catalog serves it, with the partOf relation to its parent. */
export function domain(
  name: string,
  options: { title?: string; parent?: string } = {},
): Entity {
  return {
    ...domainEntity(name, {
      parent: options.parent,
      owner: 'group:sales-team',
      metadata: { title: options.title },
    }),
    relations: options.parent
      ? [{ type: 'partOf', targetRef: `domain:default/${options.parent}` }]
      : [],
  };
}

/**
 * A data product as the catalog serves it, with its partOf relation; only what
 * `spec` names is set beyond a source-aligned product's type, lifecycle, domain
 * and owner, so lists show exactly what a test gives them.
 */
export function catalogProduct(
  name: string,
  domainName: string,
  spec: Record<string, unknown> = {},
  title?: string,
): Entity {
  const sparse = productWith(
    {
      type: 'source-aligned',
      domain: domainName,
      classification: undefined,
      containsPii: undefined,
      retentionDays: undefined,
      slos: undefined,
      ...spec,
    },
    dataProductEntity({
      name,
      metadata: { title, description: undefined, tags: undefined },
    }),
  );
  return {
    ...sparse,
    relations: [
      { type: 'partOf', targetRef: `domain:default/${domainName}` },
      { type: 'ownedBy', targetRef: 'group:default/sales-team' },
    ],
  };
}

function counts(status: ComplianceStatus) {
  return {
    passed: 8,
    failed: status === 'passing' ? 0 : 1,
    waived: 0,
    error: 0,
  };
}

/** A product's row in the compliance list (`GET /compliance`). */
export function complianceListItem(
  entityRef: string,
  status: ComplianceStatus,
  score: number,
  domainRef?: string,
): ComplianceListItem {
  return {
    entityRef,
    domainRef,
    status,
    passed: status !== 'failing',
    score,
    counts: counts(status),
    evaluatedAt: '2026-11-21T10:00:00.000Z',
  };
}

/** A product's latest compliance, without per-policy rows. */
export function compliance(
  entityRef: string,
  status: ComplianceStatus,
  score: number,
  domainRef?: string,
): ProductCompliance {
  return {
    ...complianceListItem(entityRef, status, score, domainRef),
    results: [],
    notes: [],
    stored: true,
  };
}

/** A roll-up of four products, one failing retention-policy. */
export function complianceSummary(
  overrides: Partial<ComplianceSummary> = {},
): ComplianceSummary {
  return {
    products: 4,
    passing: 2,
    warning: 1,
    failing: 1,
    compliant: 3,
    compliantShare: 75,
    averageScore: 90,
    policies: [
      {
        policyId: 'retention-policy',
        severity: 'required',
        passed: 3,
        failed: 1,
        waived: 0,
        error: 0,
      },
    ],
    ...overrides,
  };
}

/** The mesh summary of a catalog without domains or products. */
export function emptyMeshSummary(): MeshSummaryResponse {
  return {
    coverage: 'mesh',
    products: 0,
    domains: 0,
    domainsWithProducts: 0,
    productsWithoutDomain: 0,
    productsPerDomain: null,
    compliance: complianceSummary({
      products: 0,
      passing: 0,
      warning: 0,
      failing: 0,
      compliant: 0,
      compliantShare: 100,
      averageScore: 100,
      policies: [],
    }),
    slos: {
      products: 0,
      measured: 0,
      meeting: 0,
      meetingShare: null,
      checkedAt: null,
    },
    domainFigures: [],
    filters: { types: [], lifecycles: [], classifications: [] },
    lastSweep: null,
    lastIncrementalSweep: null,
  };
}
