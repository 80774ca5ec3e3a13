import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/test-utils';
import { DataMeshClient } from './DataMeshClient';

/** A fetch that answers from a table of routes and records the URLs asked for. */
function fakeFetch(routes: Record<string, { status?: number; body: unknown }>) {
  const urls: string[] = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL) => {
      const url = String(input);
      urls.push(url);
      const path = url.replace('http://localhost:7007/api/data-mesh', '');
      const route = routes[path];
      if (!route) {
        return new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: `No route ${path}` },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        );
      }
      return new Response(JSON.stringify(route.body), {
        status: route.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
  return { fetchApi, urls };
}

const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
const product = {
  kind: 'DataProduct',
  namespace: 'default',
  name: 'customer-360',
};

describe('DataMeshClient', () => {
  it('reads a product’s compliance and history from the data-mesh backend', async () => {
    const { fetchApi, urls } = fakeFetch({
      '/compliance/default/customer-360': {
        body: { entityRef: 'dataproduct:default/customer-360', score: 100 },
      },
      '/compliance/default/customer-360/history?limit=10&cursor=42': {
        body: { items: [], nextCursor: '12' },
      },
    });
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await expect(client.getProductCompliance(product)).resolves.toMatchObject({
      score: 100,
    });
    await expect(
      client.getComplianceHistory(product, { limit: 10, cursor: '42' }),
    ).resolves.toEqual({ items: [], nextCursor: '12' });
    expect(urls).toEqual([
      'http://localhost:7007/api/data-mesh/compliance/default/customer-360',
      'http://localhost:7007/api/data-mesh/compliance/default/customer-360/history?limit=10&cursor=42',
    ]);
  });

  it('passes list filters and leaves out unset ones', async () => {
    const { fetchApi, urls } = fakeFetch({
      '/compliance?limit=500&status=failing&domain=domain%3Adefault%2Fsales': {
        body: { items: [] },
      },
      '/compliance': { body: { items: [] } },
      '/compliance/mesh': { body: { products: 0 } },
      '/compliance/domains?includeSubdomains=false': { body: { items: [] } },
    });
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await client.listCompliance({
      limit: 500,
      status: 'failing',
      domain: 'domain:default/sales',
    });
    await client.listCompliance();
    await client.getMeshCompliance();
    await client.getDomainCompliance({ includeSubdomains: false });
    expect(urls).toHaveLength(4);
  });

  it('reads the mesh summary and pages of the mesh’s products with their query', async () => {
    const { fetchApi, urls } = fakeFetch({
      '/mesh/summary': { body: { coverage: 'mesh', products: 130 } },
      '/mesh/products?offset=100&limit=50&search=product%209&domain=domain%3Adefault%2Fsales&type=aggregate&lifecycle=production&classification=internal&compliance=unevaluated&sort=score&order=desc':
        { body: { items: [], totalItems: 0, offset: 100, limit: 50 } },
      '/mesh/products': { body: { items: [], totalItems: 130 } },
    });
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await expect(client.getMeshSummary()).resolves.toMatchObject({
      products: 130,
    });
    await expect(
      client.listMeshProducts({
        offset: 100,
        limit: 50,
        search: 'product 9',
        domain: 'domain:default/sales',
        type: 'aggregate',
        lifecycle: 'production',
        classification: 'internal',
        compliance: 'unevaluated',
        sort: 'score',
        order: 'desc',
      }),
    ).resolves.toMatchObject({ offset: 100 });
    // An empty search is no search.
    await expect(
      client.listMeshProducts({ search: '' }),
    ).resolves.toMatchObject({ totalItems: 130 });
    expect(urls).toHaveLength(3);
  });

  it('reads observed reality: SLOs and lineage with depth and direction', async () => {
    const { fetchApi } = fakeFetch({
      '/products/default/customer-360/slos': {
        body: { entityRef: 'dataproduct:default/customer-360', slos: [] },
      },
      '/products/default/customer-360/lineage?depth=3&direction=upstream': {
        body: {
          root: 'dataproduct:default/customer-360',
          nodes: [],
          edges: [],
        },
      },
    });
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await expect(client.getSloStatus(product)).resolves.toMatchObject({
      slos: [],
    });
    await expect(
      client.getLineage(product, { depth: 3, direction: 'upstream' }),
    ).resolves.toMatchObject({ root: 'dataproduct:default/customer-360' });
  });

  it('reads the column lineage of a product’s output ports', async () => {
    const body = {
      ports: [
        {
          port: 'profiles',
          dataset: { namespace: 's3://lake', name: 'customer/c360' },
          columns: [],
        },
      ],
    };
    const { fetchApi, urls } = fakeFetch({
      '/products/default/customer-360/lineage/columns': { body },
    });
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await expect(client.getColumnLineage(product)).resolves.toEqual(body);
    expect(urls).toEqual([
      'http://localhost:7007/api/data-mesh/products/default/customer-360/lineage/columns',
    ]);
  });

  it('escapes namespace and name in paths', async () => {
    const { fetchApi, urls } = fakeFetch({});
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    await client
      .getSloStatus({ kind: 'DataProduct', namespace: 'a/b', name: '../x' })
      .catch(() => {});
    expect(urls[0]).toBe(
      'http://localhost:7007/api/data-mesh/products/a%2Fb/..%2Fx/slos',
    );
  });

  it('throws a ResponseError carrying the backend’s error', async () => {
    const { fetchApi } = fakeFetch({});
    const client = new DataMeshClient({ discoveryApi, fetchApi });
    const error = await client.getProductCompliance(product).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.body.error.message).toBe(
      'No route /compliance/default/customer-360',
    );
  });
});
