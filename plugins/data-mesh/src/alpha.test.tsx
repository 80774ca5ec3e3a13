import type { Entity } from '@backstage/catalog-model';
import {
  createFrontendModule,
  createTranslationMessages,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  dataProductEntity,
  domainEntity,
} from '@meshwork/plugin-data-mesh-test-utils';
import { screen, waitFor } from '@testing-library/react';
import plugin, {
  complianceEntityContent,
  dataMeshPage,
  dataMeshTranslationRef,
  dataProductLineageEntityCard,
  dataProductOverviewEntityCard,
  dataProductSloEntityCard,
  domainComplianceEntityCard,
  domainProductsEntityCard,
} from './alpha';
import { dataMeshApiRef } from './api/DataMeshApi';
import { dataMeshPlugin } from './plugin';
import { FakeDataMeshApi } from './__testUtils__/FakeDataMeshApi';
import { emptyMeshSummary } from './__testUtils__/fixtures';

// The cards are loaded lazily, as in an app: the first render of each waits for
// its chunk to be transformed, which can take seconds on a busy machine.
const LOADED = { timeout: 15_000 };

/**
 * Waits until what `query` finds is on the page. Lazily loaded content re-renders
 * as it arrives, so an element found once may be replaced: retry until it stays.
 */
const shows = (query: () => HTMLElement) =>
  waitFor(() => expect(query()).toBeInTheDocument(), LOADED);

// Every backend answer stays pending: the cards show their title and a progress bar.
const pendingApis = [
  [
    dataMeshApiRef,
    new FakeDataMeshApi({
      slos: { 'dataproduct:default/customer-360': 'pending' },
      lineage: () => 'pending',
      domains: 'pending',
    }),
  ],
  [
    catalogApiRef,
    {
      getEntities: () => new Promise(() => {}),
      queryEntities: () => new Promise(() => {}),
    },
  ],
] as const;

function renderCard(
  card: Parameters<typeof createExtensionTester>[0],
  entity: Entity,
  config?: { title: string },
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      {createExtensionTester(card, { config }).reactElement()}
    </EntityProvider>,
    {
      apis: pendingApis as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('the data-mesh plugin', () => {
  it('offers every extension to the new frontend system under pluginId data-mesh', () => {
    expect(plugin.pluginId).toBe('data-mesh');
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

describe('configuring the /alpha extensions', () => {
  const product = dataProductEntity();
  const domain = domainEntity('sales');

  it.each([
    [
      'data-product-overview',
      dataProductOverviewEntityCard,
      product,
      'Data product',
    ],
    [
      'data-product-slos',
      dataProductSloEntityCard,
      product,
      'Service level objectives',
    ],
    ['data-product-lineage', dataProductLineageEntityCard, product, 'Lineage'],
    ['domain-products', domainProductsEntityCard, domain, 'Data products'],
    [
      'domain-compliance',
      domainComplianceEntityCard,
      domain,
      'Domain compliance',
    ],
  ] as const)(
    'the %s card shows the title set in config, else its own',
    async (_name, card, entity, defaultTitle) => {
      const configured = await renderCard(card, entity, {
        title: 'Set in app-config',
      });
      await shows(() => screen.getByText('Set in app-config'));
      expect(screen.queryByText(defaultTitle)).toBeNull();
      configured.unmount();

      await renderCard(card, entity);
      await shows(() => screen.getByText(defaultTitle));
    },
  );

  it('names the Compliance tab as configured', () => {
    expect(
      createExtensionTester(complianceEntityContent).get(
        EntityContentBlueprint.dataRefs.title,
      ),
    ).toBe('Compliance');
    expect(
      createExtensionTester(complianceEntityContent, {
        config: { title: 'Governance' },
      }).get(EntityContentBlueprint.dataRefs.title),
    ).toBe('Governance');
  });

  it('shows the mesh page under the title set in config', async () => {
    await renderInTestApp(
      createExtensionTester(dataMeshPage, {
        config: { title: 'Our mesh' },
      }).reactElement(),
      { apis: pendingApis as any },
    );
    await shows(() => screen.getByRole('heading', { name: 'Our mesh' }));
    expect(screen.queryByRole('heading', { name: 'Data mesh' })).toBeNull();
  });
});

describe('the plugin in an app', () => {
  it('shows its text as the app translates it', async () => {
    renderTestApp({
      features: [
        plugin,
        // Apps add translations in a module of the app plugin.
        createFrontendModule({
          pluginId: 'app',
          extensions: [
            TranslationBlueprint.make({
              name: 'data-mesh-test',
              params: {
                resource: createTranslationMessages({
                  ref: dataMeshTranslationRef,
                  messages: { 'meshPage.empty.title': 'Noch kein Datennetz' },
                }),
              },
            }),
          ],
        }),
      ],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [] })],
        [dataMeshApiRef, new FakeDataMeshApi({ summary: emptyMeshSummary() })],
      ],
      initialRouteEntries: ['/data-mesh'],
    });
    await shows(() => screen.getByText('Noch kein Datennetz'));
    // What the app does not translate keeps the plugin's own text.
    expect(
      screen.getByText(/Register Domain and DataProduct entities/),
    ).toBeInTheDocument();
  });
});
