import type { PolicySeverity } from '../kinds/constants';
import type { PolicyWaiver } from '../kinds/policies';

/*
 * The shapes of governance results: produced by the policy engine
 * (@meshwork/plugin-data-mesh-node), stored and served by the data-mesh backend, and
 * shown by the frontend. One definition, so the three cannot drift apart.
 */

/**
 * Where a policy comes from: the built-in pack, app-config, or a domain (its entity ref).
 *
 * @public
 */
export type PolicySource = 'builtin' | 'global' | `domain:${string}`;

/**
 * The status of one policy for one product.
 *
 * - `passed`: the rule gave true.
 * - `failed`: the rule gave false (or a waiver for it has expired).
 * - `waived`: the rule did not pass but a valid waiver exempts the product; never counted as
 *   passed.
 * - `error`: the rule could not be evaluated (it threw, exceeded its budget, gave a non-bool).
 *
 * @public
 */
export type PolicyStatus = 'passed' | 'failed' | 'waived' | 'error';

/**
 * A waiver as considered for one result, with whether it has expired.
 *
 * @public
 */
export type PolicyResultWaiver = PolicyWaiver & {
  /** Whether it has ended; an expired waiver counts as a failure. */
  expired: boolean;
};

/**
 * The result of one policy for one product.
 *
 * @public
 */
export interface PolicyResult {
  /** The policy's id, e.g. `encryption-at-rest`. */
  policyId: string;
  /** The policy's title. */
  title: string;
  /** The severity that applied to this product (after any domain tightened it). */
  severity: PolicySeverity;
  /** The outcome for this product. */
  status: PolicyStatus;
  /** The policy's message for failed, waived and error rows; its description otherwise. */
  message: string;
  /** How to fix a failing product, when the policy says. */
  remediation?: string;
  /** Where the policy comes from. */
  source: PolicySource;
  /** The domain that raised the severity, when one did. */
  tightenedBy?: PolicySource;
  /** The waiver considered for this policy (valid or expired). */
  waiver?: PolicyResultWaiver;
  /** Why the rule could not be evaluated (status `error`). */
  error?: string;
  /** Notes for the reader: an expired waiver, a domain's refused attempt to weaken it. */
  notes?: string[];
}

/**
 * The overall status of a product: `failing` when a required policy failed or errored,
 * `warning` when only recommended or optional ones did, `passing` otherwise.
 *
 * @public
 */
export type ComplianceStatus = 'passing' | 'warning' | 'failing';

/**
 * Counts of results by status.
 *
 * @public
 */
export interface PolicyStatusCounts {
  /** Results with status `passed`. */
  passed: number;
  /** Results with status `failed`. */
  failed: number;
  /** Results with status `waived`. */
  waived: number;
  /** Results with status `error`. */
  error: number;
}

/**
 * The evaluation of one product against every policy that applies to it.
 *
 * @public
 */
export interface ProductEvaluation {
  /** The product's entity ref, e.g. `dataproduct:default/customer-360`. */
  entityRef: string;
  /** The product's domain ref, when it names one. */
  domainRef?: string;
  /** When it was evaluated (ISO 8601). */
  evaluatedAt: string;
  /** The overall status. */
  status: ComplianceStatus;
  /** False when any required policy failed or errored: what CI and block mode act on. */
  passed: boolean;
  /**
   * 0-100: the share of policies passed, weighted by severity (required 3, recommended 2,
   * optional 1); waived rows are left out.
   */
  score: number;
  /** The results counted by status. */
  counts: PolicyStatusCounts;
  /** One row per applicable policy. */
  results: PolicyResult[];
  /** Product-level notes: unknown domain, domain cycle, invalid or unused waivers. */
  notes: string[];
}

/**
 * A product's compliance as the API serves it (`GET /compliance/:namespace/:name`).
 *
 * @public
 */
export interface ProductCompliance extends ProductEvaluation {
  /** True when read from the last sweep, false when evaluated live (no sweep yet). */
  stored?: boolean;
}

/**
 * A product's latest compliance without its per-policy rows (`GET /compliance`).
 *
 * @public
 */
export interface ComplianceListItem {
  /** The product's entity ref. */
  entityRef: string;
  /** The product's domain ref, when it names one. */
  domainRef?: string;
  /** The overall status. */
  status: ComplianceStatus;
  /** False when any required policy failed or errored. */
  passed: boolean;
  /** 0-100, as in {@link ProductEvaluation}. */
  score: number;
  /** The results counted by status. */
  counts: PolicyStatusCounts;
  /** When it was evaluated (ISO 8601). */
  evaluatedAt: string;
}

/**
 * A page of {@link ComplianceListItem}s.
 *
 * @public
 */
export interface ComplianceListResponse {
  /** The products of this page. */
  items: ComplianceListItem[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One point of a product's compliance history.
 *
 * @public
 */
export interface ComplianceHistoryItem {
  /** The stored evaluation's id. */
  id: number;
  /** When it was evaluated (ISO 8601). */
  evaluatedAt: string;
  /** The overall status at that time. */
  status: ComplianceStatus;
  /** False when any required policy failed or errored. */
  passed: boolean;
  /** 0-100, as in {@link ProductEvaluation}. */
  score: number;
  /** The results counted by status. */
  counts: PolicyStatusCounts;
  /** Per policy: id, severity and status at that time. */
  results: Array<Pick<PolicyResult, 'policyId' | 'severity' | 'status'>>;
}

/**
 * A page of a product's history, newest first.
 *
 * @public
 */
export interface ComplianceHistoryResponse {
  /** The points of this page, newest first. */
  items: ComplianceHistoryItem[];
  /** Pass back as `cursor` for older points; absent on the last page. */
  nextCursor?: string;
}

/**
 * Per policy: how many products it passed, failed, was waived or errored for.
 *
 * @public
 */
export interface PolicyRollUp extends PolicyStatusCounts {
  /** The policy's id. */
  policyId: string;
  /** The strongest severity the policy had on any product (domains may tighten). */
  severity: PolicySeverity;
}

/**
 * Compliance across a set of products.
 *
 * @public
 */
export interface ComplianceSummary {
  /** How many products were counted. */
  products: number;
  /** Products with status `passing`. */
  passing: number;
  /** Products with status `warning`. */
  warning: number;
  /** Products with status `failing`. */
  failing: number;
  /** Products with no failed or errored required policy (`passing` + `warning`). */
  compliant: number;
  /** `compliant / products` as a percentage, 0-100, one decimal; 100 with no products. */
  compliantShare: number;
  /** Mean product score, one decimal; 100 with no products. */
  averageScore: number;
  /** Per-policy counts, the most failed first. */
  policies: PolicyRollUp[];
}

/**
 * Compliance of one domain: its own products, plus those of its subdomains when the
 * roll-up was given the domain hierarchy.
 *
 * @public
 */
export interface DomainComplianceSummary extends ComplianceSummary {
  /** The domain's ref; null for products that name no domain. */
  domainRef: string | null;
}

/**
 * The roll-up per domain (`GET /compliance/domains`).
 *
 * @public
 */
export interface DomainComplianceResponse {
  /** One summary per domain. */
  items: DomainComplianceSummary[];
}

/**
 * What the last compliance sweep did.
 *
 * @public
 */
export interface ComplianceSweepInfo {
  /** When it finished (ISO 8601). */
  finishedAt: string;
  /** How many products it evaluated. */
  products: number;
  /** How many domains it read. */
  domains: number;
  /** How long it took, in milliseconds. */
  durationMs: number;
}

/**
 * Compliance across the whole mesh (`GET /compliance/mesh`).
 *
 * @public
 */
export interface MeshComplianceSummary extends ComplianceSummary {
  /** The last sweep, or null before the first one finished. */
  lastSweep: ComplianceSweepInfo | null;
}
