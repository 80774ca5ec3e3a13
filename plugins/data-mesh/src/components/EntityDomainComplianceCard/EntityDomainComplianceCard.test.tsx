import type { DomainComplianceSummary } from '@meshwork/plugin-data-mesh-common';
import { screen, within } from '@testing-library/react';
import { dataMeshApiRef } from '../../api/DataMeshApi';
import { FakeDataMeshApi } from '../../__testUtils__/FakeDataMeshApi';
import { complianceSummary, domain } from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import { EntityDomainComplianceCard } from './EntityDomainComplianceCard';

const sales: DomainComplianceSummary = {
  ...complianceSummary(),
  domainRef: 'domain:default/sales',
  averageScore: 91.5,
  policies: [
    // retention-policy fails on one product
    ...complianceSummary().policies,
    {
      policyId: 'audit-logging',
      severity: 'recommended',
      passed: 3,
      failed: 0,
      waived: 1,
      error: 1,
    },
    {
      policyId: 'owner-assigned',
      severity: 'required',
      passed: 4,
      failed: 0,
      waived: 0,
      error: 0,
    },
  ],
};

function render(api: FakeDataMeshApi) {
  return renderForEntity(<EntityDomainComplianceCard />, {
    entity: domain('sales', { title: 'Sales' }),
    apis: [[dataMeshApiRef, api]],
  });
}

describe('EntityDomainComplianceCard', () => {
  it('shows a progress bar while loading', async () => {
    await render(new FakeDataMeshApi({ domains: 'pending' }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(new FakeDataMeshApi({ domains: new Error('rollup failed') }));
    expect(
      (await screen.findAllByText(/rollup failed/)).length,
    ).toBeGreaterThan(0);
  });

  it("shows the domain's roll-up and its failing policies", async () => {
    const api = new FakeDataMeshApi({
      domains: {
        items: [
          { ...sales, domainRef: 'domain:default/finance', products: 9 },
          sales,
        ],
      },
    });
    await render(api);
    expect(
      await screen.findByText(
        '3 of 4 products compliant (75%), average score 91.5',
      ),
    ).toBeInTheDocument();
    const figures = screen.getByLabelText('Compliance figures');
    expect(within(figures).getByText('4')).toBeInTheDocument();
    expect(within(figures).getByText('failing')).toBeInTheDocument();
    const failing = screen.getByRole('table', { name: 'Failing policies' });
    const rows = within(failing).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('retention-policy')).toBeInTheDocument();
    expect(within(rows[1]).getByText('audit-logging')).toBeInTheDocument();
    expect(within(failing).queryByText('owner-assigned')).toBeNull();
    expect(api.calls).toEqual([
      { method: 'getDomainCompliance', args: [{ includeSubdomains: true }] },
    ]);
  });

  it('says when nothing in the domain was evaluated', async () => {
    await render(new FakeDataMeshApi({ domains: { items: [] } }));
    expect(
      await screen.findByText('No evaluated products yet'),
    ).toBeInTheDocument();
  });
});
