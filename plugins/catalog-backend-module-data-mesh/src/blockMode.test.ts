import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import catalogModuleDataMesh from '.';
import { processingErrorRecorder } from './__testUtils__/processingErrors';

/*
 * `dataMesh.catalog.enforcement: block` through the real catalog backend: a product that
 * breaks a required policy is refused with the violations listed, and a product that
 * turns non-compliant keeps its last good version.
 */

// A product that passes every built-in policy, in the payments domain, without a team (so
// without the steward the domain's policy asks for).
const product = (
  name: string,
  spec: Record<string, unknown>,
  description = name,
) =>
  dataProductEntity({
    name,
    metadata: { description },
    spec: {
      domain: 'payments',
      owner: 'group:finance-team',
      team: undefined,
      ...spec,
    },
  });

const unencrypted = {
  infrastructure: { security: { encryptionAtRest: false, auditLogging: true } },
};

const base = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'finance-team' },
    spec: { type: 'team', children: [] },
  },
  domainEntity('payments', {
    owner: 'group:finance-team',
    // A domain policy: products of this domain must name a steward.
    policies: [
      {
        id: 'payments-steward',
        title: 'A steward is named',
        severity: 'required',
        rule: 'has(spec.team) && has(spec.team.steward)',
        message: 'Payments products need a data steward.',
        remediation: 'Set spec.team.steward.',
      },
    ],
  }),
];

const steward = { team: { steward: 'group:finance-team' } };

function yamlOf(entities: object[]) {
  return entities.map(e => JSON.stringify(e)).join('\n---\n');
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

for (const databaseId of ['SQLITE_3', 'POSTGRES_15'] as const) {
  describe.skipIf(!databases.supports(databaseId))(
    `catalog enforcement in block mode, on ${databaseId}`,
    () => {
      const dir = createMockDirectory();
      const errors = new Map<string, string>();
      let backend: TestBackend;
      let baseUrl: string;

      const get = async (name: string): Promise<Entity | undefined> => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/dataproduct/default/${name}`,
        );
        return res.status === 200 ? res.json() : undefined;
      };

      beforeAll(async () => {
        dir.setContent({
          'mesh.yaml': yamlOf([
            ...base,
            product('ledger', steward, 'v1'),
            product('leaky', { ...steward, ...unencrypted }),
          ]),
        });
        backend = await startTestBackend({
          features: [
            import('@backstage/plugin-catalog-backend'),
            catalogModuleDataMesh,
            processingErrorRecorder(errors),
            mockServices.database.factory({
              knex: await databases.init(databaseId),
            }),
            mockServices.rootConfig.factory({
              data: {
                dataMesh: { catalog: { enforcement: 'block' } },
                catalog: {
                  processingInterval: { seconds: 1 },
                  rules: [
                    { allow: ['DataProduct', 'Domain', 'Group', 'Location'] },
                  ],
                  locations: [
                    { type: 'file', target: dir.resolve('mesh.yaml') },
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

      it('serves a compliant product and refuses one that breaks a required policy', async () => {
        await vi.waitFor(
          async () => {
            expect((await get('ledger'))?.metadata.description).toBe('v1');
            expect(errors.get('dataproduct:default/leaky')).toEqual(
              expect.stringContaining('[required] encryption-at-rest'),
            );
          },
          { timeout: 30_000, interval: 250 },
        );
        expect(errors.get('dataproduct:default/leaky')).toContain(
          'refused by governance policies (dataMesh.catalog.enforcement: block)',
        );
        expect(await get('leaky')).toBeUndefined();
      });

      it("applies the product's domain policies", async () => {
        // Added once its domain is in the catalog, as a new product usually is.
        await vi.waitFor(
          async () => {
            const res = await fetch(
              `${baseUrl}/api/catalog/entities/by-name/domain/default/payments`,
            );
            expect(res.status).toBe(200);
          },
          { timeout: 30_000, interval: 250 },
        );
        dir.setContent({
          'mesh.yaml': yamlOf([
            ...base,
            product('ledger', steward, 'v1'),
            product('no-steward', {}),
          ]),
        });
        await vi.waitFor(
          () => {
            expect(errors.get('dataproduct:default/no-steward')).toEqual(
              expect.stringContaining('[required] payments-steward'),
            );
          },
          { timeout: 30_000, interval: 250 },
        );
        expect(await get('no-steward')).toBeUndefined();
      });

      it('keeps the last good version of a product that turns non-compliant', async () => {
        dir.setContent({
          'mesh.yaml': yamlOf([
            ...base,
            product('ledger', { ...steward, ...unencrypted }, 'v2'),
          ]),
        });
        await vi.waitFor(
          () => {
            expect(errors.get('dataproduct:default/ledger')).toEqual(
              expect.stringContaining('encryption-at-rest'),
            );
          },
          { timeout: 30_000, interval: 250 },
        );
        expect((await get('ledger'))?.metadata.description).toBe('v1');
      });
    },
  );
}
