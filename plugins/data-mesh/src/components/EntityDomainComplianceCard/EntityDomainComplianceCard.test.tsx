import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { dataMeshApiRef } from '../../api';
import type { DomainComplianceSummary } from '../../api/types';
import { FakeDataMeshApi } from '../../testUtils/FakeDataMeshApi';
import { domain } from '../../testUtils/fixtures';
import { EntityDomainComplianceCard } from './EntityDomainComplianceCard';

const sales: DomainComplianceSummary = {
  domainRef: 'domain:default/sales',
  products: 4,
  passing: 2,
  warning: 1,
  failing: 1,
  compliant: 3,
  compliantShare: 75,
  averageScore: 91.5,
  policies: [
    {
      policyId: 'retention-policy',
      severity: 'required',
      passed: 3,
      failed: 1,
      waived: 0,
      error: 0,
    },
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
  return renderInTestApp(
    <TestApiProvider apis={[[dataMeshApiRef, api]]}>
      <EntityProvider entity={domain('sales', { title: 'Sales' })}>
        <EntityDomainComplianceCard />
      </EntityProvider>
    </TestApiProvider>,
  );
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
