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

import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { dataProductEntityV1alpha1Validator } from '@meshwork/plugin-data-mesh-common';
import {
  dataProductEntity,
  domainEntity,
  productWith,
} from '@meshwork/plugin-data-mesh-test-utils';
import {
  createPolicyEngine,
  evaluatePolicyRules,
  formatViolations,
} from './PolicyEngine';
import { readPolicyConfig } from '../config/readPolicyConfig';
import { BUILTIN_POLICY_IDS } from './builtinPolicies';
import { DomainIndex } from './domains';
import type { PolicyResult, ProductEvaluation } from './types';

const engine = createPolicyEngine();
const NOW = new Date('2025-06-15T12:00:00Z');

function row(
  evaluation: ProductEvaluation,
  id: string,
): PolicyResult | undefined {
  return evaluation.results.find(r => r.policyId === id);
}

function statusOf(entity: Entity, id: string, e = engine) {
  return row(e.evaluate(entity, { now: NOW }), id)?.status ?? 'not applicable';
}

const security = (s: Record<string, unknown>) => ({
  storage: { type: 'data-lake' },
  security: s,
});

describe('built-in policies', () => {
  it('a product written like the design passes all of them', () => {
    const evaluation = engine.evaluate(dataProductEntity(), { now: NOW });
    expect(evaluation.results.map(r => r.policyId).sort()).toEqual(
      [...BUILTIN_POLICY_IDS].sort(),
    );
    expect(evaluation.results.every(r => r.status === 'passed')).toBe(true);
    expect(evaluation).toMatchObject({
      entityRef: 'dataproduct:default/customer-360',
      domainRef: 'domain:default/customer',
      status: 'passing',
      passed: true,
      score: 100,
      counts: { passed: 9, failed: 0, waived: 0, error: 0 },
      notes: [],
      evaluatedAt: NOW.toISOString(),
    });
    expect(evaluation.results.every(r => r.source === 'builtin')).toBe(true);
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['owner-assigned', { owner: undefined }, 'failed'],
    ['owner-assigned', { owner: '' }, 'failed'],
    ['domain-assigned', { domain: undefined }, 'failed'],
    [
      'encryption-at-rest',
      { infrastructure: security({ encryptionAtRest: false }) },
      'failed',
    ],
    ['encryption-at-rest', { infrastructure: undefined }, 'failed'],
    [
      'encryption-at-rest',
      { classification: 'restricted', infrastructure: security({}) },
      'failed',
    ],
    [
      'encryption-at-rest',
      {
        classification: 'public',
        containsPii: false,
        infrastructure: undefined,
      },
      'not applicable',
    ],
    ['pii-masking', { classification: 'internal' }, 'failed'],
    [
      'pii-masking',
      {
        classification: 'internal',
        infrastructure: security({ piiMasking: true, auditLogging: true }),
      },
      'passed',
    ],
    [
      'pii-masking',
      { containsPii: false, classification: 'public' },
      'not applicable',
    ],
    ['data-lineage', { inputPorts: undefined }, 'failed'],
    ['data-lineage', { type: 'consumer-aligned', inputPorts: [] }, 'failed'],
    ['data-lineage', { type: 'consumer-aligned' }, 'passed'],
    [
      'data-lineage',
      { type: 'source-aligned', inputPorts: undefined },
      'not applicable',
    ],
    ['quality-slo', { slos: undefined }, 'failed'],
    ['quality-slo', { slos: [] }, 'failed'],
    ['quality-slo', { quality: undefined }, 'passed'],
    ['quality-checks', { quality: undefined }, 'failed'],
    ['quality-checks', { quality: { framework: 'soda' } }, 'failed'],
    ['quality-checks', { quality: { checks: [] } }, 'failed'],
    ['quality-checks', { slos: [] }, 'passed'],
    ['retention-policy', { retentionDays: undefined }, 'failed'],
    ['retention-policy', { retentionDays: 0 }, 'failed'],
    ['retention-policy', { retentionDays: 4000 }, 'failed'],
    ['retention-policy', { retentionDays: 3650 }, 'passed'],
    ['retention-policy', { retentionDays: 7300, containsPii: false }, 'passed'],
    [
      'audit-logging',
      { infrastructure: security({ encryptionAtRest: true }) },
      'failed',
    ],
    [
      'audit-logging',
      {
        classification: 'internal',
        containsPii: false,
        infrastructure: undefined,
      },
      'not applicable',
    ],
  ];

  it.each(cases)('%s with %j is %s', (id, changes, expected) => {
    expect(statusOf(productWith(changes), id)).toBe(expected);
  });

  it('fails the right policies with remediation for a non-compliant product', () => {
    const evaluation = engine.evaluate(
      productWith({
        infrastructure: undefined,
        slos: undefined,
        retentionDays: undefined,
      }),
      { now: NOW },
    );
    const failed = evaluation.results.filter(r => r.status === 'failed');
    expect(failed.map(r => r.policyId).sort()).toEqual([
      'audit-logging',
      'encryption-at-rest',
      'quality-slo',
      'retention-policy',
    ]);
    for (const r of failed) {
      expect(r.message).not.toBe('');
      expect(r.remediation).toMatch(/spec\./);
    }
    expect(evaluation.status).toBe('failing');
    expect(evaluation.passed).toBe(false);
    // 4 required passed (12) + quality-checks (2) of 7 required (21) + 2 recommended (4).
    expect(evaluation.score).toBe(Math.round((100 * 14) / 25));
    expect(formatViolations(evaluation).split('\n')).toHaveLength(3);
    expect(
      formatViolations(evaluation, { includeWarnings: true }).split('\n'),
    ).toHaveLength(4);
  });

  it('a failed recommended policy is a warning, not a failure', () => {
    const evaluation = engine.evaluate(
      productWith({ infrastructure: security({ encryptionAtRest: true }) }),
      { now: NOW },
    );
    expect(evaluation.status).toBe('warning');
    expect(evaluation.passed).toBe(true);
    expect(evaluation.score).toBe(Math.round((100 * 23) / 25));
  });

  it('each built-in policy can be turned off, and parameters apply', () => {
    const e = createPolicyEngine({
      config: {
        builtinEnabled: {
          'audit-logging': false,
          'quality-slo': false,
          nonsense: false,
        },
        builtinOptions: { maxPiiRetentionDays: 365 },
      },
    });
    const evaluation = e.evaluate(dataProductEntity(), { now: NOW });
    expect(row(evaluation, 'audit-logging')).toBeUndefined();
    expect(row(evaluation, 'quality-slo')).toBeUndefined();
    expect(row(evaluation, 'retention-policy')?.status).toBe('failed');
    expect(e.loadErrors).toEqual([
      {
        policyId: 'nonsense',
        source: 'builtin',
        message:
          "dataMesh.policies.builtin.nonsense: there is no built-in policy 'nonsense'",
      },
    ]);
  });

  it('only evaluates DataProduct entities', () => {
    expect(() =>
      engine.evaluate({ ...dataProductEntity(), kind: 'Component' }),
    ).toThrow(InputError);
    expect(engine.evaluate(dataProductEntity()).passed).toBe(true);
  });

  it('evaluates exactly what the catalog accepts as a DataProduct', async () => {
    // The catalog's validator and the engine share -common's guard: kind and apiVersion as
    // written (the engine's former guard also took any apiVersion and any case of the kind).
    const variants: Entity[] = [
      dataProductEntity(),
      { ...dataProductEntity(), kind: 'dataproduct' },
      { ...dataProductEntity(), kind: 'DATAPRODUCT' },
      { ...dataProductEntity(), apiVersion: 'backstage.io/v1alpha1' },
      { ...dataProductEntity(), apiVersion: 'meshwork.dev/v1beta1' },
    ];
    const outcomeOf = (entity: Entity) => {
      try {
        engine.evaluate(entity);
        return 'evaluated';
      } catch (error) {
        return error instanceof InputError ? 'refused' : String(error);
      }
    };
    for (const entity of variants) {
      const accepted = await dataProductEntityV1alpha1Validator.check(entity);
      expect({
        entity: [entity.apiVersion, entity.kind],
        outcome: outcomeOf(entity),
      }).toEqual({
        entity: [entity.apiVersion, entity.kind],
        outcome: accepted ? 'evaluated' : 'refused',
      });
    }
  });
});

describe('global policies', () => {
  const tagsPolicy = {
    id: 'tags-present',
    title: 'Tags present',
    severity: 'recommended',
    appliesTo: { 'spec.lifecycle': 'production' },
    rule: 'has(metadata.tags) && size(metadata.tags) > 0',
    message: 'The product has no tags.',
    remediation: 'Add metadata.tags.',
  };

  it('are compiled from config and evaluated with source global', () => {
    const e = createPolicyEngine({ config: { global: [tagsPolicy] } });
    const product = dataProductEntity();
    expect(row(e.evaluate(product), 'tags-present')).toMatchObject({
      status: 'passed',
      source: 'global',
      severity: 'recommended',
    });
    const untagged = {
      ...product,
      metadata: { ...product.metadata, tags: [] },
    };
    expect(row(e.evaluate(untagged), 'tags-present')?.status).toBe('failed');
    const experimental = productWith({ lifecycle: 'experimental' }, untagged);
    expect(row(e.evaluate(experimental), 'tags-present')).toBeUndefined();
  });

  it('a broken policy is reported with its id and does not stop the others', () => {
    const e = createPolicyEngine({
      config: {
        global: [
          { ...tagsPolicy, id: 'broken-syntax', rule: 'spec.owner ==' },
          { ...tagsPolicy, id: 'broken-variable', rule: 'product.owner != ""' },
          {
            ...tagsPolicy,
            id: 'broken-predicate',
            appliesTo: { $all: 'nope' },
          },
          { ...tagsPolicy, id: 'primitive-predicate', appliesTo: 'aggregate' },
          { ...tagsPolicy, id: 'broken-severity', severity: 'mandatory' },
          { ...tagsPolicy, id: 'Bad Id' },
          { title: 'no id' },
          tagsPolicy,
          tagsPolicy,
        ],
      },
    });
    expect(e.policies.map(p => p.id)).toContain('tags-present');
    expect(e.policies.map(p => p.id)).toContain('owner-assigned');
    const errors = Object.fromEntries(
      e.loadErrors.map(x => [x.policyId, x.message]),
    );
    expect(errors['broken-syntax']).toMatch(/^rule: syntax error/);
    expect(errors['broken-variable']).toMatch(/unknown variable 'product'/);
    expect(errors['broken-predicate']).toMatch(/^appliesTo:/);
    expect(errors['primitive-predicate']).toMatch(
      /^appliesTo: must be a filter predicate object/,
    );
    expect(errors['broken-severity']).toMatch(
      /severity: must be one of 'required', 'recommended', 'optional'/,
    );
    expect(errors['Bad Id']).toMatch(/^id: must be lowercase/);
    expect(errors['#6']).toMatch(/id: must be a string/);
    expect(errors['tags-present']).toMatch(/duplicate policy id/);
    expect(e.loadErrors.every(x => x.source === 'global')).toBe(true);
    expect(e.evaluate(dataProductEntity()).passed).toBe(true);
  });

  it('a huge expression is refused at load; a runaway one is an error result', () => {
    const huge = Array.from({ length: 1500 }, () => 'true').join(' && ');
    const list = `[${Array.from({ length: 80 }, (_, i) => i).join(',')}]`;
    const e = createPolicyEngine({
      config: {
        global: [
          { ...tagsPolicy, id: 'huge', rule: huge },
          {
            ...tagsPolicy,
            id: 'runaway',
            severity: 'required',
            rule: `${list}.all(a, ${list}.all(b, ${list}.all(c, a != b || c >= 0)))`,
          },
        ],
      },
    });
    expect(e.loadErrors).toEqual([
      {
        policyId: 'huge',
        source: 'global',
        message: expect.stringMatching(
          /^rule: expression is \d+ characters long/,
        ),
      },
    ]);
    const evaluation = e.evaluate(dataProductEntity());
    expect(row(evaluation, 'runaway')).toMatchObject({
      status: 'error',
      error: 'evaluation exceeded its iteration budget',
      message:
        'The rule could not be evaluated: evaluation exceeded its iteration budget',
    });
    expect(evaluation.status).toBe('failing');
    // The other policies were still evaluated.
    expect(evaluation.counts.passed).toBe(9);
  });

  it('a rule that fails at run time (a missing field) is an error result for that policy', () => {
    const e = createPolicyEngine({
      config: {
        global: [
          {
            ...tagsPolicy,
            id: 'sla-tier',
            severity: 'optional',
            rule: "spec.sla.tier == 'gold'",
          },
          { ...tagsPolicy, id: 'non-bool', rule: 'size(spec.slos)' },
        ],
      },
    });
    const evaluation = e.evaluate(dataProductEntity());
    expect(row(evaluation, 'sla-tier')).toMatchObject({
      status: 'error',
      error: 'field not found: sla',
    });
    expect(row(evaluation, 'non-bool')).toMatchObject({
      status: 'error',
      error: 'rule must give a bool, it gave int',
    });
    expect(evaluation.status).toBe('warning');
    expect(evaluation.counts.error).toBe(2);
  });

  it('a global policy with a built-in id replaces the built-in', () => {
    const e = createPolicyEngine({
      config: {
        global: [
          {
            id: 'retention-policy',
            title: 'Retention at most a year',
            severity: 'required',
            rule: 'has(spec.retentionDays) && spec.retentionDays <= 365',
            message: 'Keep data at most a year.',
          },
        ],
      },
    });
    expect(
      row(e.evaluate(dataProductEntity()), 'retention-policy'),
    ).toMatchObject({
      status: 'failed',
      source: 'global',
      title: 'Retention at most a year',
    });
    expect(e.policies.filter(p => p.id === 'retention-policy')).toHaveLength(1);
  });
});

describe('federation', () => {
  const piiOwner = {
    id: 'customer-steward',
    title: 'Steward named',
    severity: 'required',
    rule: 'has(spec.team) && has(spec.team.steward)',
    message: 'Customer products name a data steward.',
    remediation: 'Set spec.team.steward.',
  };
  const customer = domainEntity('customer', { policies: [piiOwner] });
  const loyalty = domainEntity('loyalty', {
    parent: 'customer',
    policies: [{ id: 'audit-logging', severity: 'required' }],
  });
  const index = new DomainIndex([customer, loyalty]);

  it('a domain adds policies for its products and its subdomains', () => {
    const product = productWith({ team: undefined });
    const own = engine.evaluate(product, {
      domains: index.chainFor(product).domains,
    });
    expect(row(own, 'customer-steward')).toMatchObject({
      status: 'failed',
      source: 'domain:default/customer',
    });

    const sub = productWith({
      domain: 'loyalty',
      team: { steward: 'group:stewards' },
    });
    const chain = index.chainFor(sub);
    expect(chain.domains.map(d => d.metadata.name)).toEqual([
      'loyalty',
      'customer',
    ]);
    expect(
      row(engine.evaluate(sub, { domains: chain.domains }), 'customer-steward'),
    ).toMatchObject({
      status: 'passed',
      source: 'domain:default/customer',
    });

    const other = productWith({ domain: 'sales' });
    expect(
      row(
        engine.evaluate(other, { domains: index.chainFor(other).domains }),
        'customer-steward',
      ),
    ).toBeUndefined();
  });

  it('a domain can tighten an inherited policy', () => {
    const product = productWith({
      domain: 'loyalty',
      team: { steward: 'x' },
      infrastructure: security({ encryptionAtRest: true }),
    });
    const withDomain = engine.evaluate(product, {
      domains: index.chainFor(product).domains,
    });
    expect(row(withDomain, 'audit-logging')).toMatchObject({
      status: 'failed',
      severity: 'required',
      source: 'builtin',
      tightenedBy: 'domain:default/loyalty',
    });
    expect(withDomain.status).toBe('failing');
    // Without the domain the same product only warns.
    expect(engine.evaluate(product).status).toBe('warning');
  });

  it('a domain cannot weaken, drop or redefine an inherited required policy, and is told why', () => {
    const lax = domainEntity('lax', {
      policies: [
        { id: 'encryption-at-rest', severity: 'optional' },
        { id: 'data-lineage', enabled: false },
        { id: 'owner-assigned', rule: 'true' },
        { id: 'quality-slo', severity: 'required' },
      ],
    });
    const product = productWith({
      domain: 'lax',
      infrastructure: undefined,
      inputPorts: undefined,
      owner: undefined,
    });
    const effective = engine.effectivePolicies([lax]);
    expect(effective.errors.map(e => e.policyId).sort()).toEqual([
      'data-lineage',
      'encryption-at-rest',
      'owner-assigned',
    ]);
    const evaluation = engine.evaluate(product, { domains: [lax] });
    const enc = row(evaluation, 'encryption-at-rest')!;
    expect(enc).toMatchObject({
      status: 'failed',
      severity: 'required',
      source: 'builtin',
    });
    expect(enc.notes).toEqual([
      "domain:default/lax declares 'encryption-at-rest' as optional, weaker than required. A domain can add policies and make inherited ones stricter, but cannot weaken or drop a policy set by the built-in pack; the required policy still applies.",
    ]);
    expect(row(evaluation, 'data-lineage')).toMatchObject({ status: 'failed' });
    expect(row(evaluation, 'data-lineage')!.notes![0]).toMatch(
      /asks to turn off 'data-lineage'/,
    );
    expect(row(evaluation, 'owner-assigned')).toMatchObject({
      status: 'failed',
    });
    expect(row(evaluation, 'owner-assigned')!.notes![0]).toMatch(
      /redefines the rule/,
    );
    // Restating the same severity is harmless.
    expect(row(evaluation, 'quality-slo')!.notes).toBeUndefined();
  });

  it('a subdomain cannot weaken what its parent domain required', () => {
    const parent = domainEntity('parent', { policies: [piiOwner] });
    const child = domainEntity('child', {
      parent: 'parent',
      policies: [{ id: 'customer-steward', severity: 'recommended' }],
    });
    const idx = new DomainIndex([parent, child]);
    const product = productWith({ domain: 'child', team: undefined });
    const evaluation = engine.evaluate(product, {
      domains: idx.chainFor(product).domains,
    });
    expect(row(evaluation, 'customer-steward')).toMatchObject({
      status: 'failed',
      severity: 'required',
      source: 'domain:default/parent',
    });
    expect(row(evaluation, 'customer-steward')!.notes![0]).toMatch(
      /set by the parent domain domain:default\/parent/,
    );
  });

  it('a global policy cannot be weakened either', () => {
    const e = createPolicyEngine({
      config: {
        global: [
          {
            id: 'named-version',
            title: 'Version',
            severity: 'required',
            rule: 'has(spec.version)',
            message: 'Set a version.',
          },
        ],
      },
    });
    const d = domainEntity('d', {
      policies: [{ id: 'named-version', severity: 'optional' }],
    });
    const evaluation = e.evaluate(
      productWith({ version: undefined, domain: 'd' }),
      {
        domains: [d],
      },
    );
    expect(row(evaluation, 'named-version')).toMatchObject({
      status: 'failed',
      severity: 'required',
    });
    expect(row(evaluation, 'named-version')!.notes![0]).toMatch(
      /the platform \(global policies\)/,
    );
  });

  it("an invalid domain policy is reported and the domain's other policies apply", () => {
    const d = domainEntity('d', {
      policies: [
        { id: 'half', title: 'Half a policy' },
        {
          id: 'bad-rule',
          title: 't',
          severity: 'required',
          rule: '((',
          message: 'm',
        },
        piiOwner,
      ],
    });
    const effective = engine.effectivePolicies([d]);
    expect(effective.errors.map(e => [e.policyId, e.source])).toEqual([
      ['half', 'domain:default/d'],
      ['bad-rule', 'domain:default/d'],
    ]);
    expect(effective.errors[0].message).toMatch(/severity/);
    expect(effective.policies.map(p => p.id)).toContain('customer-steward');
    const notAList = engine.effectivePolicies([
      domainEntity('e', { policies: 'nope' }),
    ]);
    expect(notAList.errors[0].message).toBe(
      'spec.policies must be a list of policies',
    );
  });

  it('caches the effective policies of a chain', () => {
    expect(engine.effectivePolicies([customer])).toBe(
      engine.effectivePolicies([customer]),
    );
    const changed = domainEntity('customer', { policies: [] });
    expect(engine.effectivePolicies([changed])).not.toBe(
      engine.effectivePolicies([customer]),
    );
  });
});

describe('domain chains', () => {
  it('reports missing domains and cycles without looping', async () => {
    const a = domainEntity('a', { parent: 'b' });
    const b = domainEntity('b', { parent: 'a' });
    const index = new DomainIndex([a, b]);
    const product = productWith({ domain: 'a' });
    const chain = index.chainFor(product);
    expect(chain.domains.map(d => d.metadata.name)).toEqual(['a', 'b']);
    expect(chain.notes[0]).toMatch(/cycle at domain:default\/a/);

    const missing = index.chainFor(productWith({ domain: 'nowhere' }));
    expect(missing).toEqual({
      domains: [],
      notes: [
        'Domain domain:default/nowhere was not found; only built-in and global policies apply.',
      ],
    });

    const evaluation = await engine.evaluateWithDomainLookup(product, ref =>
      Promise.resolve(index.get(ref)),
    );
    expect(evaluation.notes[0]).toMatch(/cycle/);
    expect(evaluation.passed).toBe(true);
  });

  it('resolves refs relative to the product namespace', () => {
    const d = domainEntity('customer', { namespace: 'retail' });
    const index = new DomainIndex([d]);
    const product = dataProductEntity({ namespace: 'retail' });
    expect(index.chainFor(product).domains).toEqual([d]);
    expect(engine.evaluate(product).domainRef).toBe('domain:retail/customer');
  });
});

describe('waivers', () => {
  const waived = (expires: string, policy = 'encryption-at-rest') =>
    productWith({
      infrastructure: security({ auditLogging: true }),
      waivers: [
        {
          policy,
          reason: 'Migrating to encrypted storage in Q3',
          approver: 'user:ciso',
          expires,
        },
      ],
    });

  it('a valid waiver makes a failing policy waived, never passed', () => {
    const evaluation = engine.evaluate(waived('2025-09-30'), { now: NOW });
    expect(row(evaluation, 'encryption-at-rest')).toMatchObject({
      status: 'waived',
      severity: 'required',
      waiver: {
        policy: 'encryption-at-rest',
        approver: 'user:ciso',
        expires: '2025-09-30',
        expired: false,
      },
    });
    expect(evaluation.passed).toBe(true);
    expect(evaluation.status).toBe('passing');
    expect(evaluation.counts).toEqual({
      passed: 8,
      failed: 0,
      waived: 1,
      error: 0,
    });
    // Waived results are left out of the score.
    expect(evaluation.score).toBe(100);
  });

  it('an expired waiver counts as a failure, with a note', () => {
    const evaluation = engine.evaluate(waived('2025-06-14'), { now: NOW });
    const r = row(evaluation, 'encryption-at-rest')!;
    expect(r.status).toBe('failed');
    expect(r.waiver?.expired).toBe(true);
    expect(r.notes).toEqual([
      'The waiver for this policy expired on 2025-06-14 (approved by user:ciso); the policy counts again.',
    ]);
    expect(evaluation.passed).toBe(false);
  });

  it('a date-only expiry lasts the whole day; a date-time is exact', () => {
    expect(statusOf(waived('2025-06-15'), 'encryption-at-rest')).toBe('waived');
    expect(statusOf(waived('2025-06-15T11:59:59Z'), 'encryption-at-rest')).toBe(
      'failed',
    );
    expect(statusOf(waived('2025-06-15T12:00:01Z'), 'encryption-at-rest')).toBe(
      'waived',
    );
  });

  it('reports waivers that are invalid, unneeded or for unknown policies', () => {
    const product = productWith({
      waivers: [
        {
          policy: 'owner-assigned',
          reason: 'r',
          approver: 'a',
          expires: '2030-01-01',
        },
        {
          policy: 'no-such-policy',
          reason: 'r',
          approver: 'a',
          expires: '2030-01-01',
        },
        { policy: 'quality-slo', reason: 'r', expires: '2030-01-01' },
        {
          policy: 'quality-slo',
          reason: 'r',
          approver: 'a',
          expires: 'next year',
        },
        'nonsense',
      ],
    });
    const evaluation = engine.evaluate(product, { now: NOW });
    expect(row(evaluation, 'owner-assigned')).toMatchObject({
      status: 'passed',
      notes: [
        'A waiver exists for this policy but is not needed: the product passes.',
      ],
    });
    expect(evaluation.notes).toEqual([
      'spec.waivers[2] is missing approver; ignored (a waiver needs policy, reason, approver and expires).',
      "spec.waivers[3].expires 'next year' is not a date (use YYYY-MM-DD or an ISO 8601 date-time); ignored.",
      'spec.waivers[4] is not an object; ignored.',
      "The waiver names 'no-such-policy', which is not a policy in force; ignored.",
    ]);
  });
});

describe('cost limits from app-config', () => {
  const slos = Array.from({ length: 400 }, (_, i) => ({
    indicator: `i${i}`,
    objective: '1h',
  }));
  const limited = createPolicyEngine({
    config: readPolicyConfig(
      new ConfigReader({
        dataMesh: {
          policies: {
            global: [
              {
                id: 'many-slos',
                title: 'SLO indicators named',
                severity: 'required',
                rule: 'spec.slos.all(s, s.indicator.startsWith("i"))',
                message: 'Name the indicators.',
              },
              {
                id: 'ports-match-slos',
                title: 'Ports match SLOs',
                severity: 'recommended',
                rule: 'spec.outputPorts.all(p, spec.slos.exists(s, s.indicator == p.name))',
                message: 'Each port has an SLO.',
              },
            ],
            limits: { maxCost: 2000, maxEstimatedCost: 50_000_000 },
          },
        },
      }),
    ),
  });

  it('stop a rule over maxCost with an error result, the other policies evaluated', () => {
    const evaluation = limited.evaluate(productWith({ slos }));
    expect(row(evaluation, 'many-slos')).toMatchObject({
      status: 'error',
      error:
        'evaluation exceeded its cost limit of 2,000 units (dataMesh.policies.limits.maxCost)',
      message:
        'The rule could not be evaluated: evaluation exceeded its cost limit of 2,000 units (dataMesh.policies.limits.maxCost)',
    });
    expect(evaluation.status).toBe('failing');
    expect(row(evaluation, 'owner-assigned')?.status).toBe('passed');
    // Within the limit on a product of the usual size.
    expect(
      row(limited.evaluate(dataProductEntity()), 'many-slos')?.status,
    ).toBe('failed');
  });

  it('refuse at load a rule estimated over maxEstimatedCost, reported on every product', () => {
    expect(limited.loadErrors).toEqual([
      {
        policyId: 'ports-match-slos',
        source: 'global',
        message: expect.stringMatching(
          /^rule: rule refused: its estimated worst-case cost is [\d,]+ units, over the limit of 50,000,000 \(dataMesh\.policies\.limits\.maxEstimatedCost\)/,
        ),
      },
    ]);
    expect(
      row(limited.evaluate(dataProductEntity()), 'ports-match-slos'),
    ).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/^rule refused: /),
    });
  });

  it('apply to Domain policies, whose refusals are reported with the domain', () => {
    const domain = domainEntity('customer', {
      policies: [
        {
          id: 'domain-nested',
          title: 'Nested',
          severity: 'optional',
          rule: 'spec.inputPorts.all(p, spec.slos.exists(s, s.indicator == p.port))',
          message: 'm',
        },
      ],
    });
    const effective = limited.effectivePolicies([domain]);
    expect(effective.errors).toEqual([
      {
        policyId: 'domain-nested',
        source: 'domain:default/customer',
        message: expect.stringMatching(
          /^spec\.policies\[0\]\.rule: rule refused: /,
        ),
      },
    ]);
    const evaluation = limited.evaluate(dataProductEntity(), {
      domains: [domain],
    });
    expect(row(evaluation, 'domain-nested')).toMatchObject({
      status: 'error',
      source: 'domain:default/customer',
      error: expect.stringMatching(/^rule refused: /),
    });
  });
});

describe('evaluatePolicyRules', () => {
  it('gives the raw outcome per policy, undefined when it does not apply', () => {
    const outcomes = evaluatePolicyRules(
      engine.policies,
      productWith({
        classification: 'public',
        containsPii: false,
        owner: undefined,
      }),
    );
    const byId = Object.fromEntries(
      engine.policies.map((p, i) => [p.id, outcomes[i]]),
    );
    expect(byId).toEqual({
      'owner-assigned': false,
      'domain-assigned': true,
      'encryption-at-rest': undefined,
      'pii-masking': undefined,
      'data-lineage': true,
      'quality-slo': true,
      'quality-checks': true,
      'retention-policy': true,
      'audit-logging': undefined,
    });
  });

  it('every built-in rule is compiled, not interpreted', () => {
    expect(engine.policies.map(p => p.compiledRule.engine)).toEqual(
      engine.policies.map(() => 'generated'),
    );
  });
});
