import type {
  LineageGraphResponse,
  ProductColumnLineageResponse,
} from '@meshwork/plugin-data-mesh-common';
import { dataProductEntity } from '@meshwork/plugin-data-mesh-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import {
  customer360,
  customer360Lineage,
  syntheticLineage,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityDataProductLineageCard } from './EntityDataProductLineageCard';

const REF = 'dataproduct:default/customer-360';

beforeAll(() => {
  // jsdom does not lay out SVG; DependencyGraph measures nodes with getBBox.
  (window.SVGElement.prototype as any).getBBox = () => ({
    x: 0,
    y: 0,
    width: 120,
    height: 40,
  });
});

function render(api: FakeDataMeshApi, entity = customer360) {
  return renderForEntity(
    <Routes>
      <Route path="/" element={<EntityDataProductLineageCard />} />
      <Route
        path="/catalog/:namespace/:kind/:name"
        element={<div>the entity page</div>}
      />
    </Routes>,
    { entity, apis: [[dataMeshApiRef, api]] },
  );
}

const graphNode = (name: RegExp) =>
  screen.findByRole('link', { name }, { timeout: 3000 });

describe('EntityDataProductLineageCard', () => {
  it('shows a progress bar while loading', async () => {
    await render(new FakeDataMeshApi({ lineage: () => 'pending' }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(
      new FakeDataMeshApi({
        lineage: () => new Error('lineage store unavailable'),
      }),
    );
    expect(
      (await screen.findAllByText(/lineage store unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('explains an empty lineage', async () => {
    const lonely: LineageGraphResponse = {
      ...customer360Lineage,
      nodes: [customer360Lineage.nodes[0]],
      edges: [],
      drift: {
        ...customer360Lineage.drift,
        observedUndeclared: [],
        declaredUnseen: [],
      },
    };
    await render(new FakeDataMeshApi({ lineage: () => lonely }));
    expect(await screen.findByText('No lineage yet')).toBeInTheDocument();
  });

  it('draws declared, observed and drifting edges differently, with a legend and the drift', async () => {
    const api = new FakeDataMeshApi({ lineage: () => customer360Lineage });
    await render(api);
    await graphNode(/^Customer Profiles \(data product\)/);
    expect(api.calls[0]).toEqual({
      method: 'getLineage',
      args: [REF, { depth: 1, direction: 'both' }],
    });
    const style = (from: string) =>
      document
        .querySelector(`path[data-edge^="${from}->"]`)
        ?.getAttribute('data-edge-style');
    expect(style('dataproduct:default/customer-profiles')).toBe('both');
    expect(style('component:default/crm-service')).toBe('declared');
    expect(style(REF)).toBe('observed');
    expect(style('ol-dataset:s3://shopco-lake/tmp/web_sessions_raw')).toBe(
      'drift',
    );
    const dash = (from: string) =>
      document
        .querySelector(`path[data-edge^="${from}->"]`)
        ?.getAttribute('stroke-dasharray');
    expect(dash('dataproduct:default/customer-profiles')).toBeNull();
    expect(dash(REF)).toBe('6 4');
    expect(dash('dataproduct:default/campaign-engagement')).toBe('2 3');

    const legend = screen.getByRole('list', { name: 'Edge legend' });
    for (const label of [
      'declared and observed',
      'declared only',
      'observed only',
      'drift',
    ]) {
      expect(within(legend).getByText(label)).toBeInTheDocument();
    }
    expect(
      screen.getByText(
        'Read by runs but not declared as inputs: tmp/web_sessions_raw',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Declared as inputs but not read by any run: Campaign Engagement',
      ),
    ).toBeInTheDocument();
    // A dataset is not a catalog entity: not a link.
    expect(screen.queryByRole('link', { name: /web_sessions_raw/ })).toBeNull();
    expect(screen.queryByText(/Partial lineage/)).toBeNull();
  });

  it('opens the entity page of a clicked node', async () => {
    await render(new FakeDataMeshApi({ lineage: () => customer360Lineage }));
    const orders = await graphNode(/^Orders \(data product\)/);
    fireEvent.click(orders);
    expect(await screen.findByText('the entity page')).toBeInTheDocument();
  });

  it('asks the backend for another depth and direction', async () => {
    const api = new FakeDataMeshApi({ lineage: () => customer360Lineage });
    await render(api);
    await graphNode(/^Orders/);
    await userEvent.click(screen.getByLabelText('Depth'));
    await userEvent.click(
      await screen.findByRole('option', { name: '4 hops' }),
    );
    await userEvent.click(screen.getByLabelText('Direction'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Upstream' }),
    );
    await waitFor(() =>
      expect(api.calls.map(c => c.args[1])).toContainEqual({
        depth: 4,
        direction: 'upstream',
      }),
    );
  });

  it('loads more lineage around a product at the edge when expanded', async () => {
    const api = new FakeDataMeshApi({
      lineage: (ref, options) =>
        ref === 'dataproduct:default/orders'
          ? {
              ...customer360Lineage,
              root: ref,
              depth: 1,
              nodes: [
                {
                  id: ref,
                  kind: 'product',
                  entityRef: ref,
                  title: 'Orders',
                  depth: 0,
                },
                {
                  id: 'component:default/order-service',
                  kind: 'source',
                  entityRef: 'component:default/order-service',
                  title: 'order-service',
                  depth: -1,
                },
              ],
              edges: [
                {
                  source: 'component:default/order-service',
                  target: ref,
                  origin:
                    options.direction === 'upstream' ? 'declared' : 'observed',
                  origins: [
                    options.direction === 'upstream' ? 'declared' : 'observed',
                  ],
                },
              ],
            }
          : customer360Lineage,
    });
    await render(api);
    fireEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Expand Orders (load more lineage)' },
        { timeout: 3000 },
      ),
    );
    await graphNode(/^order-service \(source\)/);
    expect(api.calls).toContainEqual({
      method: 'getLineage',
      args: ['dataproduct:default/orders', { depth: 1, direction: 'upstream' }],
    });
  });

  it('shows at most 50 of 300 nodes, says the graph is partial, and expands on request', async () => {
    const graph = syntheticLineage(300, 600);
    const root = dataProductEntity({ name: 'root' });
    await render(new FakeDataMeshApi({ lineage: () => graph }), root);
    expect(
      await screen.findByText(/^Showing 50 of 300 nodes; expand a node/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Partial lineage/)).toBeInTheDocument();
    await graphNode(/^Root \(data product\)/);
    expect(document.querySelectorAll('[data-node-id]')).toHaveLength(50);

    const badge = screen.getAllByRole('button', {
      name: /^Expand .* \(\d+ more\)$/,
    })[0];
    const more = Number(
      /\((\d+) more\)/.exec(badge.getAttribute('aria-label')!)![1],
    );
    fireEvent.click(badge);
    await waitFor(() =>
      expect(document.querySelectorAll('[data-node-id]')).toHaveLength(
        50 + more,
      ),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Show all 300 nodes' }));
    await waitFor(() =>
      expect(document.querySelectorAll('[data-node-id]')).toHaveLength(300),
    );
    expect(screen.getByText(/^Showing 300 of 300 nodes/)).toBeInTheDocument();
  });

  it('draws edges only a job definition shows (static) apart from declared and observed, in the legend', async () => {
    const FX = 'ol-dataset:postgres://warehouse:5432/analytics.public.fx_rates';
    const graph: LineageGraphResponse = {
      ...customer360Lineage,
      nodes: [
        ...customer360Lineage.nodes,
        {
          id: FX,
          kind: 'dataset',
          namespace: 'postgres://warehouse:5432',
          name: 'analytics.public.fx_rates',
          depth: -1,
        },
      ],
      edges: [
        ...customer360Lineage.edges,
        { source: FX, target: REF, origin: 'static', origins: ['static'] },
      ],
    };
    await render(new FakeDataMeshApi({ lineage: () => graph }));
    await graphNode(/^Orders/);
    const edge = document.querySelector(`path[data-edge^="${FX}->"]`);
    expect(edge?.getAttribute('data-edge-style')).toBe('static');
    const dashes = new Set(
      [...document.querySelectorAll('path[data-edge-style]')].map(
        p =>
          `${p.getAttribute('data-edge-style')} ${p.getAttribute(
            'stroke-dasharray',
          )} ${p.getAttribute('stroke')}`,
      ),
    );
    // Each style is drawn its own way: no two styles share dash and colour.
    const looks = [...dashes].map(d => d.split(' ').slice(1).join(' '));
    expect(new Set(looks).size).toBe(looks.length);
    expect(edge?.getAttribute('stroke-dasharray')).toBe('10 3 2 3');
    const legend = screen.getByRole('list', { name: 'Edge legend' });
    expect(
      within(legend).getByText('static (job definition only)'),
    ).toBeInTheDocument();
  });

  describe('the column view', () => {
    const columns: ProductColumnLineageResponse = {
      ports: [
        {
          port: 'profiles',
          dataset: { namespace: 's3a://shopco-lake', name: 'customer/c360' },
          observedAt: '2026-11-21T09:00:00.000Z',
          columns: [
            {
              name: 'customer_id',
              inputs: [
                {
                  namespace: 's3a://shopco-lake',
                  name: 'crm/accounts',
                  field: 'id',
                  transformations: [
                    { type: 'DIRECT', subtype: 'IDENTITY', masking: false },
                  ],
                },
              ],
            },
            {
              name: 'email_hash',
              inputs: [
                {
                  namespace: 's3a://shopco-lake',
                  name: 'crm/accounts',
                  field: 'email',
                  transformations: [
                    {
                      type: 'DIRECT',
                      subtype: 'TRANSFORMATION',
                      description: 'sha256(email)',
                      masking: true,
                    },
                  ],
                },
                {
                  namespace: 's3a://shopco-lake',
                  name: 'crm/consents',
                  field: 'opt_in',
                  transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
                },
              ],
            },
          ],
        },
        {
          port: 'updates',
          dataset: { namespace: 'kafka://broker:9092', name: 'customer.c360' },
          columns: [],
        },
      ],
    };

    const openColumns = async (api: FakeDataMeshApi) => {
      await render(api);
      await userEvent.click(
        await screen.findByRole('tab', { name: 'Columns' }),
      );
    };

    it('lists each output column with its input columns and the transformation', async () => {
      const api = new FakeDataMeshApi({
        lineage: () => customer360Lineage,
        columns: { [REF]: columns },
      });
      await render(api);
      // Nothing is asked for before the view is opened.
      await graphNode(/^Orders/);
      expect(api.calls.map(c => c.method)).not.toContain('getColumnLineage');
      await userEvent.click(screen.getByRole('tab', { name: 'Columns' }));

      const table = await screen.findByRole('table', {
        name: 'Output port profiles: s3a://shopco-lake/customer/c360',
      });
      expect(api.calls).toContainEqual({
        method: 'getColumnLineage',
        args: [REF],
      });
      const rows = within(table).getAllByRole('row').slice(1);
      expect(
        rows.map(r =>
          within(r)
            .getAllByRole('cell')
            .map(c => c.textContent),
        ),
      ).toEqual([
        ['customer_id', 'accounts.id', 'DIRECT / IDENTITY'],
        [
          'email_hash',
          'accounts.emailconsents.opt_in',
          'DIRECT / TRANSFORMATION: sha256(email)maskedINDIRECT / FILTER',
        ],
      ]);
      expect(
        within(rows[1]).getByTitle('s3a://shopco-lake/crm/consents'),
      ).toBeInTheDocument();
      // The depth and direction only apply to the graph.
      expect(screen.queryByLabelText('Depth')).toBeNull();
      expect(
        screen.getByText(/^No column lineage reported for this port yet/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Output port updates: kafka://broker:9092/customer.c360',
        ),
      ).toBeInTheDocument();

      await userEvent.click(screen.getByRole('tab', { name: 'Graph' }));
      expect(await screen.findByLabelText('Depth')).toBeInTheDocument();
    });

    it('shows the backend error', async () => {
      await openColumns(
        new FakeDataMeshApi({
          lineage: () => customer360Lineage,
          columns: { [REF]: new Error('column lineage unavailable') },
        }),
      );
      expect(
        (await screen.findAllByText(/column lineage unavailable/)).length,
      ).toBeGreaterThan(0);
    });

    it('stays quick with many columns: the first 100, a filter, and all on request', async () => {
      const many: ProductColumnLineageResponse = {
        ports: [
          {
            port: 'wide',
            dataset: { namespace: 's3a://lake', name: 'wide/table' },
            columns: Array.from({ length: 600 }, (_, i) => ({
              name: `col_${String(i).padStart(4, '0')}`,
              inputs: [
                {
                  namespace: 's3a://lake',
                  name: 'raw/source',
                  field: `src_${i}`,
                  transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
                },
              ],
            })),
          },
        ],
      };
      await openColumns(
        new FakeDataMeshApi({
          lineage: () => customer360Lineage,
          columns: { [REF]: many },
        }),
      );
      await screen.findByText('Showing 100 of 600 columns.');
      expect(document.querySelectorAll('tr[data-column]')).toHaveLength(100);

      fireEvent.change(screen.getByLabelText('Filter columns'), {
        target: { value: 'src_599' },
      });
      await waitFor(() =>
        expect(
          [...document.querySelectorAll('tr[data-column]')].map(r =>
            r.getAttribute('data-column'),
          ),
        ).toEqual(['col_0599']),
      );
      fireEvent.change(screen.getByLabelText('Filter columns'), {
        target: { value: 'no such column' },
      });
      expect(
        await screen.findByText('No column matches “no such column”.'),
      ).toBeInTheDocument();

      fireEvent.change(screen.getByLabelText('Filter columns'), {
        target: { value: '' },
      });
      fireEvent.click(
        await screen.findByRole('button', { name: 'Show all 600 columns' }),
      );
      await waitFor(() =>
        expect(document.querySelectorAll('tr[data-column]')).toHaveLength(600),
      );
    });

    it('says when a product has no output ports', async () => {
      await openColumns(
        new FakeDataMeshApi({
          lineage: () => customer360Lineage,
          columns: { [REF]: { ports: [] } },
        }),
      );
      expect(
        await screen.findByText('No output ports to show column lineage for.'),
      ).toBeInTheDocument();
    });
  });
});
