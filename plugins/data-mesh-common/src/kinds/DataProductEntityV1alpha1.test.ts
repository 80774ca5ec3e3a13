import { Entity } from '@backstage/catalog-model';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import {
  dataProductEntityV1alpha1Validator as validator,
  DataProductEntityV1alpha1,
  isDataProductEntity,
} from './DataProductEntityV1alpha1';

// The product of the design brief, field for field: the shared fixture with the optional
// fields it leaves out (port location, API and contract, processing, orchestration, a waiver).
function customer360(): DataProductEntityV1alpha1 {
  const { spec } = dataProductEntity();
  return dataProductEntity({
    spec: {
      outputPorts: [
        {
          ...spec.outputPorts![0],
          location: 's3://lake/customer/profiles',
          api: 'customer-360-profiles',
          contract: './contract.yaml',
        },
      ],
      infrastructure: {
        ...spec.infrastructure,
        processing: { engine: 'spark', autoscaling: true },
        orchestration: { tool: 'airflow', schedule: '0 */6 * * *' },
      },
      waivers: [
        {
          policy: 'pii-masking',
          reason: 'Masking lands with the v3 contract',
          approver: 'user:lnguyen',
          expires: '2026-06-30',
        },
      ],
    },
  });
}

/** A copy of the product with `spec` changed by `change`. */
function withSpec(change: (spec: any) => void): Entity {
  const entity: any = customer360();
  change(entity.spec);
  return entity;
}

describe('dataProductEntityV1alpha1Validator', () => {
  it('accepts the product of the design brief', async () => {
    await expect(validator.check(customer360())).resolves.toBe(true);
  });

  it('accepts a minimal product', async () => {
    const entity = {
      apiVersion: 'meshwork.dev/v1alpha1',
      kind: 'DataProduct',
      metadata: { name: 'clicks', namespace: 'marketing' },
      spec: {
        type: 'source-aligned',
        lifecycle: 'experimental',
        domain: 'domain:marketing/web',
        owner: 'user:default/rpatel',
      },
    };
    await expect(validator.check(entity)).resolves.toBe(true);
  });

  it('accepts extra spec fields and numeric objectives', async () => {
    const entity = withSpec(spec => {
      spec.sla = { support: 'business-hours' };
      spec.slos.push({ indicator: 'completeness', objective: 0.98 });
      spec.slos.push({ indicator: 'latency', objective: '250' });
      spec.outputPorts[0].schema = 'https://example.com/schema.json';
    });
    await expect(validator.check(entity)).resolves.toBe(true);
  });

  it('leaves other kinds and apiVersions to other validators', async () => {
    const component = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'crm-service' },
      spec: {
        type: 'service',
        owner: 'customer-team',
        lifecycle: 'production',
      },
    };
    await expect(validator.check(component)).resolves.toBe(false);
    await expect(
      validator.check({ ...customer360(), apiVersion: 'meshwork.dev/v2' }),
    ).resolves.toBe(false);
    await expect(
      validator.check({ ...customer360(), kind: 'Dataproduct' }),
    ).resolves.toBe(false);
  });

  it.each<[string, (spec: any) => void, string]>([
    [
      'an unknown classification',
      spec => {
        spec.classification = 'secret';
      },
      'spec.classification must be one of public, internal, confidential, restricted, but found "secret"',
    ],
    [
      'an unknown type',
      spec => {
        spec.type = 'raw';
      },
      'spec.type must be one of source-aligned, aggregate, consumer-aligned, but found "raw"',
    ],
    [
      'an unknown lifecycle',
      spec => {
        spec.lifecycle = 'beta';
      },
      'spec.lifecycle must be one of experimental, production, deprecated, retired, but found "beta"',
    ],
    [
      'a missing owner',
      spec => {
        delete spec.owner;
      },
      'spec.owner is required',
    ],
    [
      'a missing domain',
      spec => {
        delete spec.domain;
      },
      'spec.domain is required',
    ],
    [
      'a domain that is not a Domain',
      spec => {
        spec.domain = 'system:customer';
      },
      'spec.domain must be a reference to a Domain, but found "system:customer" (kind system)',
    ],
    [
      'an owner that is not a Group or User',
      spec => {
        spec.owner = 'component:crm-service';
      },
      'spec.owner must be a reference to a Group or a User',
    ],
    [
      'an owner that is not a valid reference',
      spec => {
        spec.owner = 'group:';
      },
      'spec.owner must be a reference to a Group or a User, such as "name" or "group:default/name" in the form [<kind>:][<namespace>/]<name>, but found "group:"',
    ],
    [
      'an owner with spaces',
      spec => {
        spec.owner = 'customer team';
      },
      'spec.owner must be a reference to a Group or a User, such as "name" or "group:default/name" whose kind, namespace and name are valid catalog names, but found "customer team"',
    ],
    [
      'a version that is not semantic',
      spec => {
        spec.version = 'v2';
      },
      'spec.version must be a semantic version such as 2.1.0, but found "v2"',
    ],
    [
      'a version written as a YAML number',
      spec => {
        spec.version = 2.1;
      },
      'spec.version must be a string, but found 2.1',
    ],
    [
      'a retention that is not a whole number',
      spec => {
        spec.retentionDays = 'two years';
      },
      'spec.retentionDays must be a whole number, but found "two years"',
    ],
    [
      'a retention of zero days',
      spec => {
        spec.retentionDays = 0;
      },
      'spec.retentionDays must be at least 1, but found 0',
    ],
    [
      'containsPii as a string',
      spec => {
        spec.containsPii = 'yes';
      },
      'spec.containsPii must be true or false, but found "yes"',
    ],
    [
      'input ports that are not a list',
      spec => {
        spec.inputPorts = { dataProduct: 'orders' };
      },
      'spec.inputPorts must be a list, but found an object',
    ],
    [
      'an input port with both dataProduct and source',
      spec => {
        spec.inputPorts[0].source = 'component:order-service';
      },
      'spec.inputPorts[0] must name either dataProduct or source, not both',
    ],
    [
      'an input port with neither dataProduct nor source',
      spec => {
        spec.inputPorts[1] = { description: 'the CRM' };
      },
      'spec.inputPorts[1] must name what it reads: dataProduct (another data product) or source (an operational source)',
    ],
    [
      'an input port naming a field in the wrong case',
      spec => {
        spec.inputPorts[1] = { dataproduct: 'orders' };
      },
      'spec.inputPorts[1] must name what it reads',
    ],
    [
      'an input port with an unknown field',
      spec => {
        spec.inputPorts[1].via = 'kafka';
      },
      'spec.inputPorts[1] has an unknown field "via"',
    ],
    [
      'a product that depends on itself',
      spec => {
        spec.inputPorts.push({
          dataProduct: 'dataproduct:default/customer-360',
        });
      },
      'spec.inputPorts[2].dataProduct refers to the product itself (dataproduct:default/customer-360); a data product cannot depend on itself',
    ],
    [
      'a dataProduct reference to another kind',
      spec => {
        spec.inputPorts[0].dataProduct = 'component:orders';
      },
      'spec.inputPorts[0].dataProduct must be a reference to a DataProduct, but found "component:orders" (kind component)',
    ],
    [
      'a source that is a data product',
      spec => {
        spec.inputPorts[1].source = 'dataproduct:orders';
      },
      'spec.inputPorts[1].source refers to a data product (dataproduct:default/orders); name data products with dataProduct instead',
    ],
    [
      'a port on a source',
      spec => {
        spec.inputPorts[1].port = 'events';
      },
      'spec.inputPorts[1].port names an output port of a data product, so it is only allowed together with dataProduct',
    ],
    [
      'an output port without a type',
      spec => {
        delete spec.outputPorts[0].type;
      },
      'spec.outputPorts[0].type is required',
    ],
    [
      'an output port of an unknown type',
      spec => {
        spec.outputPorts[0].type = 'bucket';
      },
      'spec.outputPorts[0].type must be one of table, topic, file, api, view, but found "bucket"',
    ],
    [
      'two output ports with the same name',
      spec => {
        spec.outputPorts.push({ name: 'profiles', type: 'topic' });
      },
      'spec.outputPorts[1].name must be unique, but "profiles" is also the name of spec.outputPorts[0]',
    ],
    [
      'an output port name with spaces',
      spec => {
        spec.outputPorts[0].name = 'customer profiles';
      },
      'spec.outputPorts[0].name must be letters and digits separated by -, _ or . (at most 63 characters), but found "customer profiles"',
    ],
    [
      'an output port api that is not an API',
      spec => {
        spec.outputPorts[0].api = 'component:profiles-service';
      },
      'spec.outputPorts[0].api must be a reference to an API, but found "component:profiles-service" (kind component)',
    ],
    [
      'an SLO objective that is no duration, percentage or number',
      spec => {
        spec.slos[0].objective = 'fast';
      },
      'spec.slos[0].objective must be a duration such as 15m, 2h or 1d, a percentage such as 99.95%, or a plain number, but found "fast"',
    ],
    [
      'an SLO objective over 100%',
      spec => {
        spec.slos[1].objective = '120%';
      },
      'spec.slos[1].objective must be a percentage from 0% to 100%, such as 99.95%, but found "120%"',
    ],
    [
      'an SLO window that is not a duration',
      spec => {
        spec.slos[1].window = 'monthly';
      },
      'spec.slos[1].window must be a duration such as 15m, 2h, 1d or 1h30m (units ms, s, m, h, d, w), but found "monthly"',
    ],
    [
      'an SLO without an indicator',
      spec => {
        delete spec.slos[0].indicator;
      },
      'spec.slos[0].indicator is required',
    ],
    [
      'a waiver with an impossible expiry date',
      spec => {
        spec.waivers[0].expires = '2026-02-30';
      },
      'spec.waivers[0].expires must be a date such as 2026-06-30 (YYYY-MM-DD), but found "2026-02-30"',
    ],
    [
      'a waiver without a reason',
      spec => {
        delete spec.waivers[0].reason;
      },
      'spec.waivers[0].reason is required',
    ],
    [
      'a team technical owner that is a group',
      spec => {
        spec.team.technicalOwner = 'group:customer-team';
      },
      'spec.team.technicalOwner must be a reference to a User, but found "group:customer-team" (kind group)',
    ],
    [
      'a security setting of the wrong type',
      spec => {
        spec.infrastructure.security.encryptionAtRest = 'AES-256';
      },
      'spec.infrastructure.security.encryptionAtRest must be true or false, but found "AES-256"',
    ],
  ])('refuses %s, naming the field', async (_name, change, message) => {
    await expect(validator.check(withSpec(change))).rejects.toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('shortens long values in its errors', async () => {
    const entity = withSpec(spec => {
      spec.owner = `group:${'x'.repeat(10_000)}`;
    });
    const error = await validator.check(entity).catch(e => e);
    expect(error.message).toMatch(
      /^spec\.owner must be .* but found "group:x+\.\.\."$/,
    );
    expect(error.message.length).toBeLessThan(300);
  });

  it('refuses a product without a spec', async () => {
    const { spec: _spec, ...entity } = customer360();
    await expect(validator.check(entity)).rejects.toThrow('spec is required');
  });

  it('reports every reference and format problem at once', async () => {
    const entity = withSpec(spec => {
      spec.version = 'latest';
      spec.slos[0].objective = 'soon';
      spec.inputPorts[0].dataProduct = 'api:orders';
    });
    const error = await validator.check(entity).catch(e => e);
    expect(error.message.split('; ')).toEqual([
      expect.stringMatching(/^spec\.version /),
      expect.stringMatching(/^spec\.inputPorts\[0\]\.dataProduct /),
      expect.stringMatching(/^spec\.slos\[0\]\.objective /),
    ]);
  });

  it('resolves the self reference within the product namespace', async () => {
    const entity = withSpec(spec => {
      spec.inputPorts.push({ dataProduct: 'customer-360' });
    });
    entity.metadata.namespace = 'customer';
    await expect(validator.check(entity)).rejects.toThrow(
      'refers to the product itself (dataproduct:customer/customer-360)',
    );
    // The same name in another namespace is another product
    const other = withSpec(spec => {
      spec.inputPorts.push({ dataProduct: 'dataproduct:legacy/customer-360' });
    });
    await expect(validator.check(other)).resolves.toBe(true);
  });
});

describe('isDataProductEntity', () => {
  it('matches Meshwork data products only', () => {
    expect(isDataProductEntity(customer360())).toBe(true);
    expect(
      isDataProductEntity({
        ...customer360(),
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).toBe(false);
    expect(isDataProductEntity({ ...customer360(), kind: 'Component' })).toBe(
      false,
    );
  });
});
