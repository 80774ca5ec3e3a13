import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MeshComplianceSummary } from '@meshwork/plugin-data-mesh-common';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import {
  catalogProduct,
  complianceListItem,
  complianceSummary,
  customer360Slos,
  domain,
  noDataSlos,
} from '../../__testUtils__/fixtures';
import { DataMeshPage } from './DataMeshPage';

const entities = [
  domain('sales', { title: 'Sales' }),
  domain('orders', { title: 'Orders', parent: 'sales' }),
  domain('customer', { title: 'Customer' }),
  domain('empty', { title: 'Empty' }),
  catalogProduct(
    'returns',
    'orders',
    {
      lifecycle: 'production',
      slos: [{ indicator: 'freshness', objective: '1d' }],
    },
    'Returns',
  ),
  catalogProduct(
    'orders',
    'orders',
    {
      classification: 'confidential',
      slos: [{ indicator: 'freshness', objective: '1h' }],
    },
    'Orders',
  ),
  catalogProduct(
    'sales-performance',
    'sales',
    { lifecycle: 'experimental' },
    'Sales Performance',
  ),
  catalogProduct(
    'customer-360',
    'customer',
    {
      classification: 'confidential',
      slos: [{ indicator: 'freshness', objective: '15m' }],
    },
    'Customer 360',
  ),
];

const item = (
  name: string,
  status: 'passing' | 'warning' | 'failing',
  score: number,
  domainName: string,
) =>
  complianceListItem(
    `dataproduct:default/${name}`,
    status,
    score,
    `domain:default/${domainName}`,
  );

const mesh: MeshComplianceSummary = {
  ...complianceSummary(),
  lastSweep: {
    finishedAt: '2026-11-21T10:00:00.000Z',
    products: 4,
    domains: 4,
    durationMs: 120,
  },
};

function fakeApi(
  overrides: ConstructorParameters<typeof FakeDataMeshApi>[0] = {},
) {
  const list = [
    item('customer-360', 'passing', 100, 'customer'),
    item('orders', 'passing', 100, 'orders'),
    item('returns', 'failing', 70, 'orders'),
    item('sales-performance', 'warning', 90, 'sales'),
  ];
  return new FakeDataMeshApi({
    mesh,
    domains: {
      items: [
        {
          ...mesh,
          domainRef: 'domain:default/orders',
          products: 2,
          passing: 1,
          warning: 0,
          failing: 1,
          compliant: 1,
          compliantShare: 50,
          averageScore: 85,
        },
        {
          ...mesh,
          domainRef: 'domain:default/customer',
          products: 1,
          passing: 1,
          warning: 0,
          failing: 0,
          compliant: 1,
          compliantShare: 100,
          averageScore: 100,
        },
      ],
    },
    // Two pages, to follow the cursor.
    list: options =>
      options.cursor
        ? { items: list.slice(2) }
        : { items: list.slice(0, 2), nextCursor: 'page-2' },
    slos: {
      'dataproduct:default/customer-360': customer360Slos,
      'dataproduct:default/orders': {
        ...customer360Slos,
        slos: [customer360Slos.slos[0]],
      },
      'dataproduct:default/returns': noDataSlos,
    },
    ...overrides,
  });
}

function render(api: FakeDataMeshApi, catalog = catalogApiMock({ entities })) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalog],
        [dataMeshApiRef, api],
      ]}
    >
      <DataMeshPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('DataMeshPage', () => {
  it('shows the adoption figures', async () => {
    await render(fakeApi());
    const figures = await screen.findByLabelText('Adoption figures');
    expect(within(figures).getByText('4')).toBeInTheDocument(); // products
    expect(within(figures).getByText('in 3 of 4 domains')).toBeInTheDocument();
    expect(within(figures).getByText('1.3')).toBeInTheDocument(); // per domain
    expect(within(figures).getByText('75%')).toBeInTheDocument();
    expect(
      within(figures).getByText('3 of 4 evaluated products'),
    ).toBeInTheDocument();
    // customer-360 misses one SLO, orders meets its one, returns has no data.
    expect(await within(figures).findByText('50%')).toBeInTheDocument();
    expect(
      within(figures).getByText('1 of 2 products with measured SLOs'),
    ).toBeInTheDocument();
  });

  it('shows compliance across the mesh and per domain', async () => {
    await render(fakeApi());
    expect(
      await screen.findByText('Compliance across the mesh'),
    ).toBeInTheDocument();
    expect(screen.getByText('Average score 90')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Failing policies' })).getByText(
        'retention-policy',
      ),
    ).toBeInTheDocument();
    const domainsTable = screen
      .getByText('Domains')
      .closest('div[class*="MuiPaper"]') as HTMLElement;
    const ordersRow = within(domainsTable)
      .getByRole('link', { name: 'Orders' })
      .closest('tr')!;
    expect(within(ordersRow).getByText('50% of 2')).toBeInTheDocument();
    expect(
      within(ordersRow).getByRole('link', { name: /sales/ }),
    ).toBeInTheDocument();
    const emptyRow = within(domainsTable)
      .getByRole('link', { name: 'Empty' })
      .closest('tr')!;
    expect(within(emptyRow).getAllByText('–').length).toBeGreaterThan(0);
  });

  it('lists the products with their compliance and SLOs, and filters them', async () => {
    await render(fakeApi());
    expect(await screen.findByText('4 of 4 products')).toBeInTheDocument();
    const returns = screen
      .getByRole('link', { name: 'Returns' })
      .closest('tr')!;
    expect(within(returns).getByText('Failing')).toBeInTheDocument();
    expect(within(returns).getByText('score 70')).toBeInTheDocument();
    expect(await within(returns).findByText('no data')).toBeInTheDocument();
    const perf = screen
      .getByRole('link', { name: 'Sales Performance' })
      .closest('tr')!;
    expect(within(perf).getByText('no SLOs')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Compliance'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failing' }),
    );
    expect(await screen.findByText('1 of 4 products')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Customer 360' })).toBeNull();

    await userEvent.click(screen.getByLabelText('Compliance'));
    await userEvent.click(await screen.findByRole('option', { name: 'All' }));
    await userEvent.type(screen.getByLabelText('Search'), 'customer');
    expect(await screen.findByText('1 of 4 products')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Customer 360' }),
    ).toBeInTheDocument();
  });

  it('shows products before the first compliance sweep', async () => {
    await render(
      fakeApi({
        mesh: {
          ...mesh,
          products: 0,
          passing: 0,
          warning: 0,
          failing: 0,
          compliant: 0,
          compliantShare: 100,
          policies: [],
          lastSweep: null,
        },
        domains: { items: [] },
        list: () => ({ items: [] }),
      }),
    );
    expect(
      await screen.findByText('No products evaluated yet'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('not evaluated yet').length).toBe(4);
    expect(screen.getByText('no products evaluated yet')).toBeInTheDocument();
  });

  it('says when SLO status cannot be read', async () => {
    await render(
      fakeApi({
        slos: {
          'dataproduct:default/customer-360': new Error('observed store down'),
          'dataproduct:default/orders': new Error('observed store down'),
          'dataproduct:default/returns': new Error('observed store down'),
        },
      }),
    );
    expect(
      await screen.findByText('SLO status unavailable: observed store down'),
    ).toBeInTheDocument();
  });

  it('keeps the catalog part when the data-mesh backend fails', async () => {
    await render(
      fakeApi({
        mesh: new Error('data-mesh backend unavailable'),
      }),
    );
    expect(
      (await screen.findAllByText(/data-mesh backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('link', { name: 'Customer 360' }),
    ).toBeInTheDocument();
  });

  it('pages the product list', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      catalogProduct(
        `p-${String(i).padStart(2, '0')}`,
        'sales',
        {},
        `P ${String(i).padStart(2, '0')}`,
      ),
    );
    await render(
      fakeApi({ list: () => ({ items: [] }) }),
      catalogApiMock({ entities: [domain('sales'), ...many] }),
    );
    expect(await screen.findByText('25 of 25 products')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'P 19' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'P 20' })).toBeNull();
  });

  it('explains an empty mesh', async () => {
    await render(fakeApi(), catalogApiMock({ entities: [] }));
    expect(await screen.findByText('No data mesh yet')).toBeInTheDocument();
  });

  it('shows a progress bar while the catalog loads', async () => {
    await render(fakeApi(), {
      getEntities: () => new Promise(() => {}),
      queryEntities: () => new Promise(() => {}),
    } as any);
    await waitFor(() =>
      expect(screen.getByTestId('progress')).toBeInTheDocument(),
    );
  });
});
