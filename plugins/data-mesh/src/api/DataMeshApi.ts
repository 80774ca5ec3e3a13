import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ComplianceHistoryResponse,
  ComplianceListResponse,
  ComplianceStatus,
  DomainComplianceResponse,
  LineageGraphResponse,
  MeshComplianceSummary,
  MeshProductSortField,
  MeshProductsResponse,
  MeshSummaryResponse,
  ProductColumnLineageResponse,
  ProductCompliance,
  ProductSloStatusResponse,
} from '@meshwork/plugin-data-mesh-common';

/**
 * Which way to walk a product's lineage.
 *
 * @public
 */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/**
 * Options of {@link DataMeshApi.getLineage}.
 *
 * @public
 */
export interface GetLineageOptions {
  /** How many hops to walk; the backend caps it and says so (`partial`). */
  depth?: number;
  /** Which way to walk; both ways when absent. */
  direction?: LineageDirection;
}

/**
 * Options of {@link DataMeshApi.listCompliance}.
 *
 * @public
 */
export interface ListComplianceOptions {
  /** Page size, 1-500; the backend defaults to 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Only products with this status. */
  status?: ComplianceStatus;
  /** Only products of this domain ref, e.g. `domain:default/customer`. */
  domain?: string;
}

/**
 * Options of {@link DataMeshApi.getComplianceHistory}.
 *
 * @public
 */
export interface GetComplianceHistoryOptions {
  /** Page size, 1-1000; the backend defaults to 100. */
  limit?: number;
  /** The `nextCursor` of the previous (newer) page. */
  cursor?: string;
}

/**
 * Options of {@link DataMeshApi.listMeshProducts}: a page of the mesh's products,
 * filtered, searched and sorted on the server.
 *
 * @public
 */
export interface ListMeshProductsOptions {
  /** How many matching products to skip; 0 when absent. */
  offset?: number;
  /** Page size, 1-100; the backend defaults to 20. */
  limit?: number;
  /** Words in a product's title, name or description (case-insensitive). */
  search?: string;
  /** Only products of this domain ref, e.g. `domain:default/customer`. */
  domain?: string;
  /** Only products of this `spec.type`. */
  type?: string;
  /** Only products of this `spec.lifecycle`. */
  lifecycle?: string;
  /** Only products of this `spec.classification`. */
  classification?: string;
  /** Only products with this compliance status, or not evaluated yet. */
  compliance?: ComplianceStatus | 'unevaluated';
  /** What to sort by; the title when absent. */
  sort?: MeshProductSortField;
  /** Ascending when absent. */
  order?: 'asc' | 'desc';
}

/**
 * The data-mesh backend as the frontend uses it: governance results and
 * observed reality (SLO status, lineage) of data products.
 *
 * @public
 */
export interface DataMeshApi {
  /** A product's latest compliance: score, status and one row per policy. */
  getProductCompliance(product: CompoundEntityRef): Promise<ProductCompliance>;

  /** A page of a product's compliance history, newest first. */
  getComplianceHistory(
    product: CompoundEntityRef,
    options?: GetComplianceHistoryOptions,
  ): Promise<ComplianceHistoryResponse>;

  /** A page of products' latest compliance, ordered by entity ref. */
  listCompliance(
    options?: ListComplianceOptions,
  ): Promise<ComplianceListResponse>;

  /** Compliance across every product the caller can see. */
  getMeshCompliance(): Promise<MeshComplianceSummary>;

  /**
   * Compliance per domain; a domain's figures include its subdomains' products
   * unless `includeSubdomains` is false.
   */
  getDomainCompliance(options?: {
    includeSubdomains?: boolean;
  }): Promise<DomainComplianceResponse>;

  /**
   * Every figure of the mesh page over the whole mesh (or, for a caller who may
   * read only some products, over those: `coverage`), aggregated on the server.
   */
  getMeshSummary(): Promise<MeshSummaryResponse>;

  /** A page of the mesh's products, filtered, searched and sorted on the server. */
  listMeshProducts(
    options?: ListMeshProductsOptions,
  ): Promise<MeshProductsResponse>;

  /** The status of each SLO a product declares, with its 30-day history. */
  getSloStatus(product: CompoundEntityRef): Promise<ProductSloStatusResponse>;

  /** A product's lineage graph: declared and observed edges, and drift. */
  getLineage(
    product: CompoundEntityRef,
    options?: GetLineageOptions,
  ): Promise<LineageGraphResponse>;

  /**
   * The column lineage of each of a product's output ports: every output
   * column with the input columns it is made from and how (OpenLineage
   * `columnLineage` facets of the runs that write the port).
   */
  getColumnLineage(
    product: CompoundEntityRef,
  ): Promise<ProductColumnLineageResponse>;
}

/**
 * The reference to the {@link DataMeshApi}.
 *
 * @public
 */
export const dataMeshApiRef = createApiRef<DataMeshApi>({
  id: 'plugin.data-mesh.service',
});
