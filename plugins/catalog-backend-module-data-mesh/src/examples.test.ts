import fs from 'node:fs';
import path from 'node:path';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_JOB,
  ANNOTATION_OPENLINEAGE_NAMESPACE,
  DataProductEntityV1alpha1,
  isDataProductEntity,
  isMeshDomainEntity,
  parseInputPortRef,
  parseOutputPortApiRef,
} from '@meshwork/plugin-data-mesh-common';
import { parseAllDocuments } from 'yaml';
import { DataMeshEntitiesProcessor } from './processor/DataMeshEntitiesProcessor';

/*
 * The example mesh (examples/mesh) is what the portal shows: every entity must
 * be valid, every reference must point at an entity of the examples, and the
 * mesh must hold what the compliance views need to show.
 */

const examplesDir = path.resolve(__dirname, '../../../examples');

function readYaml(file: string): Entity[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  for (const doc of docs) {
    if (doc.errors.length) {
      throw new Error(
        `${path.relative(examplesDir, file)} is not valid YAML: ${
          doc.errors[0].message
        }`,
      );
    }
  }
  return docs.map(doc => doc.toJSON()).filter(Boolean);
}

const location = readYaml(path.join(examplesDir, 'mesh/all.yaml'))[0];
const meshFiles: string[] = location.spec!.targets as string[];
const mesh = meshFiles.flatMap(target =>
  readYaml(path.join(examplesDir, 'mesh', target)),
);
const byRef = new Map(mesh.map(e => [stringifyEntityRef(e), e]));
const products = mesh.filter(isDataProductEntity);
const productRef = (p: Entity) => stringifyEntityRef(p);

describe('the example mesh', () => {
  it('lists every file of examples/mesh in its Location', () => {
    const files = fs
      .readdirSync(path.join(examplesDir, 'mesh'))
      .filter(f => f.endsWith('.yaml') && f !== 'all.yaml');
    expect(meshFiles.map(t => path.basename(t)).sort()).toEqual(files.sort());
  });

  it('holds only valid entities, each once', async () => {
    const processor = new DataMeshEntitiesProcessor();
    expect(byRef.size).toBe(mesh.length);
    for (const entity of mesh.filter(
      e => isDataProductEntity(e) || isMeshDomainEntity(e),
    )) {
      await expect(processor.validateEntityKind(entity)).resolves.toBe(true);
    }
  });

  it('has domains with a subdomain, and products of every type', () => {
    const meshDomains = mesh.filter(isMeshDomainEntity);
    expect(meshDomains.length).toBeGreaterThanOrEqual(6);
    expect(
      meshDomains.find(d => d.metadata.name === 'orders')?.spec.subdomainOf,
    ).toBe('sales');
    expect(products.length).toBeGreaterThanOrEqual(14);
    for (const type of ['source-aligned', 'aggregate', 'consumer-aligned']) {
      expect(products.filter(p => p.spec.type === type).length).toBeGreaterThan(
        1,
      );
    }
    expect(
      products.filter(p => p.spec.lifecycle === 'deprecated'),
    ).toHaveLength(1);
  });

  it('resolves every reference of a product to an entity of the examples', () => {
    const problems: string[] = [];
    const expectEntity = (from: Entity, ref: string, what: string) => {
      if (!byRef.has(ref)) {
        problems.push(
          `${productRef(from)}: ${what} ${ref} is not in the examples`,
        );
      }
    };
    for (const p of products) {
      expectEntity(
        p,
        stringifyEntityRef(
          parseEntityRef(p.spec.domain, { defaultKind: 'Domain' }),
        ),
        'domain',
      );
      for (const port of p.spec.inputPorts ?? []) {
        const ref = stringifyEntityRef(parseInputPortRef(port));
        expectEntity(p, ref, 'input');
        const upstream = byRef.get(ref) as
          | DataProductEntityV1alpha1
          | undefined;
        if (
          port.port &&
          upstream &&
          !upstream.spec.outputPorts?.some(o => o.name === port.port)
        ) {
          problems.push(
            `${productRef(p)}: ${ref} has no output port ${port.port}`,
          );
        }
      }
      for (const port of p.spec.outputPorts ?? []) {
        const api = parseOutputPortApiRef(port);
        if (api) {
          expectEntity(p, stringifyEntityRef(api), 'api');
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('is owned by the groups and people of the example organisation', () => {
    const org = readYaml(path.join(examplesDir, 'org.yaml'));
    const known = new Set(org.map(e => stringifyEntityRef(e)));
    const refs = new Set<string>();
    const add = (value: unknown, defaultKind: string) => {
      if (typeof value === 'string') {
        refs.add(stringifyEntityRef(parseEntityRef(value, { defaultKind })));
      }
    };
    for (const entity of mesh) {
      const spec = entity.spec as any;
      add(spec?.owner, 'Group');
      add(spec?.team?.lead, 'User');
      add(spec?.team?.technicalOwner, 'User');
      add(spec?.team?.businessOwner, 'User');
      add(spec?.team?.steward, 'Group');
      for (const waiver of spec?.waivers ?? []) {
        add(waiver.approver, 'User');
      }
    }
    expect([...refs].filter(ref => !known.has(ref))).toEqual([]);
  });

  it('ties every product to its OpenLineage job', () => {
    for (const p of products) {
      expect(
        p.metadata.annotations?.[ANNOTATION_OPENLINEAGE_NAMESPACE],
      ).toMatch(/^shopco-/);
      expect(p.metadata.annotations?.[ANNOTATION_OPENLINEAGE_JOB]).toBeTruthy();
    }
  });

  it('feeds Customer 360 from sales, marketing, support and product usage', () => {
    const customer360 = products.find(p => p.metadata.name === 'customer-360')!;
    const upstreamDomains = (customer360.spec.inputPorts ?? [])
      .filter(port => port.dataProduct)
      .map(port => byRef.get(stringifyEntityRef(parseInputPortRef(port))))
      .map(upstream => (upstream as DataProductEntityV1alpha1).spec.domain);
    expect(upstreamDomains).toEqual(
      expect.arrayContaining([
        'orders',
        'marketing',
        'support',
        'digital-experience',
      ]),
    );
  });

  it('has products that break the governance policies', () => {
    const names = (list: DataProductEntityV1alpha1[]) =>
      list.map(p => p.metadata.name);
    // encryption-at-rest: confidential or restricted data stored unencrypted
    expect(
      names(
        products.filter(
          p =>
            ['confidential', 'restricted'].includes(
              p.spec.classification ?? '',
            ) && p.spec.infrastructure?.security?.encryptionAtRest !== true,
        ),
      ),
    ).toEqual(['customer-segments']);
    // quality-slo: no SLOs
    expect(names(products.filter(p => !p.spec.slos?.length))).toEqual([
      'delivery-performance',
    ]);
    // retention-policy: no retention
    expect(
      names(products.filter(p => p.spec.retentionDays === undefined)),
    ).toEqual(['returns']);
  });
});
