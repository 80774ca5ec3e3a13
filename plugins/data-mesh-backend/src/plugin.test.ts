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
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { mockScheduler } from './__testUtils__/backendTestUtils';
import { stringify } from 'yaml';
import { DataMeshClient } from '@meshwork/plugin-data-mesh-common';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { COMPLIANCE_SWEEP_TASK_ID } from './plugin';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const OUTSIDER = 'user:default/outsider';

/**
 * The shared compliant product (the design's customer-360), in a domain of this mesh and
 * reading only an operational source that the mesh holds.
 */
function product(
  name: string,
  domain: string,
  spec: Record<string, unknown> = {},
) {
  return dataProductEntity({
    name,
    metadata: { title: name, description: `The ${name} product` },
    spec: {
      domain,
      inputPorts: [{ source: 'component:crm-service' }],
      ...spec,
    },
  });
}

const entities = [
  // What the products refer to, so the mesh-wide integrity checks pass.
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
  domainEntity('customer', {
    owner: 'group:customer-team',
    policies: [
      {
        id: 'steward-named',
        title: 'Steward named',
        severity: 'required',
        rule: 'has(spec.team) && has(spec.team.steward)',
        message: 'Customer products name a data steward.',
        remediation: 'Set spec.team.steward.',
      },
      // Refused: a domain cannot weaken a built-in required policy.
      { id: 'encryption-at-rest', severity: 'optional' },
    ],
  }),
  domainEntity('loyalty', {
    owner: 'group:customer-team',
    parent: 'customer',
  }),
  product('customer-360', 'customer'),
  product('loyalty-points', 'loyalty', {
    team: undefined,
    infrastructure: {
      security: { encryptionAtRest: false, auditLogging: true },
    },
    waivers: [
      {
        policy: 'encryption-at-rest',
        reason: 'Moving to the encrypted lake in Q3',
        approver: 'user:ciso',
        expires: '2020-01-01',
      },
    ],
  }),
  product('web-clicks', 'customer', {
    type: 'source-aligned',
    classification: 'internal',
    containsPii: false,
    inputPorts: undefined,
    infrastructure: undefined,
  }),
];

const largeBody = (bytes: number) => ({
  ...product('huge', 'customer'),
  metadata: { name: 'huge', description: 'x'.repeat(bytes) },
});

/** Denies catalog reads to one user, allows everything else. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const denied = (credentials: unknown) =>
      (credentials as { principal?: { userEntityRef?: string } })?.principal
        ?.userEntityRef === OUTSIDER;
    return {
      async authorize(requests, options) {
        const result = denied(options.credentials)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
        return requests.map(() => ({ result }));
      },
      async authorizeConditional(requests, options) {
        const result = denied(options.credentials)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
        return requests.map(() => ({ result })) as any;
      },
    };
  },
});

const ROUTES: Array<['get' | 'post', string]> = [
  ['get', '/api/data-mesh/policies'],
  ['get', '/api/data-mesh/compliance'],
  ['get', '/api/data-mesh/compliance/mesh'],
  ['get', '/api/data-mesh/compliance/domains'],
  ['get', '/api/data-mesh/compliance/default/customer-360'],
  ['get', '/api/data-mesh/compliance/default/customer-360/history'],
  ['post', '/api/data-mesh/evaluate'],
];

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'data-mesh backend on %s',
  databaseId => {
    let backend: TestBackend;
    let dir: string;
    const scheduler = mockScheduler();
    const user = () => mockCredentials.user.header();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'data-mesh-backend-'));
      writeFileSync(
        join(dir, 'mesh.yaml'),
        entities.map(e => stringify(e)).join('---\n'),
      );

      // The plugin's own database is the one under test; the catalog gets its own SQLite.
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
          import('./index'),
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
              },
              dataMesh: {
                compliance: {
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 1 },
                  },
                },
                evaluate: { maxBodyBytes: 50_000 },
              },
            },
          }),
        ],
      });

      // Wait until the catalog has processed and stitched the products.
      await waitFor(async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-query?filter=kind=dataproduct')
          .set('Authorization', user());
        return res.body.items?.length === 3 ? true : undefined;
      }, 'the catalog to process the data products');
    });

    afterAll(async () => {
      await backend?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses unauthenticated callers on every route', async () => {
      for (const [method, path] of ROUTES) {
        const res = await (request(backend.server) as any)
          [method](path)
          .set('Authorization', mockCredentials.none.header());
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        const invalid = await (request(backend.server) as any)
          [method](path)
          .set('Authorization', mockCredentials.user.invalidHeader());
        expect({ path, status: invalid.status }).toEqual({ path, status: 401 });
      }
    });

    it('evaluates a product live before the first sweep', async () => {
      const res = await request(backend.server)
        .get('/api/data-mesh/compliance/default/customer-360')
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'dataproduct:default/customer-360',
        stored: false,
        status: 'passing',
        passed: true,
      });
      expect(res.body.results.map((r: any) => r.policyId)).toContain(
        'steward-named',
      );
    });

    it('stores results and history through the scheduled sweep, and serves them', async () => {
      await scheduler.triggerTask(COMPLIANCE_SWEEP_TASK_ID);

      const list = await request(backend.server)
        .get('/api/data-mesh/compliance')
        .set('Authorization', user());
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => [i.entityRef, i.status])).toEqual([
        ['dataproduct:default/customer-360', 'passing'],
        ['dataproduct:default/loyalty-points', 'failing'],
        ['dataproduct:default/web-clicks', 'passing'],
      ]);
      expect(list.body.nextCursor).toBeUndefined();

      const page1 = await request(backend.server)
        .get('/api/data-mesh/compliance?limit=2')
        .set('Authorization', user());
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await request(backend.server)
        .get(
          `/api/data-mesh/compliance?limit=2&cursor=${page1.body.nextCursor}`,
        )
        .set('Authorization', user());
      expect(page2.body.items.map((i: any) => i.entityRef)).toEqual([
        'dataproduct:default/web-clicks',
      ]);
      expect(page2.body.nextCursor).toBeUndefined();
      const failing = await request(backend.server)
        .get('/api/data-mesh/compliance?status=failing')
        .set('Authorization', user());
      expect(failing.body.items.map((i: any) => i.entityRef)).toEqual([
        'dataproduct:default/loyalty-points',
      ]);

      const loyalty = await request(backend.server)
        .get('/api/data-mesh/compliance/default/loyalty-points')
        .set('Authorization', user());
      expect(loyalty.status).toBe(200);
      expect(loyalty.body).toMatchObject({
        stored: true,
        status: 'failing',
        passed: false,
      });
      const rows = Object.fromEntries(
        loyalty.body.results.map((r: any) => [r.policyId, r]),
      );
      // Inherited from the parent domain.
      expect(rows['steward-named']).toMatchObject({
        status: 'failed',
        source: 'domain:default/customer',
        remediation: 'Set spec.team.steward.',
      });
      // The expired waiver does not help, and the domain's weakening was refused.
      expect(rows['encryption-at-rest']).toMatchObject({
        status: 'failed',
        severity: 'required',
        waiver: { expired: true },
      });
      expect(rows['encryption-at-rest'].notes.join(' ')).toMatch(
        /expired on 2020-01-01/,
      );
      expect(rows['encryption-at-rest'].notes.join(' ')).toMatch(
        /cannot weaken/,
      );

      const history = await request(backend.server)
        .get('/api/data-mesh/compliance/default/loyalty-points/history')
        .set('Authorization', user());
      expect(history.status).toBe(200);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]).toMatchObject({
        status: 'failing',
        passed: false,
      });

      // A second sweep with no change adds no history point.
      await scheduler.triggerTask(COMPLIANCE_SWEEP_TASK_ID);
      const again = await request(backend.server)
        .get(
          '/api/data-mesh/compliance/default/loyalty-points/history?limit=10',
        )
        .set('Authorization', user());
      expect(again.body.items).toHaveLength(1);

      const mesh = await request(backend.server)
        .get('/api/data-mesh/compliance/mesh')
        .set('Authorization', user());
      expect(mesh.status).toBe(200);
      expect(mesh.body).toMatchObject({
        products: 3,
        passing: 2,
        failing: 1,
        compliant: 2,
        lastSweep: { products: 3, domains: 2 },
      });

      const domains = await request(backend.server)
        .get('/api/data-mesh/compliance/domains')
        .set('Authorization', user());
      expect(
        domains.body.items.map((d: any) => [
          d.domainRef,
          d.products,
          d.failing,
        ]),
      ).toEqual([
        ['domain:default/customer', 3, 1],
        ['domain:default/loyalty', 1, 1],
      ]);
      const flat = await request(backend.server)
        .get('/api/data-mesh/compliance/domains?includeSubdomains=false')
        .set('Authorization', user());
      expect(
        flat.body.items.map((d: any) => [d.domainRef, d.products]),
      ).toEqual([
        ['domain:default/customer', 2],
        ['domain:default/loyalty', 1],
      ]);
    });

    it('follows the catalog read permission: a caller who cannot see a product gets 404', async () => {
      const outsider = mockCredentials.user.header(OUTSIDER);
      const res = await request(backend.server)
        .get('/api/data-mesh/compliance/default/customer-360')
        .set('Authorization', outsider);
      expect(res.status).toBe(404);
      const history = await request(backend.server)
        .get('/api/data-mesh/compliance/default/customer-360/history')
        .set('Authorization', outsider);
      expect(history.status).toBe(404);
      const list = await request(backend.server)
        .get('/api/data-mesh/compliance')
        .set('Authorization', outsider);
      expect(list.body).toEqual({ items: [] });
      const mesh = await request(backend.server)
        .get('/api/data-mesh/compliance/mesh')
        .set('Authorization', outsider);
      expect(mesh.body).toMatchObject({ products: 0 });
      const missing = await request(backend.server)
        .get('/api/data-mesh/compliance/default/no-such-product')
        .set('Authorization', user());
      expect(missing.status).toBe(404);
    });

    it('lists the policies in force, with domain additions and refusals', async () => {
      const res = await request(backend.server)
        .get('/api/data-mesh/policies')
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expect(res.body.enforcement).toBe('warn');
      expect(res.body.errors).toEqual([]);
      expect(res.body.policies.map((p: any) => p.id)).toContain(
        'encryption-at-rest',
      );
      expect(res.body.policies[0]).toMatchObject({
        source: 'builtin',
        engine: 'generated',
      });
      expect(res.body.domains).toEqual([
        {
          domainRef: 'domain:default/customer',
          policies: [
            expect.objectContaining({
              id: 'steward-named',
              source: 'domain:default/customer',
            }),
          ],
          errors: [
            expect.objectContaining({
              policyId: 'encryption-at-rest',
              source: 'domain:default/customer',
            }),
          ],
        },
      ]);
    });

    describe('POST /evaluate', () => {
      const post = () =>
        request(backend.server)
          .post('/api/data-mesh/evaluate')
          .set('Authorization', user());

      it('evaluates a draft sent as JSON, with the domain policies of its domain', async () => {
        const res = await post().send(product('draft', 'loyalty'));
        expect(res.status).toBe(200);
        expect(res.body.passed).toBe(true);
        expect(res.body.evaluations[0]).toMatchObject({
          entityRef: 'dataproduct:default/draft',
          domainRef: 'domain:default/loyalty',
          status: 'passing',
        });
        expect(
          res.body.evaluations[0].results.map((r: any) => r.policyId),
        ).toContain('steward-named');
      });

      it('fails the pull request when a required policy fails', async () => {
        const res = await post().send({
          entity: product('draft', 'customer', { retentionDays: undefined }),
        });
        expect(res.status).toBe(200);
        expect(res.body.passed).toBe(false);
        const failed = res.body.evaluations[0].results.filter(
          (r: any) => r.status === 'failed',
        );
        expect(failed.map((r: any) => r.policyId)).toEqual([
          'retention-policy',
        ]);
        expect(failed[0].remediation).toMatch(/retentionDays/);
      });

      it('accepts YAML, as a body or in JSON, and picks the DataProducts of a multi-document file', async () => {
        const yamlText = [
          stringify({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'API',
            metadata: { name: 'draft-api' },
            spec: {
              type: 'openapi',
              lifecycle: 'production',
              owner: 'x',
              definition: 'x',
            },
          }),
          stringify(product('draft', 'customer', { slos: undefined })),
        ].join('---\n');
        const raw = await post()
          .set('Content-Type', 'application/yaml')
          .send(yamlText);
        expect(raw.status).toBe(200);
        expect(raw.body.passed).toBe(false);
        expect(raw.body.evaluations).toHaveLength(1);
        const wrapped = await post().send({ yaml: yamlText });
        expect(wrapped.body).toEqual({
          ...raw.body,
          evaluations: [
            { ...raw.body.evaluations[0], evaluatedAt: expect.any(String) },
          ],
        });
      });

      it('answers 400 naming the bad field', async () => {
        const badType = await post().send(
          product('draft', 'customer', { type: 'mystery' }),
        );
        expect(badType.status).toBe(400);
        expect(badType.body.error.name).toBe('InputError');
        expect(badType.body.error.message).toMatch(/spec\.type/);

        const badName = await post().send({
          ...product('draft', 'customer'),
          metadata: { name: 'Not A Valid Name!' },
        });
        expect(badName.status).toBe(400);
        expect(badName.body.error.message).toMatch(
          /^"metadata\.name" is not valid/,
        );

        const notAProduct = await post().send({
          apiVersion: 'v1',
          kind: 'Component',
        });
        expect(notAProduct.status).toBe(400);
        expect(notAProduct.body.error.message).toMatch(/^kind: no DataProduct/);

        const brokenYaml = await post()
          .set('Content-Type', 'application/yaml')
          .send('kind: DataProduct\n  bad: [indent');
        expect(brokenYaml.status).toBe(400);
        expect(brokenYaml.body.error.message).toMatch(/^yaml:/);

        const nothing = await post().send({});
        expect(nothing.status).toBe(400);
        expect(nothing.body.error.message).toMatch(/^body:/);

        const brokenJson = await post()
          .set('Content-Type', 'application/json')
          .send('{"kind": ');
        expect(brokenJson.status).toBe(400);
      });

      it('answers 413 for a body over the limit', async () => {
        const res = await post().send(largeBody(60_000));
        expect(res.status).toBe(413);
        const yaml = await post()
          .set('Content-Type', 'application/yaml')
          .send(stringify(largeBody(60_000)));
        expect(yaml.status).toBe(413);
      });

      it('accepts service credentials (CI through external access)', async () => {
        const res = await request(backend.server)
          .post('/api/data-mesh/evaluate')
          .set('Authorization', mockCredentials.service.header())
          .send(product('draft', 'customer'));
        expect(res.status).toBe(200);
        expect(res.body.passed).toBe(true);
      });
    });

    it('refuses what the OpenAPI spec forbids with a 400 naming the field', async () => {
      const unknown = await request(backend.server)
        .get('/api/data-mesh/compliance?sort=asc')
        .set('Authorization', user());
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/sort/);
      const badPath = await request(backend.server)
        .get('/api/data-mesh/compliance/default/-bad-name')
        .set('Authorization', user());
      expect(badPath.status).toBe(400);
      expect(badPath.body.error.message).toMatch(/name/);
      const mediaType = await request(backend.server)
        .post('/api/data-mesh/evaluate')
        .set('Authorization', user())
        .set('Content-Type', 'application/xml')
        .send('<entity/>');
      expect(mediaType.status).toBe(400);
      expect(mediaType.body.error.message).toMatch(/Content-Type/);
    });

    it('rejects bad query parameters with 400', async () => {
      for (const path of [
        '/api/data-mesh/compliance?limit=0',
        '/api/data-mesh/compliance?limit=abc',
        '/api/data-mesh/compliance?status=green',
        '/api/data-mesh/compliance?cursor=garbage!',
        '/api/data-mesh/compliance/default/customer-360/history?cursor=x',
        '/api/data-mesh/compliance/domains?includeSubdomains=maybe',
      ]) {
        const res = await request(backend.server)
          .get(path)
          .set('Authorization', user());
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
      }
    });
  },
);

describe('data-mesh backend with the real auth services', () => {
  let backend: TestBackend;
  let dir: string;
  const token = 'ci-pipeline-token-0123456789abcdef';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'data-mesh-backend-auth-'));
    writeFileSync(
      join(dir, 'mesh.yaml'),
      entities.map(e => stringify(e)).join('---\n'),
    );
    backend = await startTestBackend({
      features: [
        import('./index'),
        import('@backstage/plugin-catalog-backend'),
        import('@meshwork/plugin-catalog-backend-module-data-mesh'),
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token, subject: 'ci-pipeline' },
                  },
                ],
              },
            },
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
            },
            dataMesh: {
              compliance: {
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 1 },
                  initialDelay: { hours: 1 },
                },
              },
            },
          },
        }),
      ],
    });
    await waitFor(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=kind=dataproduct')
        .set('Authorization', `Bearer ${token}`);
      return res.body.items?.length === 3 ? true : undefined;
    }, 'the catalog to process the data products');
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without credentials or with a bad token, on every route', async () => {
    for (const [method, path] of ROUTES) {
      const res = await (request(backend.server) as any)[method](path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      const bad = await (request(backend.server) as any)
        [method](path)
        .set('Authorization', 'Bearer not-a-real-token');
      expect({ path, status: bad.status }).toEqual({ path, status: 401 });
    }
  });

  it("serves the typed client of -common, as a product repository's CI uses it", async () => {
    const client = new DataMeshClient({
      discoveryApi: {
        getBaseUrl: async pluginId =>
          `http://localhost:${backend.server.port()}/api/${pluginId}`,
      },
    });
    const draft = product('draft', 'loyalty', { retentionDays: undefined });
    const fromYaml = await client.evaluateDraft(
      { yaml: stringify(draft) },
      { token },
    );
    expect(fromYaml.passed).toBe(false);
    expect(fromYaml.evaluations.map(e => e.entityRef)).toEqual([
      'dataproduct:default/draft',
    ]);
    const fromEntity = await client.evaluateDraft({ entity: draft }, { token });
    expect(fromEntity.evaluations[0].status).toBe(
      fromYaml.evaluations[0].status,
    );
    const compliance = await client.getProductCompliance(
      { namespace: 'default', name: 'customer-360' },
      { token },
    );
    expect(compliance).toMatchObject({ passed: true, stored: false });
    const slos = await client.getProductSlos(
      { namespace: 'default', name: 'customer-360' },
      { token },
    );
    expect(slos.slos.map(s => s.indicator)).toEqual([
      'freshness',
      'availability',
    ]);
    // Errors are Backstage's ResponseError, with the server's message.
    await expect(
      client.evaluateDraft({ entity: { kind: 'Component' } }, { token }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 400 },
    });
    await expect(
      client.getProductSlos({ namespace: 'default', name: 'nope' }, { token }),
    ).rejects.toMatchObject({ response: { status: 404 } });
    await expect(
      client.evaluateDraft({ entity: draft }, { token: 'not-a-token' }),
    ).rejects.toMatchObject({ response: { status: 401 } });
  });

  it('serves a pipeline that authenticates with a static external-access token', async () => {
    const auth = `Bearer ${token}`;
    const evaluated = await request(backend.server)
      .post('/api/data-mesh/evaluate')
      .set('Authorization', auth)
      .send(product('draft', 'loyalty', { retentionDays: undefined }));
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.passed).toBe(false);
    // The domain chain was read from the catalog: the parent domain's policy applies.
    expect(
      evaluated.body.evaluations[0].results.map((r: any) => r.policyId),
    ).toContain('steward-named');

    const live = await request(backend.server)
      .get('/api/data-mesh/compliance/default/customer-360')
      .set('Authorization', auth);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ stored: false, passed: true });
  });
});
