import { ScmIntegrationsApi } from '@backstage/integration-react';
import { mockApis } from '@backstage/test-utils';
import { isHttpUrl, resolveEntityUrl } from './links';

describe('isHttpUrl', () => {
  it.each([
    ['https://wiki.example.com/x', true],
    ['http://localhost:7007', true],
    // eslint-disable-next-line no-script-url -- the scheme this guards against
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['s3://lake/customer/profiles', false],
    ['kafka://customer.events', false],
    ['./contracts/orders.yaml', false],
    ['data:text/html,<b>x</b>', false],
    ['', false],
  ])('%s -> %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });

  it('is false for values that are not strings', () => {
    expect(isHttpUrl(undefined)).toBe(false);
    expect(isHttpUrl(42)).toBe(false);
  });
});

describe('resolveEntityUrl', () => {
  // The integrations an app has with no `integrations:` config: github.com and
  // plain URLs of any other host.
  const integrations = ScmIntegrationsApi.fromConfig(mockApis.config());
  const entity = (annotations?: Record<string, string>) => ({
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'orders', annotations },
  });
  const sourceLocation = (location: string) =>
    entity({ 'backstage.io/source-location': location });

  it('keeps absolute http(s) URLs', () => {
    expect(
      resolveEntityUrl('https://x.example/c.yaml', undefined, integrations),
    ).toBe('https://x.example/c.yaml');
  });

  it('resolves relative paths against an http(s) source location', () => {
    expect(
      resolveEntityUrl(
        './contracts/orders.yaml',
        sourceLocation('url:https://github.com/shopco/orders/tree/main/'),
        integrations,
      ),
    ).toBe('https://github.com/shopco/orders/tree/main/contracts/orders.yaml');
  });

  it("resolves against the entity's own file when no source location is set", () => {
    // getEntitySourceLocation falls back to the location the entity was read from.
    expect(
      resolveEntityUrl(
        './contracts/orders.yaml',
        entity({
          'backstage.io/managed-by-location':
            'url:https://git.example.com/shopco/orders/raw/main/catalog-info.yaml',
        }),
        integrations,
      ),
    ).toBe(
      'https://git.example.com/shopco/orders/raw/main/contracts/orders.yaml',
    );
  });

  it('gives nothing for file locations and other schemes', () => {
    expect(
      resolveEntityUrl(
        './contracts/orders.yaml',
        sourceLocation('file:/repo/'),
        integrations,
      ),
    ).toBeUndefined();
    expect(
      resolveEntityUrl('./contracts/orders.yaml', undefined, integrations),
    ).toBeUndefined();
    expect(
      resolveEntityUrl('./contracts/orders.yaml', entity(), integrations),
    ).toBeUndefined();
    expect(
      resolveEntityUrl(
        // eslint-disable-next-line no-script-url -- the scheme this guards against
        'javascript:alert(1)',
        sourceLocation('url:https://github.com/shopco/orders/'),
        integrations,
      ),
    ).toBeUndefined();
    expect(
      resolveEntityUrl(
        's3://lake/customer/profiles',
        sourceLocation('url:https://github.com/shopco/orders/'),
        integrations,
      ),
    ).toBeUndefined();
  });
});
