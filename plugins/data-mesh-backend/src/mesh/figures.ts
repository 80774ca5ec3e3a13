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
  ComplianceSummary,
  ComplianceSweepInfo,
  DomainComplianceSummary,
  MeshFiguresCoverage,
  MeshSloFigures,
  MeshSummaryResponse,
  PolicyRollUp,
  PolicySeverity,
} from '@meshwork/plugin-data-mesh-common';
import {
  addPolicy,
  addStatus,
  emptyFigures,
  figuresOf,
  type DomainFigures,
  type MeshFigures,
} from '../database/operations/mesh/getMeshFigures';
import type { MeshProductListRow } from '../database/operations/mesh/listMeshProducts';
import type { RollUpRow } from '../database/operations/compliance/listForRollUp';
import { SEVERITY_RANK } from '../database/operations/compliance/saveEvaluations';

/*
 * The mesh's figures, from the per-domain figures the roll-up tables hold: the mesh as
 * the sum of every domain, a domain with its subdomains as the sum of its subtree. The
 * same shapes and rounding as the roll-ups of data-mesh-node (summarizeCompliance).
 */

const SEVERITIES = Object.entries(SEVERITY_RANK) as Array<
  [PolicySeverity, number]
>;
const severityOf = (rank: number): PolicySeverity =>
  SEVERITIES.find(([, r]) => r === rank)?.[0] ?? 'optional';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Adds `from` into `into`. */
export function addFigures(into: DomainFigures, from: DomainFigures): void {
  into.products += from.products;
  into.withSlos += from.withSlos;
  into.sloMeasured += from.sloMeasured;
  into.sloMeeting += from.sloMeeting;
  into.passing += from.passing;
  into.warning += from.warning;
  into.failing += from.failing;
  into.scoreSum += from.scoreSum;
  for (const [id, p] of from.policies) {
    addPolicy(into, id, p.severityRank, 'passed', p.passed);
    addPolicy(into, id, p.severityRank, 'failed', p.failed);
    addPolicy(into, id, p.severityRank, 'waived', p.waived);
    addPolicy(into, id, p.severityRank, 'error', p.error);
  }
}

/** The compliance summary of a set of figures. */
export function complianceOf(f: DomainFigures): ComplianceSummary {
  const evaluated = f.passing + f.warning + f.failing;
  const compliant = f.passing + f.warning;
  const policies: PolicyRollUp[] = [...f.policies].map(([policyId, p]) => ({
    policyId,
    severity: severityOf(p.severityRank),
    passed: p.passed,
    failed: p.failed,
    waived: p.waived,
    error: p.error,
  }));
  policies.sort(
    (a, b) =>
      b.failed + b.error - (a.failed + a.error) ||
      a.policyId.localeCompare(b.policyId),
  );
  return {
    products: evaluated,
    passing: f.passing,
    warning: f.warning,
    failing: f.failing,
    compliant,
    compliantShare: evaluated ? round1((100 * compliant) / evaluated) : 100,
    averageScore: evaluated ? round1(f.scoreSum / evaluated) : 100,
    policies,
  };
}

/** The SLO attainment of a set of figures. */
export function slosOf(f: DomainFigures): MeshSloFigures {
  return {
    products: f.withSlos,
    measured: f.sloMeasured,
    meeting: f.sloMeeting,
    meetingShare: f.sloMeasured
      ? round1((100 * f.sloMeeting) / f.sloMeasured)
      : null,
  };
}

/** The mesh as a whole: the sum of every domain's figures. */
export function meshFigures(byDomain: Map<string, DomainFigures>) {
  const total = emptyFigures();
  for (const f of byDomain.values()) addFigures(total, f);
  return total;
}

/**
 * Each domain's figures with its subdomains' added (a product counts in its domain and
 * every ancestor, cycles cut), as `summarizeComplianceByDomain` with a hierarchy.
 */
export function withSubdomains(
  byDomain: Map<string, DomainFigures>,
  parentOf: (ref: string) => string | undefined,
): Map<string, DomainFigures> {
  const out = new Map<string, DomainFigures>();
  for (const [ref, f] of byDomain) {
    addFigures(figuresOf(out, ref), f);
    if (!ref) continue;
    const seen = new Set([ref]);
    for (
      let parent = parentOf(ref);
      parent && !seen.has(parent) && seen.size <= 50;
      parent = parentOf(parent)
    ) {
      seen.add(parent);
      addFigures(figuresOf(out, parent), f);
    }
  }
  return out;
}

/** The compliance roll-up per domain (`GET /compliance/domains`), evaluated products only. */
export function domainRollUps(
  figures: MeshFigures,
  includeSubdomains: boolean,
): DomainComplianceSummary[] {
  const parents = new Map(figures.domains.map(d => [d.domainRef, d.parentRef]));
  const byDomain = includeSubdomains
    ? withSubdomains(figures.byDomain, ref => parents.get(ref))
    : figures.byDomain;
  return [...byDomain]
    .filter(([, f]) => f.passing + f.warning + f.failing > 0)
    .map(([ref, f]) => ({ domainRef: ref || null, ...complianceOf(f) }))
    .sort((a, b) => {
      if (a.domainRef === b.domainRef) return 0;
      if (a.domainRef === null) return 1;
      if (b.domainRef === null) return -1;
      return a.domainRef < b.domainRef ? -1 : 1;
    });
}

/** The figures of a set of products (callers who see only some), from their rows. */
export function figuresOfRows(
  products: readonly MeshProductListRow[],
  results: readonly RollUpRow[],
): Map<string, DomainFigures> {
  const byDomain = new Map<string, DomainFigures>();
  for (const p of products) {
    const f = figuresOf(byDomain, p.domain_ref);
    f.products++;
    if (p.slo_declared > 0) f.withSlos++;
    const measured = Number(p.slo_measured ?? 0);
    if (measured > 0) {
      f.sloMeasured++;
      if (Number(p.slo_met ?? 0) === measured) f.sloMeeting++;
    }
  }
  for (const r of results) {
    const f = figuresOf(byDomain, r.domainRef ?? null);
    addStatus(f, r.status, 1, r.score);
    for (const result of r.results) {
      addPolicy(
        f,
        result.policyId,
        SEVERITY_RANK[result.severity] ?? SEVERITY_RANK.optional,
        result.status,
        1,
      );
    }
  }
  return byDomain;
}

/** The mesh page's summary from the per-domain figures. */
export function buildSummary(
  figures: MeshFigures,
  byDomain: Map<string, DomainFigures>,
  info: {
    coverage: MeshFiguresCoverage;
    lastSweep?: ComplianceSweepInfo;
    lastIncrementalSweep?: ComplianceSweepInfo;
    slosCheckedAt?: string;
  },
): MeshSummaryResponse {
  const total = meshFigures(byDomain);
  const withoutDomain = byDomain.get('')?.products ?? 0;
  let domainsWithProducts = 0;
  for (const [ref, f] of byDomain)
    if (ref && f.products > 0) domainsWithProducts++;
  const known = new Set(figures.domains.map(d => d.domainRef));
  const rows: Array<{ key: string; title?: string; parentRef?: string }> = [
    ...figures.domains.map(d => ({ ...d, key: d.domainRef })),
    // Products may name a domain the catalog does not hold.
    ...[...byDomain.keys()]
      .filter(ref => ref && !known.has(ref))
      .map(ref => ({ key: ref })),
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  if (withoutDomain > 0) rows.push({ key: '' });
  return {
    coverage: info.coverage,
    products: total.products,
    domains: figures.domains.length,
    domainsWithProducts,
    productsWithoutDomain: withoutDomain,
    productsPerDomain: domainsWithProducts
      ? round1((total.products - withoutDomain) / domainsWithProducts)
      : null,
    compliance: complianceOf(total),
    slos: { ...slosOf(total), checkedAt: info.slosCheckedAt ?? null },
    domainFigures: rows.map(row => {
      const f = byDomain.get(row.key) ?? emptyFigures();
      const { policies: _policies, ...compliance } = complianceOf(f);
      return {
        domainRef: row.key || null,
        ...(row.title ? { title: row.title } : {}),
        ...(row.parentRef ? { parentRef: row.parentRef } : {}),
        products: f.products,
        compliance,
        slos: slosOf(f),
      };
    }),
    filters: figures.filters,
    lastSweep: info.lastSweep ?? null,
    lastIncrementalSweep: info.lastIncrementalSweep ?? null,
  };
}
