import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  Entity,
  stringifyEntityRef,
  type EntityMeta,
} from '@backstage/catalog-model';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { parseAllDocuments } from 'yaml';
import catalogModuleDataMesh from '.';
import { processingErrorRecorder } from './__testUtils__/processingErrors';

/*
 * The module through the real catalog backend: example files and hostile
 * fixtures read from disk, processed, stitched and served over the catalog's
 * REST API, on SQLite and on PostgreSQL.
 */

const repoRoot = path.resolve(__dirname, '../../..');

/** An entity as the catalog serves it, with the processing errors of its last update. */
type ServedEntity = Entity & {
  status?: { items?: Array<{ type: string; level: string; message: string }> };
};
const meshDir = path.join(repoRoot, 'examples/mesh');

function readEntities(file: string): Entity[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJSON())
    .filter(Boolean);
}

const exampleEntities = fs
  .readdirSync(meshDir)
  .filter(file => file.endsWith('.yaml') && file !== 'all.yaml')
  .flatMap(file => readEntities(path.join(meshDir, file)));
const exampleRefs = exampleEntities.map(e => stringifyEntityRef(e));
const exampleProducts = exampleEntities
  .filter(e => e.kind === 'DataProduct')
  .map(e => e.metadata.name)
  .sort();

const product = (
  name: string,
  spec: Record<string, unknown>,
  extra: Partial<EntityMeta> = {},
) =>
  dataProductEntity({
    name,
    metadata: { description: `The ${name} fixture`, ...extra },
    spec: { type: 'source-aligned', lifecycle: 'experimental', ...spec },
  });

// Fixtures that must be refused, with the start of the error that names the field.
const refused: Array<[object, string]> = [
  [
    product('both-inputs', {
      inputPorts: [
        { dataProduct: 'orders', source: 'component:order-service' },
      ],
    }),
    'spec.inputPorts[0] must name either dataProduct or source, not both',
  ],
  [
    product('self-loop', { inputPorts: [{ dataProduct: 'self-loop' }] }),
    'spec.inputPorts[0].dataProduct refers to the product itself (dataproduct:default/self-loop)',
  ],
  [
    product('bad-objective', {
      slos: [{ indicator: 'freshness', objective: 'soon' }],
    }),
    'spec.slos[0].objective must be a duration such as 15m, 2h or 1d',
  ],
  [
    product('ports-as-map', { inputPorts: { orders: 'orders-daily' } }),
    'spec.inputPorts must be a list, but found an object',
  ],
  [
    product('port-as-text', { inputPorts: ['orders'] }),
    'spec.inputPorts[0] must be an object, but found "orders"',
  ],
  [
    domainEntity('own-parent', {
      owner: 'group:data-platform',
      parent: 'own-parent',
    }),
    'spec.subdomainOf refers to the domain itself (domain:default/own-parent)',
  ],
];

// Fixtures that are odd but valid: refs to nothing, cycles.
const accepted = [
  product('orphan-refs', {
    domain: 'domain:default/no-such-domain',
    owner: 'group:no-such-team',
    inputPorts: [{ dataProduct: 'ghost-product', port: 'daily' }],
    outputPorts: [{ name: 'out', type: 'table', api: 'ghost-api' }],
  }),
  product('cycle-a', { inputPorts: [{ dataProduct: 'cycle-b' }] }),
  product('cycle-b', { inputPorts: [{ dataProduct: 'cycle-a' }] }),
  domainEntity('loop-x', { owner: 'group:data-platform', parent: 'loop-y' }),
  domainEntity('loop-y', { owner: 'group:data-platform', parent: 'loop-x' }),
];

const evolving = (description: string, classification: string) =>
  product(
    'evolving-product',
    { classification },
    { description: `Evolving: ${description}` },
  );

// A few of the example organisation's groups, so that ownerOf relations have somewhere to show
const groups = ['customer-team', 'sales-team', 'data-platform'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
}));

function fixturesYaml(evolvingProduct: object) {
  return [
    ...groups,
    ...refused.map(([entity]) => entity),
    ...accepted,
    evolvingProduct,
  ]
    .map(entity => JSON.stringify(entity))
    .join('\n---\n');
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set
// (e.g. postgresql://postgres@127.0.0.1:5432); without it its tests show as skipped.
for (const databaseId of ['SQLITE_3', 'POSTGRES_15'] as const) {
  describe.skipIf(!databases.supports(databaseId))(
    `the catalog with the data mesh module, on ${databaseId}`,
    () => {
      const fixtures = createMockDirectory();
      const processingErrors = new Map<string, string>();
      let backend: TestBackend;
      let baseUrl: string;

      async function api(method: string, route: string, body?: unknown) {
        const response = await fetch(`${baseUrl}/api/catalog${route}`, {
          method,
          headers: body ? { 'content-type': 'application/json' } : undefined,
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await response.text();
        return {
          status: response.status,
          body: text ? JSON.parse(text) : undefined,
        };
      }

      async function getEntity(ref: string): Promise<ServedEntity | undefined> {
        const [kind, rest] = ref.split(':');
        const [namespace, name] = rest.split('/');
        const { status, body } = await api(
          'GET',
          `/entities/by-name/${kind}/${namespace}/${name}`,
        );
        return status === 200 ? body : undefined;
      }

      function relationsOf(entity: Entity | undefined) {
        return (entity?.relations ?? []).map(r => `${r.type} ${r.targetRef}`);
      }

      beforeAll(async () => {
        fixtures.setContent({
          'fixtures.yaml': fixturesYaml(evolving('v1', 'internal')),
        });
        backend = await startTestBackend({
          features: [
            import('@backstage/plugin-catalog-backend'),
            catalogModuleDataMesh,
            processingErrorRecorder(processingErrors),
            mockServices.database.factory({
              knex: await databases.init(databaseId),
            }),
            mockServices.rootConfig.factory({
              data: {
                catalog: {
                  processingInterval: { seconds: 1 },
                  rules: [
                    {
                      allow: [
                        'DataProduct',
                        'Domain',
                        'System',
                        'Component',
                        'API',
                        'Resource',
                        'Location',
                        'Group',
                        'User',
                      ],
                    },
                  ],
                  locations: [
                    { type: 'file', target: path.join(meshDir, 'all.yaml') },
                    { type: 'file', target: fixtures.resolve('fixtures.yaml') },
                  ],
                },
              },
            }),
          ],
        });
        baseUrl = `http://localhost:${backend.server.port()}`;
      });

      afterAll(async () => {
        await backend?.stop();
      });

      it('serves every entity of the example mesh, without processing errors', async () => {
        await vi.waitFor(
          async () => {
            const { body } = await api('POST', '/entities/by-refs', {
              entityRefs: exampleRefs,
            });
            const missing = exampleRefs.filter((_, i) => !body.items[i]);
            expect(missing).toEqual([]);
          },
          { timeout: 30_000, interval: 250 },
        );

        const { body } = await api(
          'GET',
          '/entities/by-query?filter=kind=dataproduct&limit=100&fields=metadata.name',
        );
        const served = body.items.map((e: Entity) => e.metadata.name);
        expect(served).toEqual(expect.arrayContaining(exampleProducts));
        expect(exampleProducts.length).toBeGreaterThanOrEqual(14);

        // A location fails as a whole when one of its files is not valid YAML
        const locationErrors = [...processingErrors.keys()].filter(ref =>
          ref.startsWith('location:'),
        );
        expect(locationErrors.map(ref => processingErrors.get(ref))).toEqual(
          [],
        );
        const exampleErrors = exampleRefs.filter(ref =>
          processingErrors.has(ref),
        );
        expect(exampleErrors.map(ref => processingErrors.get(ref))).toEqual([]);
      });

      it('relates a data product to its owner, domain, inputs and APIs, both ways', async () => {
        await vi.waitFor(
          async () => {
            const customer360 = await getEntity(
              'dataproduct:default/customer-360',
            );
            expect(relationsOf(customer360).sort()).toEqual([
              'dependencyOf dataproduct:default/customer-churn-scores',
              'dependencyOf dataproduct:default/customer-segments',
              'dependsOn component:default/crm-service',
              'dependsOn dataproduct:default/campaign-engagement',
              'dependsOn dataproduct:default/customer-profiles',
              'dependsOn dataproduct:default/orders',
              'dependsOn dataproduct:default/product-usage-events',
              'dependsOn dataproduct:default/support-tickets',
              'ownedBy group:default/customer-team',
              'partOf domain:default/customer',
              'providesApi api:default/customer-360-profiles-api',
            ]);
          },
          { timeout: 15_000, interval: 250 },
        );

        await vi.waitFor(
          async () => {
            expect(
              relationsOf(await getEntity('dataproduct:default/orders')),
            ).toEqual(
              expect.arrayContaining([
                'dependencyOf dataproduct:default/customer-360',
                'dependsOn resource:default/orders-db',
                'dependsOn component:default/order-service',
                'providesApi api:default/orders-events-api',
              ]),
            );
            expect(
              relationsOf(await getEntity('component:default/crm-service')),
            ).toContain('dependencyOf dataproduct:default/customer-360');
            expect(
              relationsOf(
                await getEntity('api:default/customer-360-profiles-api'),
              ),
            ).toContain('apiProvidedBy dataproduct:default/customer-360');
            expect(
              relationsOf(await getEntity('group:default/customer-team')),
            ).toContain('ownerOf dataproduct:default/customer-360');
            expect(
              relationsOf(await getEntity('domain:default/customer')),
            ).toEqual(
              expect.arrayContaining([
                'hasPart dataproduct:default/customer-360',
                'hasPart dataproduct:default/customer-profiles',
                'hasPart system:default/crm',
              ]),
            );
            // A product in a plain backstage.io/v1alpha1 Domain
            expect(
              relationsOf(await getEntity('domain:default/digital-experience')),
            ).toContain('hasPart dataproduct:default/product-usage-events');
          },
          { timeout: 15_000, interval: 250 },
        );
      });

      it('keeps the built-in owner and subdomain relations of mesh domains', async () => {
        await vi.waitFor(
          async () => {
            const orders = await getEntity('domain:default/orders');
            expect(orders?.apiVersion).toBe('meshwork.dev/v1alpha1');
            expect(relationsOf(orders)).toEqual(
              expect.arrayContaining([
                'ownedBy group:default/sales-team',
                'partOf domain:default/sales',
                'hasPart system:default/commerce',
                'hasPart dataproduct:default/orders',
              ]),
            );
            expect(
              relationsOf(await getEntity('domain:default/sales')),
            ).toContain('hasPart domain:default/orders');
          },
          { timeout: 15_000, interval: 250 },
        );
      });

      it('refuses invalid fixtures with an error naming the field, affecting no other entity', async () => {
        await vi.waitFor(
          () => {
            for (const [entity, message] of refused) {
              const ref = stringifyEntityRef(entity as Entity);
              expect({ ref, error: processingErrors.get(ref) }).toEqual({
                ref,
                error: expect.stringContaining(message),
              });
            }
          },
          { timeout: 15_000, interval: 250 },
        );
        for (const [entity] of refused) {
          expect(
            await getEntity(stringifyEntityRef(entity as Entity)),
          ).toBeUndefined();
        }
      });

      it('serves products whose references point nowhere, and dependency cycles', async () => {
        await vi.waitFor(
          async () => {
            expect(
              relationsOf(
                await getEntity('dataproduct:default/orphan-refs'),
              ).sort(),
            ).toEqual([
              'dependsOn dataproduct:default/ghost-product',
              'ownedBy group:default/no-such-team',
              'partOf domain:default/no-such-domain',
              'providesApi api:default/ghost-api',
            ]);
            expect(
              relationsOf(
                await getEntity('dataproduct:default/cycle-a'),
              ).sort(),
            ).toEqual([
              'dependencyOf dataproduct:default/cycle-b',
              'dependsOn dataproduct:default/cycle-b',
              'ownedBy group:default/customer-team',
              'partOf domain:default/customer',
            ]);
            expect(
              relationsOf(await getEntity('domain:default/loop-x')).sort(),
            ).toEqual([
              'hasPart domain:default/loop-y',
              'ownedBy group:default/data-platform',
              'partOf domain:default/loop-y',
            ]);
          },
          { timeout: 15_000, interval: 250 },
        );
      });

      it('keeps serving the last good version of a product that turns bad', async () => {
        const ref = 'dataproduct:default/evolving-product';
        await vi.waitFor(
          async () =>
            expect((await getEntity(ref))?.spec?.classification).toBe(
              'internal',
            ),
          { timeout: 15_000, interval: 250 },
        );

        fixtures.setContent({
          'fixtures.yaml': fixturesYaml(evolving('v2', 'secret')),
        });
        expect((await api('POST', '/refresh', { entityRef: ref })).status).toBe(
          200,
        );
        const broken = await vi.waitFor(
          async () => {
            const entity = await getEntity(ref);
            expect(entity?.status?.items?.[0]?.message).toContain(
              'spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
            );
            return entity!;
          },
          { timeout: 15_000, interval: 250 },
        );
        expect(broken.metadata.description).toBe('Evolving: v1');
        expect(broken.spec?.classification).toBe('internal');
        expect(broken.status?.items?.[0]).toMatchObject({
          type: 'backstage.io/catalog-processing',
          level: 'error',
        });

        fixtures.setContent({
          'fixtures.yaml': fixturesYaml(evolving('v3', 'public')),
        });
        expect((await api('POST', '/refresh', { entityRef: ref })).status).toBe(
          200,
        );
        await vi.waitFor(
          async () => {
            const entity = await getEntity(ref);
            expect(entity?.metadata.description).toBe('Evolving: v3');
            expect(entity?.spec?.classification).toBe('public');
            expect(entity?.status?.items ?? []).toEqual([]);
          },
          { timeout: 15_000, interval: 250 },
        );
      });

      it('gives the same verdicts through POST /validate-entity', async () => {
        const validate = (entity: unknown) =>
          api('POST', '/validate-entity', {
            entity,
            location:
              'url:https://git.example.com/shopco/mesh/catalog-info.yaml',
          });

        for (const entity of [...exampleEntities, ...accepted]) {
          const { status, body } = await validate(entity);
          expect({
            ref: stringifyEntityRef(entity as Entity),
            status,
            body,
          }).toEqual({
            ref: stringifyEntityRef(entity as Entity),
            status: 200,
            body: undefined,
          });
        }
        for (const [entity, message] of refused) {
          const { status, body } = await validate(entity);
          expect(status).toBe(400);
          expect(body.errors.map((e: Error) => e.message).join('\n')).toContain(
            message,
          );
        }
        const { status, body } = await validate(evolving('v2', 'secret'));
        expect(status).toBe(400);
        expect(body.errors[0].message).toContain(
          'spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
        );
      });
    },
  );
}
