/*
 * The data-mesh backend's response shapes, as the frontend reads them.
 *
 * Governance (`/policies`, `/compliance...`) mirrors the backend's types in
 * `@meshwork/plugin-data-mesh-node` (policy/types.ts, policy/score.ts) and its
 * ComplianceStore; a frontend plugin cannot depend on a node-library, so they are
 * declared here, field for field.
 */

/**
 * How much a policy matters: a failed `required` policy fails the product.
 *
 * @public
 */
export type PolicySeverity = 'required' | 'recommended' | 'optional';

/**
 * Where a policy came from: the built-in pack, the platform's app-config, or the
 * ref of the Domain entity that declared it.
 *
 * @public
 */
export type PolicySource = 'builtin' | 'global' | `domain:${string}`;

/**
 * The status of one policy for one product. `waived` is never a pass.
 *
 * @public
 */
export type PolicyStatus = 'passed' | 'failed' | 'waived' | 'error';

/**
 * A product's overall status: `failing` when a required policy failed or
 * errored, `warning` when only weaker ones did, `passing` otherwise.
 *
 * @public
 */
export type ComplianceStatus = 'passing' | 'warning' | 'failing';

/**
 * Counts of policy results by status.
 *
 * @public
 */
export interface PolicyStatusCounts {
  passed: number;
  failed: number;
  waived: number;
  error: number;
}

/**
 * An exemption from one policy, as the product declares it, with whether it has
 * expired.
 *
 * @public
 */
export interface PolicyResultWaiver {
  /** The id of the waived policy. */
  policy: string;
  /** Why the product is exempt. */
  reason: string;
  /** Who approved it (an entity ref or a name). */
  approver: string;
  /** When it ends: a date `YYYY-MM-DD` (valid through that day, UTC) or a date-time. */
  expires: string;
  /** Whether it has ended; an expired waiver counts as a failure. */
  expired: boolean;
}

/**
 * The result of one policy for one product.
 *
 * @public
 */
export interface PolicyResult {
  policyId: string;
  title: string;
  severity: PolicySeverity;
  status: PolicyStatus;
  /** The policy's message for failed, waived and error rows; its description otherwise. */
  message: string;
  remediation?: string;
  source: PolicySource;
  /** The domain that raised the severity, when one did. */
  tightenedBy?: PolicySource;
  /** The waiver considered for this policy (valid or expired). */
  waiver?: PolicyResultWaiver;
  /** Why the rule could not be evaluated (status `error`). */
  error?: string;
  /** Notes for the reader, e.g. an expired waiver. */
  notes?: string[];
}

/**
 * The evaluation of one product against every policy that applies to it
 * (`GET /compliance/:namespace/:name`).
 *
 * @public
 */
export interface ProductCompliance {
  /** The product's entity ref, e.g. `dataproduct:default/customer-360`. */
  entityRef: string;
  /** The product's domain ref, when it names one. */
  domainRef?: string;
  /** When it was evaluated (ISO 8601). */
  evaluatedAt: string;
  status: ComplianceStatus;
  /** False when any required policy failed or errored. */
  passed: boolean;
  /** Severity-weighted share of evaluated policies that passed, 0-100. */
  score: number;
  counts: PolicyStatusCounts;
  /** One row per applicable policy. */
  results: PolicyResult[];
  /** Product-level notes: unknown domain, invalid or unused waivers. */
  notes: string[];
  /** True when read from the last stored sweep, false when evaluated on request. */
  stored?: boolean;
}

/**
 * A product's latest compliance without its per-policy rows (`GET /compliance`).
 *
 * @public
 */
export interface ComplianceListItem {
  entityRef: string;
  domainRef?: string;
  status: ComplianceStatus;
  passed: boolean;
  score: number;
  counts: PolicyStatusCounts;
  evaluatedAt: string;
}

/**
 * A page of {@link ComplianceListItem}s.
 *
 * @public
 */
export interface ComplianceListResponse {
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
  id: number;
  evaluatedAt: string;
  status: ComplianceStatus;
  passed: boolean;
  score: number;
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
  items: ComplianceHistoryItem[];
  /** Pass back as `cursor` for older points; absent on the last page. */
  nextCursor?: string;
}

/**
 * Per policy: for how many products it passed, failed, was waived or errored.
 *
 * @public
 */
export interface PolicyRollUp extends PolicyStatusCounts {
  policyId: string;
  /** The strongest severity the policy had on any product. */
  severity: PolicySeverity;
}

/**
 * Compliance across a set of products.
 *
 * @public
 */
export interface ComplianceSummary {
  products: number;
  passing: number;
  warning: number;
  failing: number;
  /** Products with no failed or errored required policy (`passing` + `warning`). */
  compliant: number;
  /** `compliant / products` as a percentage, 0-100, one decimal. */
  compliantShare: number;
  /** Mean product score, one decimal. */
  averageScore: number;
  /** Per-policy counts, the most failed first. */
  policies: PolicyRollUp[];
}

/**
 * What the last compliance sweep did.
 *
 * @public
 */
export interface ComplianceSweep {
  finishedAt: string;
  products: number;
  domains: number;
  durationMs: number;
}

/**
 * Compliance across the whole mesh (`GET /compliance/mesh`).
 *
 * @public
 */
export interface MeshComplianceSummary extends ComplianceSummary {
  /** The last sweep, or null before the first one finished. */
  lastSweep: ComplianceSweep | null;
}

/**
 * Compliance of one domain, its subdomains' products included.
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
  items: DomainComplianceSummary[];
}
