import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ComplianceHistoryResponse,
  ComplianceListResponse,
  DomainComplianceResponse,
  LineageGraphResponse,
  MeshComplianceSummary,
  MeshProductsResponse,
  MeshSummaryResponse,
  ProductColumnLineageResponse,
  ProductCompliance,
  ProductSloStatusResponse,
} from '@meshwork/plugin-data-mesh-common';
import type {
  DataMeshApi,
  GetComplianceHistoryOptions,
  GetLineageOptions,
  ListComplianceOptions,
  ListMeshProductsOptions,
} from './DataMeshApi';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The default {@link DataMeshApi}: calls the data-mesh backend plugin
 * (`/api/data-mesh`) with the signed-in user's credentials.
 *
 * @public
 */
export class DataMeshClient implements DataMeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc DataMeshApi.getProductCompliance} */
  async getProductCompliance(
    product: CompoundEntityRef,
  ): Promise<ProductCompliance> {
    return this.get(`/compliance/${productPath(product)}`);
  }

  /** {@inheritDoc DataMeshApi.getComplianceHistory} */
  async getComplianceHistory(
    product: CompoundEntityRef,
    options: GetComplianceHistoryOptions = {},
  ): Promise<ComplianceHistoryResponse> {
    return this.get(`/compliance/${productPath(product)}/history`, {
      limit: options.limit,
      cursor: options.cursor,
    });
  }

  /** {@inheritDoc DataMeshApi.listCompliance} */
  async listCompliance(
    options: ListComplianceOptions = {},
  ): Promise<ComplianceListResponse> {
    return this.get('/compliance', {
      limit: options.limit,
      cursor: options.cursor,
      status: options.status,
      domain: options.domain,
    });
  }

  /** {@inheritDoc DataMeshApi.getMeshCompliance} */
  async getMeshCompliance(): Promise<MeshComplianceSummary> {
    return this.get('/compliance/mesh');
  }

  /** {@inheritDoc DataMeshApi.getDomainCompliance} */
  async getDomainCompliance(
    options: { includeSubdomains?: boolean } = {},
  ): Promise<DomainComplianceResponse> {
    return this.get('/compliance/domains', {
      includeSubdomains: options.includeSubdomains,
    });
  }

  /** {@inheritDoc DataMeshApi.getMeshSummary} */
  async getMeshSummary(): Promise<MeshSummaryResponse> {
    return this.get('/mesh/summary');
  }

  /** {@inheritDoc DataMeshApi.listMeshProducts} */
  async listMeshProducts(
    options: ListMeshProductsOptions = {},
  ): Promise<MeshProductsResponse> {
    return this.get('/mesh/products', {
      offset: options.offset,
      limit: options.limit,
      search: options.search || undefined,
      domain: options.domain,
      type: options.type,
      lifecycle: options.lifecycle,
      classification: options.classification,
      compliance: options.compliance,
      sort: options.sort,
      order: options.order,
    });
  }

  /** {@inheritDoc DataMeshApi.getSloStatus} */
  async getSloStatus(
    product: CompoundEntityRef,
  ): Promise<ProductSloStatusResponse> {
    return this.get(`/products/${productPath(product)}/slos`);
  }

  /** {@inheritDoc DataMeshApi.getLineage} */
  async getLineage(
    product: CompoundEntityRef,
    options: GetLineageOptions = {},
  ): Promise<LineageGraphResponse> {
    return this.get(`/products/${productPath(product)}/lineage`, {
      depth: options.depth,
      direction: options.direction,
    });
  }

  /** {@inheritDoc DataMeshApi.getColumnLineage} */
  async getColumnLineage(
    product: CompoundEntityRef,
  ): Promise<ProductColumnLineageResponse> {
    return this.get(`/products/${productPath(product)}/lineage/columns`);
  }

  private async get<T>(path: string, query: Query = {}): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('data-mesh');
    // Percent-encoded as RFC 3986 has it (a space as %20, never `+`): the backend's
    // OpenAPI validation refuses reserved characters in query values.
    const search = Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(
        ([key, value]) =>
          `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
      )
      .join('&');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function productPath(product: CompoundEntityRef): string {
  return `${encodeURIComponent(product.namespace)}/${encodeURIComponent(
    product.name,
  )}`;
}
