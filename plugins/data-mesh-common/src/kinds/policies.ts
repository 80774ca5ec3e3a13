import type { Entity } from '@backstage/catalog-model';
import type { PolicySeverity } from './constants';

/**
 * A governance policy, as the platform declares it in config and as a
 * `Domain` adds it in `spec.policies` (federated governance).
 *
 * @remarks
 *
 * The catalog only checks the shape; the governance engine compiles and
 * evaluates `rule` and `appliesTo`. A domain policy with the id of a global
 * one overrides it for the domain's products.
 *
 * @public
 */
export type MeshPolicy = {
  /** The policy's id, e.g. `encryption-at-rest`. */
  id: string;
  /** A short, human readable name. */
  title?: string;
  /** What the policy asks for, and why. */
  description?: string;
  /** How strictly the policy is enforced. */
  severity?: PolicySeverity;
  /**
   * Which products the policy applies to: a Backstage filter predicate over
   * the entity (see `@backstage/filter-predicates`), e.g.
   * `{ "spec.classification": { "$in": ["confidential", "restricted"] } }`.
   * All products when absent.
   */
  appliesTo?: NonNullable<Entity['spec']>;
  /** The check: an expression over the entity, in CEL. */
  rule?: string;
  /** What a failing product is told. */
  message?: string;
  /** How to fix a failing product. */
  remediation?: string;
};

/**
 * An approved exemption of one data product from one policy.
 *
 * @public
 */
export type PolicyWaiver = {
  /** The id of the waived policy. */
  policy: string;
  /** Why the exemption is acceptable. */
  reason: string;
  /** An entity reference to who approved it; the kind defaults to User. */
  approver: string;
  /** The last day the waiver applies, as a date `YYYY-MM-DD`. */
  expires: string;
};
