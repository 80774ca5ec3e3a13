import {
  DEFAULT_NAMESPACE,
  Entity,
  KindValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { describeValue } from '../util';
import {
  DOMAIN_KIND,
  MESHWORK_API_VERSION,
  POLICY_ID_PATTERN,
} from './constants';
import type { MeshPolicy } from './policies';
import schema from './schema/Domain.v1alpha1.schema.json';
import {
  createKindValidator,
  FieldProblems,
  getField,
  getItems,
} from './validation';

/**
 * The people behind a domain and how to reach them.
 *
 * @public
 */
export type MeshDomainTeam = {
  /** An entity reference to the domain lead; the kind defaults to User. */
  lead?: string;
  /** An entity reference to the domain's data steward; the kind defaults to Group. */
  steward?: string;
  /** The on-call rotation. */
  onCall?: string;
  /** The chat channel for questions. */
  channel?: string;
  /** A contact email address. */
  email?: string;
};

/**
 * A domain of the data mesh: Backstage's `Domain` kind under Meshwork's
 * apiVersion. `spec.owner` and `spec.subdomainOf` keep their Backstage meaning
 * (and relations); a domain adds its team and its own governance policies.
 *
 * @public
 */
export interface MeshDomainEntityV1alpha1 extends Entity {
  /** Meshwork's apiVersion. */
  apiVersion: 'meshwork.dev/v1alpha1';
  /** The kind. */
  kind: 'Domain';
  /** The domain's fields. */
  spec: {
    /** An entity reference to the owner; the kind defaults to Group. */
    owner: string;
    /** An entity reference to the parent domain; the kind defaults to Domain. */
    subdomainOf?: string;
    /** The type of domain, as in Backstage's Domain kind. */
    type?: string;
    /** The people behind the domain. */
    team?: MeshDomainTeam;
    /** Governance policies the domain adds for its products and subdomains. */
    policies?: MeshPolicy[];
  };
}

function checkDomainFields(entity: Entity, problems: FieldProblems) {
  const namespace =
    typeof entity.metadata?.namespace === 'string'
      ? entity.metadata.namespace
      : DEFAULT_NAMESPACE;
  const spec = entity.spec;

  if (getField(spec, 'owner') !== undefined) {
    problems.ref('spec.owner', getField(spec, 'owner'), {
      defaultKind: 'Group',
      allowedKinds: ['Group', 'User'],
      defaultNamespace: namespace,
    });
  }
  const subdomainOf = getField(spec, 'subdomainOf');
  if (subdomainOf !== undefined) {
    const parent = problems.ref('spec.subdomainOf', subdomainOf, {
      defaultKind: DOMAIN_KIND,
      allowedKinds: [DOMAIN_KIND],
      defaultNamespace: namespace,
    });
    const selfRef =
      typeof entity.metadata?.name === 'string'
        ? stringifyEntityRef({
            kind: DOMAIN_KIND,
            namespace,
            name: entity.metadata.name,
          })
        : undefined;
    if (parent && stringifyEntityRef(parent) === selfRef) {
      problems.add(
        'spec.subdomainOf',
        `refers to the domain itself (${selfRef}); a domain cannot be its own subdomain`,
      );
    }
  }

  for (const [field, defaultKind, allowedKinds] of [
    ['lead', 'User', ['User']],
    ['steward', 'Group', ['Group', 'User']],
  ] as const) {
    const value = getField(spec, 'team', field);
    if (value !== undefined) {
      problems.ref(`spec.team.${field}`, value, {
        defaultKind,
        allowedKinds,
        defaultNamespace: namespace,
      });
    }
  }

  const policyIds = new Map<string, number>();
  getItems(spec, 'policies').forEach((policy, index) => {
    const id = getField(policy, 'id');
    if (typeof id !== 'string' || !id) {
      return; // the schema reports a missing or mistyped id
    }
    const path = `spec.policies[${index}].id`;
    if (!POLICY_ID_PATTERN.test(id)) {
      problems.add(
        path,
        `must be lowercase letters and digits separated by -, _ or ., such as "orders-freshness", but found ${describeValue(
          id,
        )}`,
      );
    } else if (policyIds.has(id)) {
      problems.add(
        path,
        `must be unique, but ${describeValue(
          id,
        )} is also the id of spec.policies[${policyIds.get(id)}]`,
      );
    } else {
      policyIds.set(id, index);
    }
  });
}

/**
 * Entity data validator for {@link MeshDomainEntityV1alpha1}: `false` for
 * other kinds and apiVersions (including Backstage's own `Domain`), `true` for
 * a valid domain, and a `TypeError` naming the field and what was expected for
 * an invalid one.
 *
 * @public
 */
export const meshDomainEntityV1alpha1Validator: KindValidator =
  createKindValidator({
    apiVersion: MESHWORK_API_VERSION,
    kind: DOMAIN_KIND,
    schema,
    checkFields: checkDomainFields,
  });

/**
 * Type guard for {@link MeshDomainEntityV1alpha1}. Backstage's own
 * `backstage.io/v1alpha1` Domains are not mesh domains; `isDomainEntity` from
 * `@backstage/catalog-model` matches any Domain.
 *
 * @public
 */
export function isMeshDomainEntity(
  entity: Entity,
): entity is MeshDomainEntityV1alpha1 {
  return (
    entity.apiVersion === MESHWORK_API_VERSION && entity.kind === DOMAIN_KIND
  );
}
