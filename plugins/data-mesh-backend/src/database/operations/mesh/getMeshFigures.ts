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

import type { Knex } from 'knex';
import {
  TABLES,
  type DbBigInt,
  type DbDomainRow,
  type DbMeshProductRow,
  type DbRollupPolicyRow,
  type DbRollupRow,
} from '../../tables';

/** A policy's products per status, with the strictest severity that applied. */
export interface PolicyFigures {
  severityRank: number;
  passed: number;
  failed: number;
  waived: number;
  error: number;
}

/** The figures of one domain's own products ('' for products without a domain). */
export interface DomainFigures {
  products: number;
  /** Products that declare SLOs. */
  withSlos: number;
  /** Products with at least one SLO measured. */
  sloMeasured: number;
  /** Products meeting every measured SLO. */
  sloMeeting: number;
  sloCheckedAt?: string;
  /** Evaluated products per status. */
  passing: number;
  warning: number;
  failing: number;
  scoreSum: number;
  policies: Map<string, PolicyFigures>;
}

export function emptyFigures(): DomainFigures {
  return {
    products: 0,
    withSlos: 0,
    sloMeasured: 0,
    sloMeeting: 0,
    passing: 0,
    warning: 0,
    failing: 0,
    scoreSum: 0,
    policies: new Map(),
  };
}

/** What {@link getMeshFigures} reads. */
export interface MeshFigures {
  byDomain: Map<string, DomainFigures>;
  domains: Array<{ domainRef: string; parentRef?: string; title?: string }>;
  filters: { types: string[]; lifecycles: string[]; classifications: string[] };
}

const n = (v: DbBigInt | null | undefined) => Number(v ?? 0);

export function figuresOf(
  byDomain: Map<string, DomainFigures>,
  domainRef: string | null,
): DomainFigures {
  const key = domainRef ?? '';
  let figures = byDomain.get(key);
  if (!figures) {
    figures = emptyFigures();
    byDomain.set(key, figures);
  }
  return figures;
}

/** Adds one policy result count to a domain's figures. */
export function addPolicy(
  figures: DomainFigures,
  policyId: string,
  severityRank: number,
  status: string,
  products: number,
): void {
  let p = figures.policies.get(policyId);
  if (!p) {
    p = { severityRank, passed: 0, failed: 0, waived: 0, error: 0 };
    figures.policies.set(policyId, p);
  }
  p.severityRank = Math.min(p.severityRank, severityRank);
  if (
    status === 'passed' ||
    status === 'failed' ||
    status === 'waived' ||
    status === 'error'
  ) {
    p[status] += products;
  }
}

/** Adds a product count per compliance status to a domain's figures. */
export function addStatus(
  figures: DomainFigures,
  status: string,
  products: number,
  scoreSum: number,
): void {
  if (status === 'passing' || status === 'warning' || status === 'failing') {
    figures[status] += products;
    figures.scoreSum += scoreSum;
  }
}

/**
 * The mesh's figures per domain, from the roll-up tables and grouped counts of the mesh
 * products (a handful of small queries, whatever the mesh's size), the domains the
 * sweeps read and the values the product list can be filtered by.
 */
export async function getMeshFigures(db: Knex): Promise<MeshFigures> {
  const [statusRows, policyRows, productRows, domainRows, ...filterRows] =
    await Promise.all([
      db<DbRollupRow>(TABLES.rollups).select(),
      db<DbRollupPolicyRow>(TABLES.rollupPolicies).select(),
      db<DbMeshProductRow>(TABLES.meshProducts)
        .select(
          db.raw(`COALESCE(domain_ref, '') AS domain_ref`),
          db.raw('COUNT(*) AS products'),
          db.raw(
            'SUM(CASE WHEN slo_declared > 0 THEN 1 ELSE 0 END) AS with_slos',
          ),
          db.raw(
            'SUM(CASE WHEN slo_measured > 0 THEN 1 ELSE 0 END) AS measured',
          ),
          db.raw(
            'SUM(CASE WHEN slo_measured > 0 AND slo_met = slo_measured THEN 1 ELSE 0 END) AS meeting',
          ),
          db.raw('MAX(slo_checked_at) AS checked_at'),
        )
        .groupByRaw(`COALESCE(domain_ref, '')`) as unknown as Promise<
        Array<{
          domain_ref: string;
          products: DbBigInt;
          with_slos: DbBigInt | null;
          measured: DbBigInt | null;
          meeting: DbBigInt | null;
          checked_at: string | null;
        }>
      >,
      db<DbDomainRow>(TABLES.domains).select(
        'domain_ref',
        'parent_ref',
        'title',
      ),
      ...(['type', 'lifecycle', 'classification'] as const).map(
        column =>
          db<DbMeshProductRow>(TABLES.meshProducts)
            .distinct(column)
            .whereNotNull(column)
            .orderBy(column) as unknown as Promise<
            Array<Record<string, string>>
          >,
      ),
    ]);
  const byDomain = new Map<string, DomainFigures>();
  for (const r of productRows) {
    const f = figuresOf(byDomain, r.domain_ref);
    f.products = n(r.products);
    f.withSlos = n(r.with_slos);
    f.sloMeasured = n(r.measured);
    f.sloMeeting = n(r.meeting);
    if (r.checked_at) f.sloCheckedAt = r.checked_at;
  }
  for (const r of statusRows) {
    addStatus(
      figuresOf(byDomain, r.domain_ref),
      r.status,
      n(r.products),
      n(r.score_sum),
    );
  }
  for (const r of policyRows) {
    addPolicy(
      figuresOf(byDomain, r.domain_ref),
      r.policy_id,
      Number(r.severity_rank),
      r.status,
      n(r.products),
    );
  }
  const [types, lifecycles, classifications] = filterRows.map((rows, i) =>
    rows.map(row => row[['type', 'lifecycle', 'classification'][i]]),
  );
  return {
    byDomain,
    domains: domainRows.map(d => ({
      domainRef: d.domain_ref,
      ...(d.parent_ref ? { parentRef: d.parent_ref } : {}),
      ...(d.title ? { title: d.title } : {}),
    })),
    filters: { types, lifecycles, classifications },
  };
}
