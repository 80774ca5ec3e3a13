import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import {
  catalogProduct,
  compliance,
  customer360Slos,
  domain,
  noDataSlos,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityDomainProductsCard } from './EntityDomainProductsCard';

const sales = domain('sales', { title: 'Sales' });
const orders = domain('orders', { title: 'Orders', parent: 'sales' });
const finance = domain('finance');

function render(
  entities: Parameters<typeof catalogApiMock>[0],
  api: FakeDataMeshApi,
  entity = sales,
) {
  return renderForEntity(<EntityDomainProductsCard />, {
    entity,
    apis: [
      [catalogApiRef, catalogApiMock(entities)],
      [dataMeshApiRef, api],
    ],
  });
}

describe('EntityDomainProductsCard', () => {
  it('lists the products of the domain and its subdomains with their health', async () => {
    const api = new FakeDataMeshApi({
      compliance: {
        'dataproduct:default/sales-performance': compliance(
          'dataproduct:default/sales-performance',
          'passing',
          100,
        ),
        'dataproduct:default/returns': compliance(
          'dataproduct:default/returns',
          'failing',
          82,
        ),
      },
      slos: {
        'dataproduct:default/sales-performance': {
          ...customer360Slos,
          entityRef: 'dataproduct:default/sales-performance',
        },
        'dataproduct:default/returns': new Error('observed store down'),
      },
    });
    await render(
      {
        entities: [
          sales,
          orders,
          finance,
          catalogProduct('sales-performance', 'sales', {}, 'Sales Performance'),
          catalogProduct(
            'returns',
            'orders',
            { classification: 'internal' },
            'Returns',
          ),
          catalogProduct('revenue-ledger', 'finance', {}, 'Revenue Ledger'),
        ],
      },
      api,
    );
    expect(await screen.findByText('Data products (2)')).toBeInTheDocument();
    expect(screen.queryByText('Revenue Ledger')).toBeNull();
    const perf = screen
      .getByRole('link', { name: 'Sales Performance' })
      .closest('tr')!;
    expect(within(perf).getByText('this domain')).toBeInTheDocument();
    expect(await within(perf).findByText('Passing')).toBeInTheDocument();
    expect(within(perf).getByText('score 100')).toBeInTheDocument();
    expect(await within(perf).findByText('1/2 met')).toBeInTheDocument();

    const returns = screen
      .getByRole('link', { name: 'Returns' })
      .closest('tr')!;
    expect(
      within(returns).getByRole('link', { name: /orders/ }),
    ).toHaveAttribute('href', '/catalog/default/domain/orders');
    expect(await within(returns).findByText('Failing')).toBeInTheDocument();
    expect(await within(returns).findByText('unavailable')).toBeInTheDocument();
    expect(within(returns).getByText('internal')).toBeInTheDocument();
  });

  it('shows an empty state for a domain without products', async () => {
    await render({ entities: [finance] }, new FakeDataMeshApi(), finance);
    expect(
      await screen.findByText('No data products in this domain yet'),
    ).toBeInTheDocument();
  });

  it('bounds the list to pages of 10', async () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      catalogProduct(
        `p-${String(i).padStart(2, '0')}`,
        'sales',
        {},
        `P ${String(i).padStart(2, '0')}`,
      ),
    );
    const api = new FakeDataMeshApi({
      compliance: Object.fromEntries(
        many.map(p => [
          `dataproduct:default/${p.metadata.name}`,
          compliance(`dataproduct:default/${p.metadata.name}`, 'passing', 100),
        ]),
      ),
      slos: Object.fromEntries(
        many.map(p => [`dataproduct:default/${p.metadata.name}`, noDataSlos]),
      ),
    });
    await render({ entities: [sales, ...many] }, api);
    expect(await screen.findByText('Data products (14)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'P 09' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'P 10' })).toBeNull();
    // Health is fetched for the rows on screen only.
    await screen.findAllByText('no data');
    expect(api.calls.filter(c => c.method === 'getSloStatus')).toHaveLength(10);
  });

  it('shows catalog errors', async () => {
    await renderForEntity(<EntityDomainProductsCard />, {
      entity: sales,
      apis: [
        [
          catalogApiRef,
          {
            getEntities: async () => {
              throw new Error('catalog is down');
            },
          } as any,
        ],
        [dataMeshApiRef, new FakeDataMeshApi()],
      ],
    });
    expect(
      (await screen.findAllByText(/catalog is down/)).length,
    ).toBeGreaterThan(0);
  });
});
