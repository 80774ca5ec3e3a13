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
  ComplianceSweepInfo,
} from '../governance/types';

/*
 * The mesh's figures (`GET /mesh/summary`) and its product list (`GET /mesh/products`):
 * aggregated on the server over every product of the mesh, kept current by the sweeps.
 */

/**
 * Which products a set of figures covers: every product of the mesh (`mesh`), or only
 * those the caller may read in the catalog (`visible`, for callers whose catalog access
 * is conditional).
 *
 * @public
 */
export type MeshFiguresCoverage = 'mesh' | 'visible';

/**
 * SLO attainment over every product that declares SLOs.
 *
 * @public
 */
export interface MeshSloFigures {
  /** Products that declare SLOs. */
  products: number;
  /** Of them, products with at least one SLO measured. */
  measured: number;
  /** Of the measured, products that meet every measured SLO. */
  meeting: number;
  /** `meeting / measured` as a percentage, one decimal; null when none is measured. */
  meetingShare: number | null;
}

/**
 * A domain's own products (subdomains have their own rows) and how they comply.
 *
 * @public
 */
export interface MeshDomainFigures {
  /** The domain's ref; null for products that name no domain. */
  domainRef: string | null;
  /** The domain's title, when it has one. */
  title?: string;
  /** The parent domain's ref, for a subdomain. */
  parentRef?: string;
  /** The domain's own products. */
  products: number;
  /** Their compliance (`products` there: those evaluated), without per-policy counts. */
  compliance: Omit<ComplianceSummary, 'policies'>;
  /** Their SLO attainment. */
  slos: MeshSloFigures;
}

/**
 * Everything the mesh page shows about the mesh as a whole, over every product
 * (`GET /mesh/summary`).
 *
 * @public
 */
export interface MeshSummaryResponse {
  /** Which products the figures cover. */
  coverage: MeshFiguresCoverage;
  /** Data products. */
  products: number;
  /** Domains in the catalog. */
  domains: number;
  /** Domains with at least one product of their own. */
  domainsWithProducts: number;
  /** Products that name no domain. */
  productsWithoutDomain: number;
  /** Products with a domain per domain with products, one decimal; null with none. */
  productsPerDomain: number | null;
  /** Compliance over every evaluated product (`compliance.products`: how many). */
  compliance: ComplianceSummary;
  /** SLO attainment over every product with SLOs. */
  slos: MeshSloFigures & {
    /** When the SLO roll-up last finished (ISO 8601); null before its first run. */
    checkedAt: string | null;
  };
  /** Every domain, and a row for products without a domain when there are some. */
  domainFigures: MeshDomainFigures[];
  /** The values the product list can be filtered by. */
  filters: { types: string[]; lifecycles: string[]; classifications: string[] };
  /** The last full compliance sweep, or null before the first one finished. */
  lastSweep: ComplianceSweepInfo | null;
  /** The last incremental sweep that found a change, or null. */
  lastIncrementalSweep: ComplianceSweepInfo | null;
}

/**
 * How the mesh's product list can be sorted.
 *
 * @public
 */
export type MeshProductSortField =
  | 'title'
  | 'domain'
  | 'type'
  | 'lifecycle'
  | 'classification'
  | 'score';

/**
 * One product of the mesh's list.
 *
 * @public
 */
export interface MeshProductItem {
  /** The product's entity ref, e.g. `dataproduct:default/customer-360`. */
  entityRef: string;
  /** `metadata.namespace`. */
  namespace: string;
  /** `metadata.name`. */
  name: string;
  /** `metadata.title`, or the name when it has none. */
  title: string;
  /** `metadata.description`, when set. */
  description?: string;
  /** The ref of the product's domain, when it names one. */
  domainRef?: string;
  /** `spec.type` (source-aligned, aggregate, consumer-aligned), when set. */
  type?: string;
  /** `spec.lifecycle`, when set. */
  lifecycle?: string;
  /** `spec.classification`, when set. */
  classification?: string;
  /** Its latest compliance; absent when it has not been evaluated yet. */
  compliance?: { status: ComplianceStatus; score: number };
  /** How many SLOs it declares, how many are measured and met (null before the SLO roll-up). */
  slos: { declared: number; measured: number | null; met: number | null };
}

/**
 * A page of the mesh's products (`GET /mesh/products`), filtered, searched and sorted
 * on the server.
 *
 * @public
 */
export interface MeshProductsResponse {
  /** The page's products, in the order asked for. */
  items: MeshProductItem[];
  /** How many products match the query, over the whole mesh. */
  totalItems: number;
  /** How many matching products come before this page. */
  offset: number;
  /** The page size asked for (the page holds fewer at the end). */
  limit: number;
  /** Which products the list covers. */
  coverage: MeshFiguresCoverage;
}
