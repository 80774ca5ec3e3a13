import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { MAX_DOMAIN_DEPTH } from '@meshwork/plugin-data-mesh-common';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { domain } from '../__testUtils__/fixtures';
import { fetchDomainTree, productDomainRef } from './catalog';

describe('fetchDomainTree', () => {
  /** d0 <- d1 <- d2 ...: each domain a subdomain of the one before. */
  const chain = (length: number) =>
    Array.from({ length }, (_, i) =>
      domain(`d${i}`, { parent: i ? `d${i - 1}` : undefined }),
    );

  it('follows subdomains as deep as the backend rolls compliance up, no deeper', async () => {
    const catalogApi = catalogApiMock({
      entities: chain(MAX_DOMAIN_DEPTH + 5),
    });
    const refs = await fetchDomainTree(catalogApi, 'domain:default/d0');
    expect(refs).toHaveLength(MAX_DOMAIN_DEPTH + 1);
    expect(refs).toContain(`domain:default/d${MAX_DOMAIN_DEPTH}`);
    expect(refs).not.toContain(`domain:default/d${MAX_DOMAIN_DEPTH + 1}`);
  });

  it('ends on a domain that is its own ancestor', async () => {
    const catalogApi = catalogApiMock({
      entities: [domain('a', { parent: 'b' }), domain('b', { parent: 'a' })],
    });
    expect(await fetchDomainTree(catalogApi, 'domain:default/A')).toEqual([
      'domain:default/a',
      'domain:default/b',
    ]);
  });
});

describe('productDomainRef', () => {
  it("takes the catalog's partOf relation first", () => {
    expect(
      productDomainRef({
        ...dataProductEntity({ spec: { domain: 'customer' } }),
        relations: [{ type: 'partOf', targetRef: 'domain:default/Sales' }],
      }),
    ).toBe('domain:default/sales');
  });

  it("reads spec.domain in the product's namespace without relations", () => {
    expect(
      productDomainRef(
        dataProductEntity({ namespace: 'shop', spec: { domain: 'Customer' } }),
      ),
    ).toBe('domain:shop/customer');
    expect(
      productDomainRef(dataProductEntity({ spec: { domain: undefined } })),
    ).toBeUndefined();
  });
});
