import { parseInputPortRef, parseOutputPortApiRef } from './ports';

describe('parseInputPortRef', () => {
  it('defaults a data product reference to kind DataProduct', () => {
    expect(
      parseInputPortRef({ dataProduct: 'orders', port: 'orders-daily' }),
    ).toEqual({
      kind: 'DataProduct',
      namespace: 'default',
      name: 'orders',
    });
  });

  it('uses the namespace of the consuming product', () => {
    expect(
      parseInputPortRef(
        { dataProduct: 'orders' },
        { defaultNamespace: 'sales' },
      ),
    ).toEqual({ kind: 'DataProduct', namespace: 'sales', name: 'orders' });
    expect(
      parseInputPortRef(
        { dataProduct: 'dataproduct:default/orders' },
        { defaultNamespace: 'sales' },
      ),
    ).toEqual({ kind: 'dataproduct', namespace: 'default', name: 'orders' });
  });

  it('reads sources as full references, defaulting to Component', () => {
    expect(parseInputPortRef({ source: 'component:crm-service' })).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'crm-service',
    });
    expect(parseInputPortRef({ source: 'resource:ops/orders-db' })).toEqual({
      kind: 'resource',
      namespace: 'ops',
      name: 'orders-db',
    });
    expect(parseInputPortRef({ source: 'crm-service' })).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'crm-service',
    });
  });

  it('refuses ports that name both, or neither', () => {
    expect(() =>
      parseInputPortRef({ dataProduct: 'orders', source: 'component:crm' }),
    ).toThrow('An input port must name either dataProduct or source, not both');
    expect(() => parseInputPortRef({ port: 'daily' })).toThrow(
      'An input port must name what it reads: dataProduct or source',
    );
  });

  it('refuses bad references, naming the field and the value', () => {
    expect(() => parseInputPortRef({ dataProduct: 'api:orders' })).toThrow(
      'dataProduct must be a reference to a DataProduct, but found "api:orders" (kind api)',
    );
    expect(() => parseInputPortRef({ source: 'component:' })).toThrow(
      'source must be an entity reference such as "name" or "component:default/name" in the form [<kind>:][<namespace>/]<name>, but found "component:"',
    );
    expect(() => parseInputPortRef({ source: 'the crm' })).toThrow(
      'source must be an entity reference such as "name" or "component:default/name" whose kind, namespace and name are valid catalog names, but found "the crm"',
    );
  });
});

describe('parseOutputPortApiRef', () => {
  it('defaults to kind API, and is undefined without an api', () => {
    expect(
      parseOutputPortApiRef({
        name: 'profiles',
        type: 'table',
        api: 'profiles-api',
      }),
    ).toEqual({ kind: 'API', namespace: 'default', name: 'profiles-api' });
    expect(
      parseOutputPortApiRef({ name: 'profiles', type: 'table' }),
    ).toBeUndefined();
  });

  it('refuses references to other kinds', () => {
    expect(() =>
      parseOutputPortApiRef({ name: 'p', type: 'api', api: 'component:svc' }),
    ).toThrow('api must be a reference to an API, but found "component:svc"');
  });
});
