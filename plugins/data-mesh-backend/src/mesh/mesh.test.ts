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

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type DatabaseService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import request from 'supertest';
import { stringify } from 'yaml';
import { mockScheduler } from '../__testUtils__/backendTestUtils';
import {
  COMPLIANCE_INCREMENTAL_TASK_ID,
  COMPLIANCE_SWEEP_TASK_ID,
} from '../plugin';

/*
 * The mesh's figures over the whole mesh, through the real backend and the real catalog:
 * a mesh larger than any page (the product list's 100, the old page's samples), figures
 * checked against the mesh as the catalog holds it, kept current by the incremental
 * sweep after the catalog processed a change.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const OUTSIDER = 'user:default/outsider';
const PRODUCTS = 130;
const DOMAINS = ['d0', 'd1', 'd2', 'd3', 'd4'];

interface Spec {
  i: number;
  domain: string;
  failing: boolean;
  slos: boolean;
}

function specOf(i: number): Spec {
  return {
    i,
    domain: DOMAINS[i % DOMAINS.length],
    failing: i % 7 === 0,
    slos: i % 3 !== 0,
  };
}

function productOf(s: Spec) {
  return dataProductEntity({
    name: `product-${s.i}`,
    metadata: {
      title: `Product ${s.i}`,
      description: s.i === 42 ? 'The answer to everything' : `Number ${s.i}`,
    },
    spec: {
      domain: s.domain,
      inputPorts: [{ source: 'component:crm-service' }],
      lifecycle: s.i % 2 ? 'production' : 'experimental',
      ...(s.failing ? { retentionDays: undefined } : {}),
      ...(s.slos ? {} : { slos: undefined }),
    },
  });
}

function meshYaml(specs: Spec[]) {
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'customer-team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'crm-service' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:customer-team',
      },
    },
    ...DOMAINS.map(d =>
      domainEntity(d, {
        owner: 'group:customer-team',
        ...(d === 'd4' ? { parent: 'd0' } : {}),
      }),
    ),
    ...specs.map(productOf),
  ];
  return entities.map(e => stringify(e)).join('---\n');
}

const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const result = (credentials: unknown) =>
      (credentials as { principal?: { userEntityRef?: string } })?.principal
        ?.userEntityRef === OUTSIDER
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    return {
      async authorize(requests, options) {
        return requests.map(() => ({ result: result(options.credentials) }));
      },
      async authorizeConditional(requests, options) {
        return requests.map(() => ({
          result: result(options.credentials),
        })) as any;
      },
    };
  },
});

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** What the figures must be, from the fixture the catalog holds. */
function expected(specs: Spec[]) {
  // Without retention or without SLOs (quality-slo), a product fails a required policy.
  const failing = specs.filter(s => s.failing || !s.slos).length;
  const domains = new Set(specs.map(s => s.domain));
  return {
    products: specs.length,
    failing,
    passing: specs.length - failing,
    withSlos: specs.filter(s => s.slos).length,
    domainsWithProducts: domains.size,
    perDomain: Math.round((10 * specs.length) / domains.size) / 10,
    ownProducts: (d: string) => specs.filter(s => s.domain === d).length,
  };
}

describe.each(databases.eachSupportedId())(
  'the mesh figures on %s',
  databaseId => {
    let backend: TestBackend;
    let dir: string;
    let specs = Array.from({ length: PRODUCTS }, (_, i) => specOf(i));
    const scheduler = mockScheduler();
    const user = () => mockCredentials.user.header();
    const get = (path: string, auth = user()) =>
      request(backend.server).get(path).set('Authorization', auth);

    const catalogHas = async (check: (items: any[]) => boolean) =>
      waitFor(async () => {
        const res = await get(
          '/api/catalog/entities/by-query?filter=kind=dataproduct&limit=1000&fields=metadata.name,metadata.annotations,spec.retentionDays',
        );
        return res.body.items && check(res.body.items) ? true : undefined;
      }, 'the catalog to process the data products');

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'data-mesh-figures-'));
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(specs));
      const dataMeshDb = await databases.init(databaseId);
      const catalogDb = await databases.init('SQLITE_3');
      const databaseFactory = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory({ plugin }): DatabaseService {
          const knex = plugin.getId() === 'data-mesh' ? dataMeshDb : catalogDb;
          return { getClient: async () => knex };
        },
      });
      backend = await startTestBackend({
        features: [
          import('../index'),
          import('@backstage/plugin-catalog-backend'),
          import('@meshwork/plugin-catalog-backend-module-data-mesh'),
          databaseFactory,
          permissionsFactory,
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [
                  {
                    allow: [
                      'DataProduct',
                      'Domain',
                      'Group',
                      'Component',
                      'Location',
                    ],
                  },
                ],
                locations: [{ type: 'file', target: join(dir, 'mesh.yaml') }],
                processingInterval: { seconds: 1 },
                orphanStrategy: 'delete',
              },
            },
          }),
        ],
      });
      await catalogHas(items => items.length === PRODUCTS);
      await scheduler.triggerTask(COMPLIANCE_SWEEP_TASK_ID);
    });

    afterAll(async () => {
      await backend?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves every figure over the whole mesh, larger than any page', async () => {
      const res = await get('/api/data-mesh/mesh/summary');
      expect(res.status).toBe(200);
      const e = expected(specs);
      expect(res.body).toMatchObject({
        coverage: 'mesh',
        products: e.products,
        domains: DOMAINS.length,
        domainsWithProducts: e.domainsWithProducts,
        productsWithoutDomain: 0,
        productsPerDomain: e.perDomain,
        compliance: {
          products: e.products,
          passing: e.passing,
          failing: e.failing,
          compliant: e.passing,
        },
        slos: {
          products: e.withSlos,
          measured: 0,
          meeting: 0,
          meetingShare: null,
        },
        filters: { lifecycles: ['experimental', 'production'] },
        lastSweep: { products: e.products, domains: DOMAINS.length },
      });
      expect(res.body.compliance.policies).toContainEqual(
        expect.objectContaining({
          policyId: 'retention-policy',
          failed: specs.filter(s => s.failing).length,
          passed: specs.filter(s => !s.failing).length,
        }),
      );
      expect(
        res.body.domainFigures.map((d: any) => [d.domainRef, d.products]),
      ).toEqual(DOMAINS.map(d => [`domain:default/${d}`, e.ownProducts(d)]));
      expect(res.body.domainFigures[4]).toMatchObject({
        parentRef: 'domain:default/d0',
        compliance: { products: e.ownProducts('d4') },
      });

      // The figures agree with the stored results, read a page at a time.
      let cursor: string | undefined;
      const statuses: string[] = [];
      do {
        const page = await get(
          `/api/data-mesh/compliance?limit=50${
            cursor ? `&cursor=${cursor}` : ''
          }`,
        );
        statuses.push(...page.body.items.map((i: any) => i.status));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(statuses).toHaveLength(e.products);
      expect(statuses.filter(s => s === 'failing')).toHaveLength(e.failing);

      // The roll-ups, from SQL: the mesh and each domain, with and without subdomains.
      const mesh = await get('/api/data-mesh/compliance/mesh');
      expect(mesh.body).toMatchObject({
        products: e.products,
        failing: e.failing,
      });
      const flat = await get(
        '/api/data-mesh/compliance/domains?includeSubdomains=false',
      );
      expect(flat.body.items.map((d: any) => d.products)).toEqual(
        DOMAINS.map(e.ownProducts),
      );
      const nested = await get('/api/data-mesh/compliance/domains');
      expect(nested.body.items[0].products).toBe(
        e.ownProducts('d0') + e.ownProducts('d4'),
      );
    });

    it('pages, filters, searches and sorts the products on the server', async () => {
      const page1 = await get('/api/data-mesh/mesh/products?limit=100');
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ totalItems: PRODUCTS, offset: 0 });
      expect(page1.body.items).toHaveLength(100);
      const page2 = await get(
        '/api/data-mesh/mesh/products?limit=100&offset=100',
      );
      expect(page2.body.items).toHaveLength(PRODUCTS - 100);
      const names = new Set(
        [...page1.body.items, ...page2.body.items].map((i: any) => i.name),
      );
      expect(names.size).toBe(PRODUCTS);
      // By title: product 0, product 1, product 10, ...
      expect(page1.body.items.slice(0, 3).map((i: any) => i.title)).toEqual([
        'Product 0',
        'Product 1',
        'Product 10',
      ]);
      expect(page1.body.items[0]).toMatchObject({
        entityRef: 'dataproduct:default/product-0',
        domainRef: 'domain:default/d0',
        lifecycle: 'experimental',
        compliance: { status: 'failing' },
        slos: { declared: 0, measured: null, met: null },
      });

      // Search reaches products far beyond the first page.
      const last = await get(
        `/api/data-mesh/mesh/products?search=${encodeURIComponent(
          `product ${PRODUCTS - 1}`,
        )}`,
      );
      expect(last.body.items.map((i: any) => i.name)).toEqual([
        `product-${PRODUCTS - 1}`,
      ]);
      // A space as browsers' URLSearchParams write it, beside every other parameter.
      const plus = await get(
        `/api/data-mesh/mesh/products?offset=0&limit=20&search=product+${
          PRODUCTS - 1
        }&sort=title&order=asc`,
      );
      expect({ status: plus.status, body: plus.body }).toMatchObject({
        status: 200,
        body: { totalItems: 1 },
      });
      const answer = await get('/api/data-mesh/mesh/products?search=ANSWER');
      expect(answer.body.items.map((i: any) => i.name)).toEqual(['product-42']);
      const e = expected(specs);
      const failing = await get(
        '/api/data-mesh/mesh/products?compliance=failing&limit=5',
      );
      expect(failing.body.totalItems).toBe(e.failing);
      const d3 = await get(
        `/api/data-mesh/mesh/products?domain=${encodeURIComponent(
          'domain:default/d3',
        )}&lifecycle=production`,
      );
      expect(d3.body.totalItems).toBe(
        specs.filter(s => s.domain === 'd3' && s.i % 2).length,
      );
      const byScore = await get(
        '/api/data-mesh/mesh/products?sort=score&order=asc&limit=1',
      );
      expect(byScore.body.items[0].compliance.status).toBe('failing');
      const desc = await get(
        '/api/data-mesh/mesh/products?sort=title&order=desc&limit=1',
      );
      expect(desc.body.items[0].title).toBe('Product 99');
    });

    it('answers 400 naming the bad parameter', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['offset=-1', 'offset'],
        ['sort=name', 'sort'],
        ['order=up', 'order'],
        ['compliance=green', 'compliance'],
        ['colour=red', 'colour'],
      ]) {
        const res = await get(`/api/data-mesh/mesh/products?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.message).toMatch(new RegExp(field));
      }
    });

    it('leaves out what a caller may not read', async () => {
      const outsider = mockCredentials.user.header(OUTSIDER);
      const summary = await get('/api/data-mesh/mesh/summary', outsider);
      expect(summary.body).toMatchObject({
        coverage: 'visible',
        products: 0,
        compliance: { products: 0 },
      });
      const list = await get('/api/data-mesh/mesh/products', outsider);
      expect(list.body).toMatchObject({ items: [], totalItems: 0 });
      const mesh = await get('/api/data-mesh/compliance/mesh', outsider);
      expect(mesh.body).toMatchObject({ products: 0 });
    });

    it('evaluates new and changed products as soon as the catalog has them (incremental sweep)', async () => {
      // product-1 starts failing, product-500 is new.
      specs = [
        ...specs.map(s => (s.i === 1 ? { ...s, failing: true } : s)),
        specOf(500),
      ];
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(specs));
      await catalogHas(
        items =>
          items.length === PRODUCTS + 1 &&
          items.some(i => i.metadata.name === 'product-500') &&
          items.some(
            i => i.metadata.name === 'product-1' && !i.spec?.retentionDays,
          ),
      );
      const before = await get('/api/data-mesh/compliance/default/product-500');
      expect(before.body.stored).toBe(false);

      await scheduler.triggerTask(COMPLIANCE_INCREMENTAL_TASK_ID);

      const stored = await get('/api/data-mesh/compliance/default/product-500');
      expect(stored.body).toMatchObject({ stored: true, status: 'passing' });
      const changed = await get('/api/data-mesh/compliance/default/product-1');
      expect(changed.body).toMatchObject({ stored: true, status: 'failing' });
      const summary = await get('/api/data-mesh/mesh/summary');
      const e = expected(specs);
      expect(summary.body).toMatchObject({
        products: e.products,
        compliance: { products: e.products, failing: e.failing },
        slos: { products: e.withSlos },
        lastIncrementalSweep: { products: 2 },
      });
      const added = await get(
        '/api/data-mesh/mesh/products?search=product%20500',
      );
      expect(added.body.items.map((i: any) => i.name)).toEqual(['product-500']);

      // Nothing changed since: the next incremental sweep writes nothing.
      const at = summary.body.lastIncrementalSweep.finishedAt;
      await scheduler.triggerTask(COMPLIANCE_INCREMENTAL_TASK_ID);
      const again = await get('/api/data-mesh/mesh/summary');
      expect(again.body.lastIncrementalSweep.finishedAt).toBe(at);
    });

    it('drops products the catalog no longer has from every figure (incremental sweep)', async () => {
      // product-500 and product-3 (in d3) leave the catalog; the orphans are deleted.
      specs = specs.filter(s => s.i !== 500 && s.i !== 3);
      writeFileSync(join(dir, 'mesh.yaml'), meshYaml(specs));
      // The catalog deletes orphans in a task of its own (on the test's scheduler).
      await waitFor(async () => {
        await scheduler.triggerTask('catalog_orphan_cleanup');
        const res = await get(
          '/api/catalog/entities/by-query?filter=kind=dataproduct&limit=1000&fields=metadata.name',
        );
        const names = (res.body.items ?? []).map((i: any) => i.metadata.name);
        return names.length === specs.length &&
          !names.includes('product-500') &&
          !names.includes('product-3')
          ? true
          : undefined;
      }, 'the catalog to delete the removed products');
      const before = await get('/api/data-mesh/mesh/summary');
      expect(before.body.products).toBe(specs.length + 2);

      await scheduler.triggerTask(COMPLIANCE_INCREMENTAL_TASK_ID);

      const e = expected(specs);
      const summary = await get('/api/data-mesh/mesh/summary');
      expect(summary.body).toMatchObject({
        products: e.products,
        compliance: {
          products: e.products,
          passing: e.passing,
          failing: e.failing,
        },
        slos: { products: e.withSlos },
      });
      expect(
        summary.body.domainFigures.find(
          (d: any) => d.domainRef === 'domain:default/d3',
        ),
      ).toMatchObject({
        products: e.ownProducts('d3'),
        compliance: { products: e.ownProducts('d3') },
      });
      const list = await get('/api/data-mesh/mesh/products?limit=100');
      expect(list.body.totalItems).toBe(e.products);
      for (const name of ['product-500', 'product-3']) {
        const found = await get(`/api/data-mesh/mesh/products?search=${name}`);
        expect(found.body.items.map((i: any) => i.name)).not.toContain(name);
      }
      const latest = await get('/api/data-mesh/compliance/default/product-500');
      expect(latest.body.stored ?? false).toBe(false);
      const rollUps = await get(
        '/api/data-mesh/compliance/domains?includeSubdomains=false',
      );
      expect(
        rollUps.body.items.find(
          (d: any) => d.domainRef === 'domain:default/d3',
        ),
      ).toMatchObject({ products: e.ownProducts('d3') });
      const mesh = await get('/api/data-mesh/compliance/mesh');
      expect(mesh.body).toMatchObject({ products: e.products });
    });
  },
);
