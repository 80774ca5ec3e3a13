import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { DataMeshEntitiesProcessor } from './DataMeshEntitiesProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

// Ports that exercise every relation: duplicates, other namespaces, sources of any kind.
const product: Entity = dataProductEntity({
  namespace: 'shop',
  spec: {
    owner: 'customer-team',
    inputPorts: [
      { dataProduct: 'orders', port: 'orders-daily' },
      { dataProduct: 'orders', port: 'orders-returns' },
      { dataProduct: 'dataproduct:marketing/campaign-touches' },
      { source: 'crm-service' },
      { source: 'resource:default/support-db' },
    ],
    outputPorts: [
      { name: 'profiles', type: 'table', api: 'customer-360-profiles' },
      { name: 'profiles-stream', type: 'topic', api: 'customer-360-profiles' },
      { name: 'export', type: 'file' },
    ],
  },
});

async function relationsOf(entity: Entity) {
  const results: CatalogProcessorResult[] = [];
  await new DataMeshEntitiesProcessor().postProcessEntity(
    entity,
    location,
    result => results.push(result),
  );
  return results.map(result => {
    if (result.type !== 'relation') {
      throw new Error(`Unexpected ${result.type} result`);
    }
    const { source, type, target } = result.relation;
    const ref = (r: typeof source) =>
      `${r.kind.toLocaleLowerCase('en-US')}:${r.namespace}/${r.name}`;
    return `${ref(source)} ${type} ${ref(target)}`;
  });
}

describe('DataMeshEntitiesProcessor', () => {
  const processor = new DataMeshEntitiesProcessor();

  describe('validateEntityKind', () => {
    it('accepts valid data products and mesh domains', async () => {
      await expect(processor.validateEntityKind(product)).resolves.toBe(true);
      await expect(
        processor.validateEntityKind(
          domainEntity('customer', { owner: 'customer-team' }),
        ),
      ).resolves.toBe(true);
    });

    it('leaves other kinds, and Backstage domains, to other processors', async () => {
      await expect(
        processor.validateEntityKind({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Domain',
          metadata: { name: 'customer' },
          spec: { owner: 'customer-team' },
        }),
      ).resolves.toBe(false);
      await expect(
        processor.validateEntityKind({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'crm-service' },
          spec: { type: 'service', owner: 'x', lifecycle: 'production' },
        }),
      ).resolves.toBe(false);
    });

    it('refuses an invalid data product, naming the field', async () => {
      await expect(
        processor.validateEntityKind({
          ...product,
          spec: { ...product.spec, classification: 'top-secret' },
        }),
      ).rejects.toThrow(
        'spec.classification must be one of public, internal, confidential, restricted, but found "top-secret"',
      );
    });
  });

  describe('postProcessEntity', () => {
    it('emits every relation of a data product with its reverse, once', async () => {
      const relations = await relationsOf(product);
      expect(relations).toEqual([
        'dataproduct:shop/customer-360 ownedBy group:shop/customer-team',
        'group:shop/customer-team ownerOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 partOf domain:shop/customer',
        'domain:shop/customer hasPart dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 dependsOn dataproduct:shop/orders',
        'dataproduct:shop/orders dependencyOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 dependsOn dataproduct:marketing/campaign-touches',
        'dataproduct:marketing/campaign-touches dependencyOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 dependsOn component:shop/crm-service',
        'component:shop/crm-service dependencyOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 dependsOn resource:default/support-db',
        'resource:default/support-db dependencyOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 providesApi api:shop/customer-360-profiles',
        'api:shop/customer-360-profiles apiProvidedBy dataproduct:shop/customer-360',
      ]);
    });

    it('emits only owner and domain for a product without ports', async () => {
      const { inputPorts: _i, outputPorts: _o, ...spec } = product.spec as any;
      expect(await relationsOf({ ...product, spec })).toEqual([
        'dataproduct:shop/customer-360 ownedBy group:shop/customer-team',
        'group:shop/customer-team ownerOf dataproduct:shop/customer-360',
        'dataproduct:shop/customer-360 partOf domain:shop/customer',
        'domain:shop/customer hasPart dataproduct:shop/customer-360',
      ]);
    });

    it("leaves a mesh domain's owner and parent to the built-in processor", async () => {
      expect(
        await relationsOf(
          domainEntity('orders', { owner: 'sales-team', parent: 'sales' }),
        ),
      ).toEqual([]);
    });

    it('returns the entity unchanged', async () => {
      const copy = JSON.parse(JSON.stringify(product));
      await expect(
        processor.postProcessEntity(copy, location, () => {}),
      ).resolves.toEqual(product);
    });
  });
});
