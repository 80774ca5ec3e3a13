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

import type {
  ComplianceStatus,
  ComplianceSummary,
  DomainComplianceSummary,
  PolicyResult,
  PolicyRollUp,
  PolicySeverity,
  PolicyStatus,
  PolicyStatusCounts,
} from '@meshwork/plugin-data-mesh-common';

// Roll-up shapes are shared with the backend and the frontend through the common package.
export type { ComplianceSummary, DomainComplianceSummary, PolicyRollUp };

/**
 * The weight of each severity in the score.
 *
 * @public
 */
export const SEVERITY_WEIGHTS: Readonly<Record<PolicySeverity, number>> =
  Object.freeze({ required: 3, recommended: 2, optional: 1 });

/**
 * The part of a result that scores and roll-ups read.
 *
 * @public
 */
export type ScoredResult = Pick<
  PolicyResult,
  'policyId' | 'severity' | 'status'
>;

/**
 * The compliance score of a product, 0-100: the severity-weighted share of its evaluated
 * policies that passed. Weights: required 3, recommended 2, optional 1. Failed and error
 * results count against it; waived results are left out of both sides (an exemption is
 * neither a pass nor a failure). A product with nothing to evaluate scores 100. Rounded to
 * a whole number.
 *
 * @public
 */
export function scoreResults(results: readonly ScoredResult[]): number {
  let total = 0;
  let passed = 0;
  for (const r of results) {
    if (r.status === 'waived') continue;
    const w = SEVERITY_WEIGHTS[r.severity];
    total += w;
    if (r.status === 'passed') passed += w;
  }
  return total === 0 ? 100 : Math.round((100 * passed) / total);
}

/**
 * Counts results by status.
 *
 * @public
 */
export function countResults(
  results: readonly ScoredResult[],
): PolicyStatusCounts {
  const counts: PolicyStatusCounts = {
    passed: 0,
    failed: 0,
    waived: 0,
    error: 0,
  };
  for (const r of results) counts[r.status]++;
  return counts;
}

/**
 * The overall status: `failing` when a required policy failed or errored, `warning` when
 * another one did, `passing` otherwise (waived policies do not fail a product).
 *
 * @public
 */
export function statusOfResults(
  results: readonly ScoredResult[],
): ComplianceStatus {
  let status: ComplianceStatus = 'passing';
  for (const r of results) {
    if (r.status === 'failed' || r.status === 'error') {
      if (r.severity === 'required') return 'failing';
      status = 'warning';
    }
  }
  return status;
}

/**
 * One product as the roll-ups see it.
 *
 * @public
 */
export interface ComplianceRollUpInput {
  /** The product's domain ref, when it has one. */
  domainRef?: string | null;
  /** The product's overall status. */
  status: ComplianceStatus;
  /** The product's score, 0-100. */
  score: number;
  /** The product's results, one per policy. */
  results: readonly ScoredResult[];
}

const SEVERITY_RANK: Record<PolicySeverity, number> = {
  required: 0,
  recommended: 1,
  optional: 2,
};

class Accumulator {
  products = 0;
  passing = 0;
  warning = 0;
  failing = 0;
  scoreSum = 0;
  policies = new Map<string, PolicyRollUp>();

  add(p: ComplianceRollUpInput) {
    this.products++;
    this[p.status]++;
    this.scoreSum += p.score;
    for (const r of p.results) {
      let roll = this.policies.get(r.policyId);
      if (!roll) {
        roll = {
          policyId: r.policyId,
          severity: r.severity,
          passed: 0,
          failed: 0,
          waived: 0,
          error: 0,
        };
        this.policies.set(r.policyId, roll);
      } else if (SEVERITY_RANK[r.severity] < SEVERITY_RANK[roll.severity]) {
        roll.severity = r.severity;
      }
      roll[r.status as PolicyStatus]++;
    }
  }

  summary(): ComplianceSummary {
    const round1 = (n: number) => Math.round(n * 10) / 10;
    const compliant = this.passing + this.warning;
    return {
      products: this.products,
      passing: this.passing,
      warning: this.warning,
      failing: this.failing,
      compliant,
      compliantShare: this.products
        ? round1((100 * compliant) / this.products)
        : 100,
      averageScore: this.products ? round1(this.scoreSum / this.products) : 100,
      policies: [...this.policies.values()].sort(
        (a, b) =>
          b.failed + b.error - (a.failed + a.error) ||
          a.policyId.localeCompare(b.policyId),
      ),
    };
  }
}

/**
 * Compliance across the whole mesh (or any set of products).
 *
 * @public
 */
export function summarizeCompliance(
  products: Iterable<ComplianceRollUpInput>,
): ComplianceSummary {
  const acc = new Accumulator();
  for (const p of products) acc.add(p);
  return acc.summary();
}

/**
 * Compliance per domain. With `parentOf` (a domain ref to its parent's ref), a product also
 * counts for every ancestor of its domain, so a domain's figures include its subdomains.
 * Cycles in the hierarchy are cut.
 *
 * @public
 */
export function summarizeComplianceByDomain(
  products: Iterable<ComplianceRollUpInput>,
  options: { parentOf?: (domainRef: string) => string | undefined } = {},
): DomainComplianceSummary[] {
  const byDomain = new Map<string | null, Accumulator>();
  const get = (ref: string | null) => {
    let acc = byDomain.get(ref);
    if (!acc) {
      acc = new Accumulator();
      byDomain.set(ref, acc);
    }
    return acc;
  };
  for (const p of products) {
    const own = p.domainRef ?? null;
    get(own).add(p);
    if (own && options.parentOf) {
      const seen = new Set([own]);
      for (
        let parent = options.parentOf(own);
        parent && !seen.has(parent) && seen.size <= 50;
        parent = options.parentOf(parent)
      ) {
        seen.add(parent);
        get(parent).add(p);
      }
    }
  }
  return [...byDomain.entries()]
    .map(([domainRef, acc]) => ({ domainRef, ...acc.summary() }))
    .sort((a, b) => {
      if (a.domainRef === b.domainRef) return 0;
      if (a.domainRef === null) return 1;
      if (b.domainRef === null) return -1;
      return a.domainRef < b.domainRef ? -1 : 1;
    });
}
