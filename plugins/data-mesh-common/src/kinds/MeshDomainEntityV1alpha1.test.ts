import {
  domainEntityV1alpha1Validator,
  Entity,
} from '@backstage/catalog-model';
import { domainEntity } from '@meshwork/plugin-data-mesh-test-utils';
import {
  isMeshDomainEntity,
  meshDomainEntityV1alpha1Validator as validator,
  MeshDomainEntityV1alpha1,
} from './MeshDomainEntityV1alpha1';

function orders(): MeshDomainEntityV1alpha1 {
  return domainEntity('orders', {
    metadata: { title: 'Orders' },
    owner: 'group:sales-team',
    parent: 'sales',
    spec: {
      type: 'subdomain',
      team: {
        lead: 'user:mgarcia',
        steward: 'group:data-governance',
        channel: '#orders-data',
      },
    },
    policies: [
      {
        id: 'orders-freshness',
        title: 'Order products are fresh',
        description: 'Order data drives fulfilment',
        severity: 'recommended',
        appliesTo: { 'spec.type': { $in: ['source-aligned', 'aggregate'] } },
        rule: "entity.spec.slos.exists(s, s.indicator == 'freshness')",
        message: 'Order products declare a freshness SLO',
        remediation: 'Add a freshness SLO to spec.slos',
      },
      // Overriding a global policy needs nothing but its id and severity
      { id: 'retention-policy', severity: 'required' },
    ],
  });
}

function withSpec(change: (spec: any) => void): Entity {
  const entity: any = orders();
  change(entity.spec);
  return entity;
}

describe('meshDomainEntityV1alpha1Validator', () => {
  it('accepts a domain with team and policies', async () => {
    await expect(validator.check(orders())).resolves.toBe(true);
  });

  it('accepts a domain with nothing but an owner', async () => {
    const domain = {
      apiVersion: 'meshwork.dev/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'customer' },
      spec: { owner: 'customer-team' },
    };
    await expect(validator.check(domain)).resolves.toBe(true);
  });

  it('accepts policy fields the governance engine may add later', async () => {
    const domain = withSpec(spec => {
      spec.policies[0].tags = ['freshness'];
    });
    await expect(validator.check(domain)).resolves.toBe(true);
  });

  it("leaves Backstage's own Domain to Backstage, and vice versa", async () => {
    const backstageDomain = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'legacy' },
      spec: { owner: 'data-platform' },
    };
    await expect(validator.check(backstageDomain)).resolves.toBe(false);
    await expect(domainEntityV1alpha1Validator.check(orders())).resolves.toBe(
      false,
    );
  });

  it.each<[string, (spec: any) => void, string]>([
    [
      'a missing owner',
      spec => {
        delete spec.owner;
      },
      'spec.owner is required',
    ],
    [
      'an empty owner',
      spec => {
        spec.owner = '';
      },
      'spec.owner must be a reference to a Group or a User, such as "name" or "group:default/name", but found ""',
    ],
    [
      'a parent that is not a Domain',
      spec => {
        spec.subdomainOf = 'system:sales';
      },
      'spec.subdomainOf must be a reference to a Domain, but found "system:sales" (kind system)',
    ],
    [
      'a domain that is its own subdomain',
      spec => {
        spec.subdomainOf = 'domain:default/orders';
      },
      'spec.subdomainOf refers to the domain itself (domain:default/orders); a domain cannot be its own subdomain',
    ],
    [
      'a policy without an id',
      spec => {
        delete spec.policies[0].id;
      },
      'spec.policies[0].id is required',
    ],
    [
      'a policy with an unknown severity',
      spec => {
        spec.policies[0].severity = 'blocker';
      },
      'spec.policies[0].severity must be one of required, recommended, optional, but found "blocker"',
    ],
    [
      'a policy whose rule is not a string',
      spec => {
        spec.policies[0].rule = { cel: 'true' };
      },
      'spec.policies[0].rule must be a string, but found an object',
    ],
    [
      'a policy whose appliesTo is not a predicate object',
      spec => {
        spec.policies[0].appliesTo = 'aggregate';
      },
      'spec.policies[0].appliesTo must be an object, but found "aggregate"',
    ],
    [
      'two policies with the same id',
      spec => {
        spec.policies[1].id = 'orders-freshness';
      },
      'spec.policies[1].id must be unique, but "orders-freshness" is also the id of spec.policies[0]',
    ],
    [
      'a policy id with spaces',
      spec => {
        spec.policies[0].id = 'Orders Freshness';
      },
      'spec.policies[0].id must be lowercase letters and digits separated by -, _ or ., such as "orders-freshness", but found "Orders Freshness"',
    ],
    [
      'policies that are not a list',
      spec => {
        spec.policies = 'strict';
      },
      'spec.policies must be a list, but found "strict"',
    ],
    [
      'a team lead that is a group',
      spec => {
        spec.team.lead = 'group:sales-team';
      },
      'spec.team.lead must be a reference to a User, but found "group:sales-team" (kind group)',
    ],
  ])('refuses %s, naming the field', async (_name, change, message) => {
    await expect(validator.check(withSpec(change))).rejects.toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe('isMeshDomainEntity', () => {
  it('matches domains of the Meshwork apiVersion only', () => {
    expect(isMeshDomainEntity(orders())).toBe(true);
    expect(
      isMeshDomainEntity({ ...orders(), apiVersion: 'backstage.io/v1alpha1' }),
    ).toBe(false);
  });
});
