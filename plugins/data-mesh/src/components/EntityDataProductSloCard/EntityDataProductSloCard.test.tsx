import { discoveryApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import {
  customer360,
  customer360Slos,
  noDataSlos,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityDataProductSloCard } from './EntityDataProductSloCard';

const REF = 'dataproduct:default/customer-360';

function render(api: FakeDataMeshApi, entity = customer360) {
  return renderForEntity(<EntityDataProductSloCard />, {
    entity,
    apis: [
      [dataMeshApiRef, api],
      [
        discoveryApiRef,
        mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      ],
    ],
  });
}

describe('EntityDataProductSloCard', () => {
  it('shows a progress bar while loading', async () => {
    await render(new FakeDataMeshApi({ slos: { [REF]: 'pending' } }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'No data product x' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await render(new FakeDataMeshApi({ slos: { [REF]: error } }));
    expect(await screen.findByText(/No data product x/)).toBeInTheDocument();
  });

  it('shows each SLO with objective, current value, status, budget, burn rate and a sparkline', async () => {
    const api = new FakeDataMeshApi({ slos: { [REF]: customer360Slos } });
    await render(api);
    const table = await screen.findByRole('table', {
      name: 'Service level objectives',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);

    const freshness = rows[1];
    expect(within(freshness).getByText('freshness')).toBeInTheDocument();
    expect(within(freshness).getByText('≤ 15m')).toBeInTheDocument();
    expect(within(freshness).getByText('7m')).toBeInTheDocument();
    expect(within(freshness).getByText('met')).toBeInTheDocument();
    expect(within(freshness).getByText('82%')).toBeInTheDocument();
    expect(within(freshness).getByText('0.4×')).toBeInTheDocument();
    // The 30-day trend, drawn with Backstage's TrendLine.
    expect(
      within(freshness).getByText('freshness, last 30 days'),
    ).toBeInTheDocument();
    expect(
      within(freshness)
        .getByText('freshness, last 30 days')
        .closest('svg')!
        .querySelector('polyline, path'),
    ).not.toBeNull();

    const availability = rows[2];
    expect(within(availability).getByText('≥ 99.95%')).toBeInTheDocument();
    expect(within(availability).getByText('98.71%')).toBeInTheDocument();
    expect(within(availability).getByText('missed')).toBeInTheDocument();
    expect(within(availability).getByText('by 60%')).toBeInTheDocument();
    expect(within(availability).getByText('3.2×')).toBeInTheDocument();
    expect(
      within(availability).getByText('availability, last 30 days'),
    ).toBeInTheDocument();
    expect(api.calls).toEqual([{ method: 'getSloStatus', args: [REF] }]);
    expect(screen.queryByText('No measurements yet')).toBeNull();
  });

  it('explains how to send OpenLineage events when nothing was measured yet', async () => {
    await render(new FakeDataMeshApi({ slos: { [REF]: noDataSlos } }));
    expect(await screen.findByText('No measurements yet')).toBeInTheDocument();
    expect(screen.getByText('no data')).toBeInTheDocument();
    expect(screen.getByText('not enough data')).toBeInTheDocument();
    const card = screen.getByText('No measurements yet').parentElement!;
    // The transport configuration names the real ingest endpoint.
    expect(
      await within(card).findByText(
        /http:\/\/localhost:7007\/api\/data-mesh\/openlineage/,
      ),
    ).toBeInTheDocument();
    // Without an endpoint, so both the Python and the Java client accept it.
    expect(card.textContent).toContain('/api/data-mesh/openlineage');
    expect(card.textContent).not.toMatch(/endpoint/);
    expect(within(card).getByText('customer_360.build')).toBeInTheDocument();
    expect(within(card).getByText('shopco-customer')).toBeInTheDocument();
  });

  it('says how to declare SLOs when the product has none', async () => {
    await render(
      new FakeDataMeshApi({
        slos: { [REF]: { ...noDataSlos, slos: [] } },
      }),
    );
    expect(await screen.findByText('No SLOs declared')).toBeInTheDocument();
    expect(screen.getByText('spec.slos')).toBeInTheDocument();
  });
});
