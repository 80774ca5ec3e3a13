import plugin from './alpha';
import { dataMeshPlugin } from './plugin';

describe('the data-mesh plugin', () => {
  it('offers every extension to the new frontend system under pluginId data-mesh', () => {
    expect(plugin.id).toBe('data-mesh');
    for (const id of [
      'api:data-mesh',
      'entity-card:data-mesh/data-product-overview',
      'entity-card:data-mesh/data-product-slos',
      'entity-card:data-mesh/data-product-lineage',
      'entity-content:data-mesh/compliance',
      'entity-card:data-mesh/domain-products',
      'entity-card:data-mesh/domain-compliance',
      'page:data-mesh',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('provides the API client to the legacy frontend system', () => {
    const apis = [...dataMeshPlugin.getApis()];
    expect(apis.map(a => a.api.id)).toEqual(['plugin.data-mesh.service']);
    expect(dataMeshPlugin.getId()).toBe('data-mesh');
  });
});
