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
  const entity = (location?: string) => ({
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name: 'orders',
      annotations: location
        ? { 'backstage.io/source-location': location }
        : undefined,
    },
  });

  it('keeps absolute http(s) URLs', () => {
    expect(resolveEntityUrl('https://x.example/c.yaml')).toBe(
      'https://x.example/c.yaml',
    );
  });

  it('resolves relative paths against an http(s) source location', () => {
    expect(
      resolveEntityUrl(
        './contracts/orders.yaml',
        entity('url:https://github.com/shopco/orders/tree/main/'),
      ),
    ).toBe('https://github.com/shopco/orders/tree/main/contracts/orders.yaml');
  });

  it('gives nothing for file locations and other schemes', () => {
    expect(
      resolveEntityUrl('./contracts/orders.yaml', entity('file:/repo/')),
    ).toBeUndefined();
    expect(resolveEntityUrl('./contracts/orders.yaml')).toBeUndefined();
    expect(
      resolveEntityUrl(
        // eslint-disable-next-line no-script-url -- the scheme this guards against
        'javascript:alert(1)',
        entity('url:https://github.com/shopco/orders/'),
      ),
    ).toBeUndefined();
  });
});
