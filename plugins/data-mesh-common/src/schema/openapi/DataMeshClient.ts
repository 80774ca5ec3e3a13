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

/*
 * A typed client of the data-mesh backend's API (plugins/data-mesh-backend/src/schema/
 * openapi.yaml), for product repositories' CI and other backends.
 *
 * Written by hand, not generated: `backstage-repo-tools package schema openapi generate
 * --client-package` needs openapi-generator's Java jar, downloaded from Maven Central,
 * which the project's machines cannot reach. It follows the shape of Backstage's generated
 * clients (a `discoveryApi` and an optional `fetchApi`, one method per operation, named
 * by its operationId). Where the generator can run, its output replaces this file.
 */

import { ResponseError } from '@backstage/errors';
import type { ProductSloStatusResponse } from '../../observed/types';
import type {
  ProductCompliance,
  ProductEvaluation,
} from '../../governance/types';

/**
 * Options of {@link DataMeshClient}.
 *
 * @public
 */
export interface DataMeshClientOptions {
  /** Finds the backend: `getBaseUrl('data-mesh')` is e.g. `https://backstage.example.com/api/data-mesh`. */
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Sends the requests; the global `fetch` by default. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Per-request options of {@link DataMeshClient}.
 *
 * @public
 */
export interface DataMeshRequestOptions {
  /** A Backstage token or an external-access (static) token, sent as a bearer token. */
  token?: string;
}

/**
 * The body of `POST /evaluate`: the product's catalog-info.yaml as text, or one entity.
 *
 * @public
 */
export type EvaluateDraftRequest = { yaml: string } | { entity: unknown };

/**
 * The answer of `POST /evaluate`: `passed` is false when a required policy failed or
 * errored on any draft, so a CI step fails on it.
 *
 * @public
 */
export interface EvaluateDraftResponse {
  /** False when a required policy failed or errored on any product of the draft. */
  passed: boolean;
  /** One evaluation per DataProduct in the draft. */
  evaluations: ProductEvaluation[];
}

/**
 * A product named by namespace and name, as the per-product routes take it.
 *
 * @public
 */
export interface DataProductName {
  /** The product's namespace, e.g. `default`. */
  namespace: string;
  /** The product's name. */
  name: string;
}

/**
 * A client of the data-mesh backend (`/api/data-mesh`).
 *
 * @public
 */
export class DataMeshClient {
  private readonly discoveryApi: DataMeshClientOptions['discoveryApi'];
  private readonly fetchApi: NonNullable<DataMeshClientOptions['fetchApi']>;

  constructor(options: DataMeshClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /** `POST /evaluate` (EvaluateDraft): evaluates draft products against the policies. */
  async evaluateDraft(
    request: EvaluateDraftRequest,
    options?: DataMeshRequestOptions,
  ): Promise<EvaluateDraftResponse> {
    return this.request('POST', '/evaluate', options, request);
  }

  /** `GET /compliance/{namespace}/{name}` (GetProductCompliance). */
  async getProductCompliance(
    product: DataProductName,
    options?: DataMeshRequestOptions,
  ): Promise<ProductCompliance> {
    return this.request('GET', `/compliance/${this.path(product)}`, options);
  }

  /** `GET /products/{namespace}/{name}/slos` (GetProductSlos). */
  async getProductSlos(
    product: DataProductName,
    options?: DataMeshRequestOptions,
  ): Promise<ProductSloStatusResponse> {
    return this.request('GET', `/products/${this.path(product)}/slos`, options);
  }

  private path(product: DataProductName): string {
    return `${encodeURIComponent(product.namespace)}/${encodeURIComponent(
      product.name,
    )}`;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: DataMeshRequestOptions | undefined,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('data-mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(options?.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
