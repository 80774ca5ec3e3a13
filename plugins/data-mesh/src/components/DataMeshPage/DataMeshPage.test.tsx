import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  MeshProductItem,
  MeshProductsResponse,
  MeshSummaryResponse,
} from '@meshwork/plugin-data-mesh-common';
import type { ListMeshProductsOptions } from '../../api/DataMeshApi';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import { complianceSummary } from '../../__testUtils__/fixtures';
import { DataMeshPage } from './DataMeshPage';

/*
 * The page shows what the server answers: the figures of `GET /mesh/summary` as they
 * are, and the product list as `GET /mesh/products` pages, filters, searches and sorts
 * it. The figures below are those of a mesh far larger than any page (10,017 products
 * in 209 domains), so nothing on the page can come from a sample of the list.
 */

const summary: MeshSummaryResponse = {
  coverage: 'mesh',
  products: 10017,
  domains: 209,
  domainsWithProducts: 206,
  productsWithoutDomain: 3,
  productsPerDomain: 48.6,
  compliance: complianceSummary({
    products: 10017,
    passing: 8082,
    warning: 935,
    failing: 1000,
    compliant: 9017,
    compliantShare: 90,
    averageScore: 93.4,
  }),
  slos: {
    products: 6000,
    measured: 4000,
    meeting: 3000,
    meetingShare: 75,
    checkedAt: '2026-11-21T10:05:00.000Z',
  },
  domainFigures: [
    {
      domainRef: 'domain:default/orders',
      title: 'Orders',
      parentRef: 'domain:default/sales',
      products: 80,
      compliance: {
        products: 50,
        passing: 30,
        warning: 10,
        failing: 10,
        compliant: 40,
        compliantShare: 80,
        averageScore: 91.2,
      },
      slos: { products: 40, measured: 20, meeting: 15, meetingShare: 75 },
    },
    {
      domainRef: 'domain:default/empty',
      title: 'Empty',
      products: 0,
      compliance: {
        products: 0,
        passing: 0,
        warning: 0,
        failing: 0,
        compliant: 0,
        compliantShare: 100,
        averageScore: 100,
      },
      slos: { products: 0, measured: 0, meeting: 0, meetingShare: null },
    },
    {
      domainRef: null,
      products: 3,
      compliance: {
        products: 3,
        passing: 3,
        warning: 0,
        failing: 0,
        compliant: 3,
        compliantShare: 100,
        averageScore: 100,
      },
      slos: { products: 0, measured: 0, meeting: 0, meetingShare: null },
    },
  ],
  filters: {
    types: ['aggregate', 'source-aligned'],
    lifecycles: ['experimental', 'production'],
    classifications: ['confidential', 'internal'],
  },
  lastSweep: {
    finishedAt: '2026-11-21T10:00:00.000Z',
    products: 10017,
    domains: 209,
    durationMs: 8700,
  },
  lastIncrementalSweep: null,
};

function product(i: number, extra: Partial<MeshProductItem> = {}) {
  return {
    entityRef: `dataproduct:default/product-${i}`,
    namespace: 'default',
    name: `product-${i}`,
    title: `Product ${i}`,
    domainRef: 'domain:default/orders',
    type: 'aggregate',
    lifecycle: 'production',
    classification: 'internal',
    compliance: { status: 'passing' as const, score: 100 },
    slos: { declared: 2, measured: 2, met: 2 },
    ...extra,
  };
}

/**
 * The server's answer for a query: a page of a mesh of `summary.products`; a search for
 * "Product 9999" finds that one product, the failing filter 1,000.
 */
function pageOf(options: ListMeshProductsOptions): MeshProductsResponse {
  const offset = options.offset ?? 0;
  const limit = options.limit ?? 20;
  if (options.search) {
    return {
      items: options.search === 'Product 9999' ? [product(9999)] : [],
      totalItems: options.search === 'Product 9999' ? 1 : 0,
      offset,
      limit,
      coverage: 'mesh',
    };
  }
  const total = options.compliance === 'failing' ? 1000 : summary.products;
  return {
    items: Array.from({ length: limit }, (_, k) =>
      product(offset + k, {
        ...(options.compliance === 'failing'
          ? { compliance: { status: 'failing', score: 60 } }
          : {}),
        ...(offset + k === 1
          ? {
              compliance: undefined,
              slos: { declared: 0, measured: null, met: null },
            }
          : {}),
        ...(offset + k === 2
          ? { slos: { declared: 1, measured: null, met: null } }
          : {}),
      }),
    ),
    totalItems: total,
    offset,
    limit,
    coverage: 'mesh',
  };
}

function fakeApi(
  overrides: ConstructorParameters<typeof FakeDataMeshApi>[0] = {},
) {
  return new FakeDataMeshApi({ summary, products: pageOf, ...overrides });
}

function render(api: FakeDataMeshApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[dataMeshApiRef, api]]}>
      <DataMeshPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const listCalls = (api: FakeDataMeshApi) =>
  api.calls
    .filter(c => c.method === 'listMeshProducts')
    .map(c => c.args[0] as ListMeshProductsOptions);

const figure = (name: string) =>
  within(screen.getByLabelText('Adoption figures')).getByRole('group', {
    name,
  });

describe('DataMeshPage', () => {
  it('shows the server’s figures over the whole mesh', async () => {
    const api = fakeApi();
    await render(api);
    await screen.findByLabelText('Adoption figures');
    const products = figure('data products');
    expect(within(products).getByText('10,017')).toBeInTheDocument();
    expect(
      within(products).getByText('in 206 of 209 domains, 3 without a domain'),
    ).toBeInTheDocument();
    expect(
      within(figure('products per domain')).getByText('48.6'),
    ).toBeInTheDocument();
    const compliant = figure('compliant');
    expect(within(compliant).getByText('90%')).toBeInTheDocument();
    expect(
      within(compliant).getByText('9,017 of 10,017 evaluated products'),
    ).toBeInTheDocument();
    const slos = figure('meet their SLOs');
    expect(within(slos).getByText('75%')).toBeInTheDocument();
    expect(
      within(slos).getByText(
        '3,000 of 4,000 products with measured SLOs (6,000 declare SLOs)',
      ),
    ).toBeInTheDocument();
    // One request for the figures and one for the list's first page: no sample of
    // per-product reads.
    await screen.findByText('10,017 of 10,017 products');
    expect(api.calls.map(c => c.method).sort()).toEqual([
      'getMeshSummary',
      'listMeshProducts',
    ]);
  });

  it('keeps each compliance figure apart and says when the last sweep finished', async () => {
    await render(fakeApi());
    await screen.findByText('Compliance across the mesh');
    const figures = screen.getByRole('group', { name: 'Compliance figures' });
    expect(
      within(
        within(figures).getByRole('group', { name: 'products evaluated' }),
      ).getByText('10,017'),
    ).toBeInTheDocument();
    expect(
      within(within(figures).getByRole('group', { name: 'passing' })).getByText(
        '8,082',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Average score 93.4')).toBeInTheDocument();
    expect(
      screen.getByText(
        `Last sweep finished ${new Date(
          '2026-11-21T10:00:00.000Z',
        ).toLocaleString(undefined, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        })}`,
      ),
    ).toBeInTheDocument();
  });

  it('shows each domain’s own figures as the server counts them', async () => {
    await render(fakeApi());
    const domainsTable = (await screen.findByText('Domains')).closest(
      'div[class*="MuiPaper"]',
    ) as HTMLElement;
    const orders = within(domainsTable)
      .getByRole('link', { name: 'Orders' })
      .closest('tr')!;
    expect(within(orders).getByText('80')).toBeInTheDocument();
    expect(within(orders).getByText('80% of 50')).toBeInTheDocument();
    expect(within(orders).getByText('75% of 20')).toBeInTheDocument();
    expect(
      within(orders).getByRole('link', { name: /sales/ }),
    ).toBeInTheDocument();
    const empty = within(domainsTable)
      .getByRole('link', { name: 'Empty' })
      .closest('tr')!;
    expect(within(empty).getAllByText('–').length).toBeGreaterThan(0);
    const none = within(domainsTable).getByText('No domain').closest('tr')!;
    expect(within(none).getByText('3')).toBeInTheDocument();
  });

  it('asks the server for each page, search, filter and sort of the products', async () => {
    const api = fakeApi();
    await render(api);
    expect(
      await screen.findByText('10,017 of 10,017 products'),
    ).toBeInTheDocument();
    expect(listCalls(api)[0]).toMatchObject({
      offset: 0,
      limit: 20,
      sort: 'title',
      order: 'asc',
    });
    const first = screen
      .getByRole('link', { name: 'Product 0' })
      .closest('tr')!;
    expect(within(first).getByText('Passing')).toBeInTheDocument();
    expect(within(first).getByText('score 100')).toBeInTheDocument();
    expect(within(first).getByText('2/2 met')).toBeInTheDocument();
    const second = screen
      .getByRole('link', { name: 'Product 1' })
      .closest('tr')!;
    expect(within(second).getByText('not evaluated yet')).toBeInTheDocument();
    expect(within(second).getByText('no SLOs')).toBeInTheDocument();
    const third = screen
      .getByRole('link', { name: 'Product 2' })
      .closest('tr')!;
    expect(within(third).getByText('no data')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Product 20' })).toBeNull();

    // The next page comes from the server.
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await screen.findByRole('link', { name: 'Product 20' });
    expect(listCalls(api).at(-1)).toMatchObject({ offset: 20, limit: 20 });

    // A filter starts again at the first page.
    await userEvent.click(screen.getByLabelText('Compliance'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failing' }),
    );
    expect(
      await screen.findByText('1,000 of 10,017 products'),
    ).toBeInTheDocument();
    expect(listCalls(api).at(-1)).toMatchObject({
      offset: 0,
      compliance: 'failing',
    });
    await userEvent.click(screen.getByLabelText('Compliance'));
    await userEvent.click(await screen.findByRole('option', { name: 'All' }));

    // The search reaches a product far beyond the first page.
    await userEvent.type(screen.getByLabelText('Search'), 'Product 9999');
    expect(await screen.findByText('1 of 10,017 products')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Product 9999' }),
    ).toBeInTheDocument();
    expect(listCalls(api).at(-1)).toMatchObject({
      offset: 0,
      search: 'Product 9999',
    });
    // Typing is sent once it pauses, not a request per key.
    expect(
      listCalls(api).filter(c => c.search !== undefined).length,
    ).toBeLessThan(4);

    await userEvent.clear(screen.getByLabelText('Search'));
    await userEvent.type(screen.getByLabelText('Search'), 'nothing like it');
    expect(
      await screen.findByText('No product matches the filters.'),
    ).toBeInTheDocument();

    // Sorting is the server's too.
    await userEvent.click(screen.getByLabelText('Sort by'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Compliance score' }),
    );
    await userEvent.click(screen.getByLabelText('Order'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'descending' }),
    );
    await waitFor(() =>
      expect(listCalls(api).at(-1)).toMatchObject({
        sort: 'score',
        order: 'desc',
        offset: 0,
      }),
    );
  });

  it('offers the filter values the server lists', async () => {
    await render(fakeApi());
    await screen.findByText('10,017 of 10,017 products');
    await userEvent.click(screen.getByLabelText('Type'));
    expect(
      await screen.findByRole('option', { name: 'aggregate' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', { name: 'source-aligned' }),
    ).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByLabelText('Domain'));
    // Domains with products only.
    expect(
      await screen.findByRole('option', { name: 'Orders' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Empty' })).toBeNull();
  });

  it('says when the figures cover only the products the reader may see', async () => {
    await render(fakeApi({ summary: { ...summary, coverage: 'visible' } }));
    expect(
      (
        await screen.findAllByText(
          'Over the data products you may see in the catalog, not the whole mesh',
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('shows the figures before the first sweep and SLO roll-up', async () => {
    await render(
      fakeApi({
        summary: {
          ...summary,
          compliance: complianceSummary({
            products: 0,
            passing: 0,
            warning: 0,
            failing: 0,
            compliant: 0,
            compliantShare: 100,
            policies: [],
          }),
          slos: {
            ...summary.slos,
            measured: 0,
            meeting: 0,
            meetingShare: null,
            checkedAt: null,
          },
          lastSweep: null,
        },
      }),
    );
    expect(
      await screen.findByText('No products evaluated yet'),
    ).toBeInTheDocument();
    expect(screen.getByText('no products evaluated yet')).toBeInTheDocument();
    expect(
      screen.getByText('6,000 products declare SLOs; not checked yet'),
    ).toBeInTheDocument();
  });

  it('keeps the product list when the figures cannot be read', async () => {
    await render(
      fakeApi({ summary: new Error('data-mesh backend unavailable') }),
    );
    expect(
      (await screen.findAllByText(/data-mesh backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(await screen.findByText('10,017 products')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Product 0' })).toBeInTheDocument();
  });

  it('shows the list’s error without hiding the figures', async () => {
    await render(fakeApi({ products: () => new Error('list unavailable') }));
    expect(
      (await screen.findAllByText(/list unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByLabelText('Adoption figures')).toBeInTheDocument();
  });

  it('explains an empty mesh', async () => {
    await render(
      fakeApi({
        summary: {
          ...summary,
          products: 0,
          domains: 0,
          domainsWithProducts: 0,
          productsWithoutDomain: 0,
          domainFigures: [],
        },
      }),
    );
    expect(await screen.findByText('No data mesh yet')).toBeInTheDocument();
  });

  it('shows a progress bar while the figures load', async () => {
    await render(fakeApi({ summary: 'pending' }));
    await waitFor(() =>
      expect(screen.getByTestId('progress')).toBeInTheDocument(),
    );
  });
});
